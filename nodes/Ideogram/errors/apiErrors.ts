import { NodeApiError, type IDataObject, type IExecuteSingleFunctions, type IN8nHttpFullResponse, type INodeExecutionData, type JsonObject, type PostReceiveAction } from 'n8n-workflow';

import { advise, type RequestContext } from './advice';
import { headerValue, parseRetryAfter, readAnswer } from './answer';
import { addFacts, type RetryHint } from './facts';

/**
 * Turns an error answer into a NodeApiError a user can act on (advice.ts says what and how).
 * Errors are built from safe parts only (status, the API's own words with the key blanked out, our
 * advice), never from the HTTP library's error, which carries the request and its key.
 */

async function credentialsOf(ctx: IExecuteSingleFunctions): Promise<IDataObject> {
	return ((await ctx.getCredentials('ideogramApi').catch(() => ({}))) ?? {}) as IDataObject;
}

/** A NodeApiError built only from what is safe to show: status, the API's words, our advice. */
export async function apiError(
	this: IExecuteSingleFunctions,
	response: IN8nHttpFullResponse,
	context: RequestContext = {},
): Promise<NodeApiError> {
	const credentials = await credentialsOf(this);
	const facts = readAnswer(response, credentials.apiKey as string | undefined);
	const advice = advise(facts, credentials, context);
	const error = new NodeApiError(
		this.getNode(),
		{ status: facts.status, reason: facts.said } as JsonObject,
		{
			message: advice.message,
			description: advice.description,
			httpCode: String(facts.status),
			itemIndex: this.getItemIndex(),
			...(advice.failure ? { failure: { cause: advice.failure } } : {}),
		} as ConstructorParameters<typeof NodeApiError>[2],
	);
	if (advice.retry) {
		const retry: RetryHint = { cause: advice.retry, retryAfterMs: parseRetryAfter(headerValue(response.headers as IDataObject, 'retry-after')) };
		// v1 says no more than its 429; v2 names the reason, and other reasons are other limits.
		if (facts.status === 429 && (facts.reason === undefined || facts.reason === 'inflight_limit')) {
			retry.inflightLimit = true;
			if (facts.maxInflight) retry.maxInflight = facts.maxInflight;
		}
		addFacts(error, { retry });
	}
	return error;
}

/** First postReceive of every operation: an error answer becomes a clear error, never items. */
export async function throwOnApiError(
	this: IExecuteSingleFunctions,
	items: INodeExecutionData[],
	response: IN8nHttpFullResponse,
): Promise<INodeExecutionData[]> {
	const facts = readAnswer(response);
	if (response.statusCode >= 300 || facts.errorInsideOk) throw await apiError.call(this, response);
	return items;
}

/**
 * throwOnApiError for an operation whose path ends in a model: the advice can then name the model
 * (a 403 for a model the organization may not use). `modelOf` is the operation's own `model`.
 */
export function throwOnApiErrorFor(modelOf: (this: IExecuteSingleFunctions) => string): PostReceiveAction {
	return async function (this: IExecuteSingleFunctions, items: INodeExecutionData[], response: IN8nHttpFullResponse): Promise<INodeExecutionData[]> {
		const facts = readAnswer(response);
		if (response.statusCode < 300 && !facts.errorInsideOk) return items;
		throw await apiError.call(this, response, { model: modelNamed(this, modelOf) });
	};
}

/** The item's model, or none when it cannot be read (the error at hand matters more). */
export function modelNamed(ctx: IExecuteSingleFunctions, modelOf?: (this: IExecuteSingleFunctions) => string): string | undefined {
	try {
		return modelOf?.call(ctx);
	} catch {
		return undefined;
	}
}
