import {
	NodeApiError,
	type IDataObject,
	type IExecuteSingleFunctions,
	type IN8nHttpFullResponse,
	type INodeExecutionData,
	type JsonObject,
} from 'n8n-workflow';

/**
 * Describe's answer as one item for the input image: every description Ideogram wrote, and the
 * first as a plain `description` string for a caption, a later Set node or an AI agent. The input
 * item's files stay on the item (option "Pass Through Input Files") so a workflow can caption and
 * then post the same image.
 */
export async function toDescribeItems(
	this: IExecuteSingleFunctions,
	_items: INodeExecutionData[],
	response: IN8nHttpFullResponse,
): Promise<INodeExecutionData[]> {
	const body = response.body as { descriptions?: Array<{ text?: unknown }> } | undefined;
	const texts = Array.isArray(body?.descriptions)
		? body.descriptions.map((d) => (typeof d?.text === 'string' ? d.text.trim() : '')).filter((t) => t !== '')
		: [];
	if (!texts.length) {
		throw new NodeApiError(this.getNode(), { status: response.statusCode } as JsonObject, {
			message: 'Ideogram answered without a description',
			description: `Expected {"descriptions": [{"text": …}]}; got ${JSON.stringify(body).slice(0, 200)}. If this is a gateway, check its base URL.`,
			itemIndex: this.getItemIndex(),
		});
	}
	const item: INodeExecutionData = {
		json: { description: texts[0], descriptions: texts },
		pairedItem: { item: this.getItemIndex() },
	};
	const options = this.getNodeParameter('options', {}) as IDataObject;
	const input = this.getInputData();
	if (options.passThroughBinary !== false && input?.binary && Object.keys(input.binary).length) {
		item.binary = { ...input.binary };
	}
	return [item];
}
