import type {
	DeclarativeRestApiSettings,
	IExecutePaginationFunctions,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
	INodeExecutionData,
} from 'n8n-workflow';

import { transportKind } from '../errors/connection';
import { ssrfBlocked, type DownloadContext } from './download';
import { transportOptions } from './requestOptions';

/**
 * Every request to Ideogram leaves from here: the operation's own, the polls and looks at a job,
 * and the price quotes. The base URL and the credential's header come from n8n (the node's
 * requestDefaults and the credential's `authenticate`, description/providers.ts); the proxy and
 * TLS settings from Request Options (requestOptions.ts); downloads of images from download.ts,
 * which never sends the key.
 */

/**
 * The limits every request to Ideogram carries: the item's Timeout, and no redirect followed: the
 * API never redirects, and following one would carry the key to wherever it points.
 */
export function guardRequest(options: { timeout?: number; disableFollowRedirect?: boolean; sendCredentialsOnCrossOriginRedirect?: boolean }, timeoutMs: number): void {
	options.timeout = timeoutMs;
	options.disableFollowRedirect = true;
	options.sendCredentialsOnCrossOriginRedirect = false;
}

/**
 * A request through n8n's routing, with the node's base URL and credential, shaped into items by
 * the request's postReceive actions (the operation's, or a job look's own).
 */
export async function routedRequest(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	return await this.makeRoutingRequest(requestData);
}

/** The request that reads a job, made from the item's own (base URL, credential, request options). */
export function jobRequest(requestData: DeclarativeRestApiSettings.ResultOptions, generationId: string): DeclarativeRestApiSettings.ResultOptions {
	return {
		...requestData,
		options: {
			...requestData.options,
			method: 'GET',
			url: `/v2/generations/${encodeURIComponent(generationId)}`,
			body: undefined,
			qs: {},
			json: true,
		},
	};
}

/**
 * The item's request priced instead of run: the same options (base URL, body, Request Options)
 * with `dry_run=true`, answered in full (status, headers) and never thrown on a status.
 */
export function quoteRequestOptions(base: IHttpRequestOptions, timeoutMs: number): IHttpRequestOptions {
	const options = {
		...base,
		url: String(base.url),
		headers: { ...(base.headers ?? {}) },
		qs: { ...(base.qs ?? {}), dry_run: true },
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
	} as IHttpRequestOptions;
	guardRequest(options, timeoutMs);
	return options;
}

/** A request outside the routing (the quotes), with the credential's authentication. */
export async function authenticatedRequest(this: IExecuteSingleFunctions, options: IHttpRequestOptions): Promise<IN8nHttpFullResponse> {
	return (await this.helpers.httpRequestWithAuthentication.call(this, 'ideogramApi', options)) as IN8nHttpFullResponse;
}

/**
 * Ideogram's webhook signing keys (a JWKS, webhooks/keys.ts caches it). The endpoint is public, so
 * the credential is not sent: the API key goes to API calls only. No redirect is followed, as for
 * every request here, and Request Options' proxy applies. Rejects with an Error saying, without
 * the key or any answer body, why there are no keys.
 */
export async function fetchSigningKeys(ctx: DownloadContext, url: string, timeoutMs: number): Promise<unknown> {
	let response: { statusCode: number; body: unknown } | undefined;
	let failure: unknown;
	try {
		response = (await ctx.helpers.httpRequest({
			...transportOptions(ctx),
			method: 'GET',
			url,
			json: true,
			headers: { Accept: 'application/json' },
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: timeoutMs,
			disableFollowRedirect: true,
		})) as { statusCode: number; body: unknown };
	} catch (error) {
		// Kept, not thrown from here: n8n's error carries the request; only its kind is told.
		failure = error;
	}
	if (!response) {
		const blocked = ssrfBlocked(failure);
		throw new Error(`${url} could not be reached (${blocked ? `n8n's SSRF protection blocked it: ${blocked.why}` : transportKind(failure)})`);
	}
	if (response.statusCode !== 200) throw new Error(`${url} answered HTTP ${response.statusCode}`);
	if (typeof response.body !== 'string') return response.body;
	let parsed: unknown;
	try {
		parsed = JSON.parse(response.body);
	} catch {
		parsed = undefined;
	}
	if (parsed === undefined) throw new Error(`${url} answered something other than JSON`);
	return parsed;
}
