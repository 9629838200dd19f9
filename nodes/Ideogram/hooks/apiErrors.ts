import {
	NodeApiError,
	type IDataObject,
	type IExecuteSingleFunctions,
	type IN8nHttpFullResponse,
	type INodeExecutionData,
	type JsonObject,
} from 'n8n-workflow';

import { HEADER_STYLE_LABELS, resolveConnection } from '../shared/connection';

/**
 * Resellers answer errors in their own envelope ({code, message, data}), sometimes with HTTP 200.
 * The status that counts is the envelope's code when it carries an error.
 */
export function effectiveStatus(response: IN8nHttpFullResponse): number {
	const body = response.body as IDataObject | undefined;
	const code = body && typeof body === 'object' ? Number(body.code) : NaN;
	if (response.statusCode < 400 && code >= 400 && code < 600 && !Array.isArray(body?.data)) return code;
	return response.statusCode;
}

/** The API's own words, as short text, whatever shape the body has. */
export function apiMessage(body: unknown): string {
	if (body === undefined || body === null || body === '') return '';
	if (Buffer.isBuffer(body)) body = body.toString('utf8');
	if (typeof body === 'string') {
		if (/<html|<!doctype/i.test(body)) return '(the server answered with an HTML page, not JSON)';
		return body.slice(0, 300);
	}
	const b = body as IDataObject;
	const nested = b.error && typeof b.error === 'object' ? (b.error as IDataObject).message : undefined;
	const text = nested ?? b.error ?? b.detail ?? b.message ?? b.msg;
	if (typeof text === 'string') return text.slice(0, 300);
	if (text !== undefined) return JSON.stringify(text).slice(0, 300);
	return JSON.stringify(b).slice(0, 300);
}

export function redact(text: string, secret: string | undefined): string {
	return secret && secret.length >= 4 ? text.split(secret).join('***') : text;
}

interface Advice {
	message: string;
	description: string;
}

function advice(status: number, said: string, credentials: IDataObject, path: string): Advice {
	const { baseUrl, headerStyle } = resolveConnection(credentials);
	const saidPart = said ? ` Ideogram said: ${said}` : '';
	switch (true) {
		case status === 400:
			return {
				message: `Ideogram rejected the request as invalid (HTTP 400)`,
				description: `Check the fields the message names and change them.${saidPart}`,
			};
		case status === 401 || status === 403: {
			const official = /(^|\.)ideogram\.ai$/.test(hostOf(baseUrl));
			const hint = official
				? headerStyle === 'apiKey'
					? 'Check the key (Ideogram: Settings → API); keys are shown once and can be revoked.'
					: 'The official API expects the Api-Key header: pick Provider "Ideogram (Official API)".'
				: headerStyle === 'apiKey'
					? 'Gateways usually expect Authorization: Bearer; pick the provider you bought the key from, or Custom with the right header style.'
					: 'Check the key, and that Provider matches the service the key came from.';
			return {
				message: `The API key was rejected (HTTP ${status})`,
				description: `This credential sends \`${HEADER_STYLE_LABELS[headerStyle]}\` to ${baseUrl}. ${hint}${saidPart}`,
			};
		}
		case status === 402:
			return {
				message: 'Insufficient Ideogram credits (HTTP 402); not retried',
				description: `Top up the balance or raise the plan limit with your provider (Ideogram: Settings → API → Billing), then run again.${saidPart}`,
			};
		case status === 404:
			return {
				message: `No such endpoint at this provider (HTTP 404): ${path}`,
				description: `Check the credential's base URL (${baseUrl}). Gateways need their path prefix, such as /ideogram; some do not offer every endpoint.${saidPart}`,
			};
		case status === 413:
			return {
				message: 'An uploaded file is too large (HTTP 413)',
				description: `Ideogram takes images up to 10 MB (reference images: 10 MB in total). Resize or compress the file first.${saidPart}`,
			};
		case status === 422:
			return {
				message: 'Ideogram rejected the prompt or image on safety grounds (HTTP 422); it was not billed',
				description: `Reword the prompt or use another image.${saidPart}`,
			};
		case status === 429:
			return {
				message: 'Too many Ideogram requests in flight (HTTP 429)',
				description: `Ideogram allows about 10 images in flight per organization. Lower "Max Images in Flight", or add retries.${saidPart}`,
			};
		case status >= 500:
			return {
				message: `The Ideogram service failed (HTTP ${status})`,
				description: `This is usually temporary; run the item again later.${saidPart}`,
			};
		default:
			return { message: `Ideogram answered HTTP ${status}`, description: said || 'No further detail was given.' };
	}
}

function hostOf(url: string): string {
	try {
		return new URL(url).hostname;
	} catch {
		return '';
	}
}

/** A NodeApiError built only from what is safe to show: status, the API's words, our advice. */
export async function apiError(
	this: IExecuteSingleFunctions,
	status: number,
	body: unknown,
	headers: IDataObject = {},
): Promise<NodeApiError> {
	const credentials = ((await this.getCredentials('ideogramApi').catch(() => ({}))) ?? {}) as IDataObject;
	const key = credentials.apiKey as string | undefined;
	const path = String(this.getNodeParameter('operation', ''));
	const { message, description } = advice(status, redact(apiMessage(body), key), credentials, path);
	const retryAfter = Number(headers['retry-after']);
	const error = new NodeApiError(
		this.getNode(),
		{ status, reason: redact(apiMessage(body), key) } as JsonObject,
		{ message, description, httpCode: String(status), itemIndex: this.getItemIndex() },
	);
	if (Number.isFinite(retryAfter)) error.context.retryAfterSeconds = retryAfter;
	return error;
}

/** First postReceive of every operation: an error answer becomes a clear error, never items. */
export async function throwOnApiError(
	this: IExecuteSingleFunctions,
	items: INodeExecutionData[],
	response: IN8nHttpFullResponse,
): Promise<INodeExecutionData[]> {
	const status = effectiveStatus(response);
	if (status >= 400) throw await apiError.call(this, status, response.body, response.headers);
	return items;
}
