import {
	NodeApiError,
	type IDataObject,
	type IExecuteSingleFunctions,
	type IN8nHttpFullResponse,
	type INodeExecutionData,
	type JsonObject,
} from 'n8n-workflow';

interface ImageObject {
	url?: string | null;
	prompt?: string;
	resolution?: string;
	upscaled_resolution?: string;
	is_image_safe?: boolean;
	seed?: number;
	style_type?: string | null;
}

/** One output item per image, with Ideogram's metadata; files are attached later (downloadImages). */
export async function toImageItems(
	this: IExecuteSingleFunctions,
	_items: INodeExecutionData[],
	response: IN8nHttpFullResponse,
): Promise<INodeExecutionData[]> {
	// v1 answers {created, data}; v2 answers {generation_id, seed, data} and has no style_type.
	const body = response.body as { created?: string; generation_id?: string; data?: ImageObject[] };
	const v2 = typeof body?.generation_id === 'string';
	if (!body || !Array.isArray(body.data)) {
		throw new NodeApiError(this.getNode(), { status: response.statusCode } as JsonObject, {
			message: 'Ideogram answered without a list of images',
			description: `Expected {"data": [ … ]} with the images; got ${JSON.stringify(body).slice(0, 200)}. If this is a gateway, check its base URL.`,
			itemIndex: this.getItemIndex(),
		});
	}
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
		if (image.is_image_safe === false || !image.url) {
			json.warning = 'Ideogram withheld this image as unsafe, so there is no file. Completed generations are billed.';
		}
		return { json, pairedItem: { item: this.getItemIndex() } };
	});
}
