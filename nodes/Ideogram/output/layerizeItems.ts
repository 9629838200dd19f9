import { NodeApiError, type IDataObject, type IExecuteSingleFunctions, type IN8nHttpFullResponse, type INodeExecutionData, type JsonObject } from 'n8n-workflow';

import { jobStatusItems } from './jobStatusItems';

interface LayerizeTextResponse {
	base_image_url?: string;
	original_image_url?: string | null;
	seed?: number;
	text_blocks?: IDataObject[];
}

/**
 * Layerize Text answers with one text-free base image and the text blocks found on it: one item,
 * `url` set to the base image so downloadImages attaches it as the file, the blocks in the json.
 */
export async function toLayerizeItems(
	this: IExecuteSingleFunctions,
	_items: INodeExecutionData[],
	response: IN8nHttpFullResponse,
): Promise<INodeExecutionData[]> {
	const body = response.body as LayerizeTextResponse;
	if (!body || typeof body.base_image_url !== 'string' || !body.base_image_url) {
		throw new NodeApiError(this.getNode(), { status: response.statusCode } as JsonObject, {
			message: 'Ideogram answered without a base image',
			description: `Expected {"base_image_url": …, "text_blocks": [ … ]}; got ${JSON.stringify(body).slice(0, 200)}. If this is a gateway, check its base URL.`,
			itemIndex: this.getItemIndex(),
		});
	}
	const json: IDataObject = {
		url: body.base_image_url,
		original_image_url: body.original_image_url ?? null,
		seed: body.seed,
		text_blocks: Array.isArray(body.text_blocks) ? body.text_blocks : [],
		index: 0,
	};
	return [{ json, pairedItem: { item: this.getItemIndex() } }];
}

interface LayerizedDesign {
	object_type?: string;
	url?: string | null;
	base_image_url?: string | null;
	is_image_safe?: boolean;
	resolution?: string;
	seed?: number;
	text_blocks?: IDataObject[];
}

/**
 * v2 Layerize (design/layerize) answers {generation_id, seed, data: [design]}: one item per design,
 * as 3.0's Layerize Text gives one. The file downloaded is the base image without the text (`url`);
 * the design with its text is kept as a link (`design_url`).
 */
export async function toLayerizedDesignItems(
	this: IExecuteSingleFunctions,
	_items: INodeExecutionData[],
	response: IN8nHttpFullResponse,
): Promise<INodeExecutionData[]> {
	const body = response.body as { generation_id?: string; data?: LayerizedDesign[] };
	// A job without its design yet (just accepted, pending, or failed).
	if (typeof body?.generation_id === 'string' && !Array.isArray(body.data)) return jobStatusItems(this, body as IDataObject);
	if (!body || !Array.isArray(body.data)) {
		throw new NodeApiError(this.getNode(), { status: response.statusCode } as JsonObject, {
			message: 'Ideogram answered without a layerized design',
			description: `Expected {"data": [{"base_image_url": …, "text_blocks": [ … ]}]}; got ${JSON.stringify(body).slice(0, 200)}.`,
			itemIndex: this.getItemIndex(),
		});
	}
	return body.data.map((design, index) => {
		const json: IDataObject = {
			url: design.base_image_url || null,
			design_url: design.url || null,
			resolution: design.resolution,
			seed: design.seed,
			generation_id: body.generation_id,
			text_blocks: Array.isArray(design.text_blocks) ? design.text_blocks : [],
			is_image_safe: design.is_image_safe !== false,
			index,
		};
		if (design.is_image_safe === false || !design.base_image_url) {
			json.warning = 'Ideogram withheld this design as unsafe, so there is no file. Completed generations are billed.';
		}
		return { json, pairedItem: { item: this.getItemIndex() } };
	});
}
