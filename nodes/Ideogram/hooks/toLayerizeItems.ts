import {
	NodeApiError,
	type IDataObject,
	type IExecuteSingleFunctions,
	type IN8nHttpFullResponse,
	type INodeExecutionData,
	type JsonObject,
} from 'n8n-workflow';

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
