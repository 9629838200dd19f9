import { NodeApiError, type IDataObject, type IExecuteSingleFunctions, type IN8nHttpFullResponse, type INodeExecutionData, type JsonObject } from 'n8n-workflow';

import { addFacts } from '../errors/facts';

/** Gives an error the job's id, so the error item carries it. */
export const withJob = <E extends Error>(error: E, generationId: string): E => addFacts(error, { generationId });

/** A job answer without images: a failed job is the item's error; otherwise one pending item. */
export function jobStatusItems(ctx: IExecuteSingleFunctions, body: IDataObject): INodeExecutionData[] {
	const generationId = String(body.generation_id);
	if (body.status === 'failed') {
		const reason = typeof body.failure_reason === 'string' ? body.failure_reason : 'no reason given';
		const failed = withJob(
			new NodeApiError(ctx.getNode(), { generation_id: generationId } as JsonObject, {
				message: `Ideogram could not complete the generation (${reason})`,
				description: `Generation ${generationId} failed at Ideogram; failed generations are not billed. ${reason === 'content_policy_violation' ? 'Change the prompt or input images: the same request fails again.' : 'Run the item again later.'}`,
				itemIndex: ctx.getItemIndex(),
			}),
			generationId,
		);
		// Ideogram bills completed generations only.
		throw addFacts(failed, { notBilled: true });
	}
	const json: IDataObject = { generation_id: generationId, status: String(body.status ?? 'pending') };
	if (typeof body.seed === 'number') json.seed = body.seed;
	if (typeof body.created === 'string') json.created = body.created;
	return [{ json, pairedItem: { item: ctx.getItemIndex() } }];
}

/**
 * The answer of an operation that runs only as a job: the job's status until it is done
 * (jobStatusItems), then its finished results as `shape` makes them items; `what` names them in
 * the error for an answer that is neither ("a list of videos").
 */
export function jobResults(what: string, shape: (ctx: IExecuteSingleFunctions, body: IDataObject) => INodeExecutionData[]) {
	return async function (this: IExecuteSingleFunctions, _items: INodeExecutionData[], response: IN8nHttpFullResponse): Promise<INodeExecutionData[]> {
		const body = response.body as IDataObject | undefined;
		// Just accepted ({created, generation_id}), pending, or failed.
		if (typeof body?.generation_id === 'string' && !Array.isArray(body.data)) return jobStatusItems(this, body);
		if (!body || !Array.isArray(body.data)) {
			throw new NodeApiError(this.getNode(), { status: response.statusCode } as JsonObject, {
				message: `Ideogram answered without a generation ID or ${what}`,
				description: `Expected {"generation_id": …} or {"data": [ … ]}; got ${JSON.stringify(body).slice(0, 200)}.`,
				itemIndex: this.getItemIndex(),
			});
		}
		return shape(this, body);
	};
}
