import { NodeApiError, type IDataObject, type IExecuteSingleFunctions, type IN8nHttpFullResponse, type INodeExecutionData, type JsonObject } from 'n8n-workflow';

import { itemOptions } from '../description/options';

/**
 * Describe's answer as one item for the input image: every description Ideogram wrote, and the
 * first as a plain `description` string for a caption, a later Set node or an AI agent. The input
 * item's files stay on the item (option "Pass Through Input Files") so a workflow can caption and
 * then post the same image. Ideogram 4 on v2 answers with a JSON prompt instead (see below).
 */
export async function toDescribeItems(
	this: IExecuteSingleFunctions,
	_items: INodeExecutionData[],
	response: IN8nHttpFullResponse,
): Promise<INodeExecutionData[]> {
	const body = response.body as
		| { descriptions?: Array<{ text?: unknown }>; json_prompt?: unknown; description_id?: string; created?: string }
		| undefined;
	// v2 names each description; the id and time are kept for tracing it at Ideogram.
	const v2 = typeof body?.description_id === 'string' ? { description_id: body.description_id, created: body.created } : {};
	if (body?.json_prompt && typeof body.json_prompt === 'object') {
		// describe/ideogram-4: a JSON prompt. `prompt` is the same object as a string, which is what
		// v2 Generate's Prompt takes to generate the described image again.
		const jsonPrompt = body.json_prompt as IDataObject;
		const summary = typeof jsonPrompt.high_level_description === 'string' ? jsonPrompt.high_level_description : undefined;
		return [withInputFiles(this, { description: summary, json_prompt: jsonPrompt, prompt: JSON.stringify(jsonPrompt), ...v2 })];
	}
	const texts = Array.isArray(body?.descriptions)
		? body.descriptions.map((d) => (typeof d?.text === 'string' ? d.text.trim() : '')).filter((t) => t !== '')
		: [];
	if (!texts.length) {
		throw new NodeApiError(this.getNode(), { status: response.statusCode } as JsonObject, {
			message: 'Ideogram answered without a description',
			description: `Expected {"descriptions": [{"text": …}]} or {"json_prompt": {…}}; got ${JSON.stringify(body).slice(0, 200)}. If this is a gateway, check its base URL.`,
			itemIndex: this.getItemIndex(),
		});
	}
	return [withInputFiles(this, { description: texts[0], descriptions: texts, ...v2 })];
}

function withInputFiles(ctx: IExecuteSingleFunctions, json: IDataObject): INodeExecutionData {
	const item: INodeExecutionData = { json, pairedItem: { item: ctx.getItemIndex() } };
	const options = itemOptions(ctx);
	const input = ctx.getInputData();
	if (options.passThroughBinary !== false && input?.binary && Object.keys(input.binary).length) {
		item.binary = { ...input.binary };
	}
	return item;
}
