import { NodeApiError, type IDataObject, type IExecuteSingleFunctions, type IN8nHttpFullResponse, type INodeExecutionData, type JsonObject } from 'n8n-workflow';

import { headerValue } from '../errors/answer';
import { jobStatusItems } from './jobStatusItems';
import { toLayerizedDesignItems } from './layerizeItems';
import { SVG_OBJECT, svgItemsOf } from './svgItems';
import { VIDEO_OBJECT, videoItemsOf } from './videoItems';

interface ImageObject {
	url?: string | null;
	prompt?: string;
	resolution?: string;
	upscaled_resolution?: string;
	is_image_safe?: boolean;
	seed?: number;
	style_type?: string | null;
}

/**
 * What Ideogram says about the endpoint's future: `Deprecation: @<unix time>` on a deprecated one,
 * `Link: <…>; rel="successor-version"` and a `notice` field on an older one. Shown on each item so
 * users learn of it from their own runs; undefined when the answer says nothing.
 */
export function apiNotice(response: IN8nHttpFullResponse): IDataObject | undefined {
	const headers = response.headers as IDataObject | undefined;
	const notice: IDataObject = {};
	const deprecation = headerValue(headers, 'deprecation');
	const since = deprecation && /^@(\d+)$/.exec(deprecation.trim());
	if (deprecation) notice.deprecated_since = since ? new Date(Number(since[1]) * 1000).toISOString() : deprecation;
	const successor = /<([^>]+)>\s*;[^,]*rel="?successor-version"?/i.exec(headerValue(headers, 'link') ?? '');
	if (successor) notice.successor = successor[1];
	const text = (response.body as IDataObject | undefined)?.notice;
	if (typeof text === 'string' && text) notice.notice = text;
	return Object.keys(notice).length ? notice : undefined;
}

/** One output item per image, with Ideogram's metadata; files are attached later (downloadImages). */
export async function toImageItems(
	this: IExecuteSingleFunctions,
	_items: INodeExecutionData[],
	response: IN8nHttpFullResponse,
): Promise<INodeExecutionData[]> {
	// v1 answers {created, data}; v2 answers {generation_id, seed, data} and has no style_type.
	const body = response.body as { created?: string; generation_id?: string; data?: ImageObject[]; usage_cost_usd_micros?: number };
	const v2 = typeof body?.generation_id === 'string';
	// A v2 job without its images yet (just accepted, pending, or failed).
	if (v2 && !Array.isArray(body.data)) return jobStatusItems(this, body as IDataObject);
	if (!body || !Array.isArray(body.data)) {
		throw new NodeApiError(this.getNode(), { status: response.statusCode } as JsonObject, {
			message: 'Ideogram answered without a list of images',
			description: `Expected {"data": [ … ]} with the images; got ${JSON.stringify(body).slice(0, 200)}. If this is a gateway, check its base URL.`,
			itemIndex: this.getItemIndex(),
		});
	}
	// Get Generation of a Vectorize job: its entries are SVGs.
	if (body.data.some((entry) => (entry as { object_type?: string }).object_type === SVG_OBJECT)) return svgItemsOf(this, body as IDataObject);
	// Get Generation of a video job: its entries are videos, shaped as the video operations shape them.
	if (body.data.some((entry) => (entry as { object_type?: string }).object_type === VIDEO_OBJECT)) {
		return videoItemsOf(this, body as IDataObject);
	}
	// Get Generation of a Layerize job: its entries are layerized designs, shaped as Layerize shapes them.
	if (body.data.some((entry) => (entry as { object_type?: string }).object_type === 'layerized_image')) {
		return await toLayerizedDesignItems.call(this, _items, response);
	}
	const notice = apiNotice(response);
	return body.data.map((image, index) => {
		const json: IDataObject = {
			url: image.url || null,
			prompt: image.prompt,
			resolution: image.resolution,
			seed: image.seed,
			...(v2 ? { generation_id: body.generation_id } : { style_type: image.style_type ?? null }),
			is_image_safe: image.is_image_safe !== false,
			...(v2 ? {} : { created: body.created }),
			index,
		};
		if (image.upscaled_resolution) json.upscaled_resolution = image.upscaled_resolution;
		// What the whole job cost, when Ideogram prices it by usage (the same on each of its images).
		if (typeof body.usage_cost_usd_micros === 'number') json.usage_cost_usd_micros = body.usage_cost_usd_micros;
		if (notice) json.api_notice = notice;
		if (image.is_image_safe === false || !image.url) {
			json.warning = 'Ideogram withheld this image as unsafe, so there is no file. Completed generations are billed.';
		}
		return { json, pairedItem: { item: this.getItemIndex() } };
	});
}
