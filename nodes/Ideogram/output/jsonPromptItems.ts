import { NodeApiError, type IDataObject, type IExecuteSingleFunctions, type IN8nHttpFullResponse, type INodeExecutionData, type JsonObject } from 'n8n-workflow';

import { itemOptions } from '../description/options';

/**
 * The answer of Describe and Magic Prompt (Ideogram 4) as one item: `json_prompt` (and Magic
 * Prompt's `aspect_ratio`) at the top level, so Generate's JSON Prompt takes it as
 * {{ $json.json_prompt }}. Describe keeps the input item's files (`keepInputFiles`, unless its option
 * "Pass Through Input Files" is off); Magic Prompt has none to keep.
 */
export const toJsonPromptItems = (keepInputFiles: boolean) =>
	async function (this: IExecuteSingleFunctions, _items: INodeExecutionData[], response: IN8nHttpFullResponse): Promise<INodeExecutionData[]> {
		const body = response.body as { json_prompt?: unknown; aspect_ratio?: unknown } | undefined;
		const prompt = body?.json_prompt;
		if (!prompt || typeof prompt !== 'object' || Array.isArray(prompt)) {
			throw new NodeApiError(this.getNode(), { status: response.statusCode } as JsonObject, {
				message: 'Ideogram answered without a JSON prompt',
				description: `Expected {"json_prompt": {…}}; got ${JSON.stringify(body).slice(0, 200)}. If this is a gateway, check its base URL.`,
				itemIndex: this.getItemIndex(),
			});
		}
		const json: IDataObject = { json_prompt: prompt as IDataObject };
		if (typeof body?.aspect_ratio === 'string') json.aspect_ratio = body.aspect_ratio;
		const item: INodeExecutionData = { json, pairedItem: { item: this.getItemIndex() } };
		const options = itemOptions(this);
		const input = this.getInputData();
		if (keepInputFiles && options.passThroughBinary !== false && input?.binary && Object.keys(input.binary).length) {
			item.binary = { ...input.binary };
		}
		return [item];
	};
