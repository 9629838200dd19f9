import { NodeApiError, NodeOperationError, type IDataObject, type IExecuteSingleFunctions, type JsonObject } from 'n8n-workflow';

import { resolveConnection } from '../description/providers';
import type { Advice } from './advice';
import { addFacts, redact, retryHintOf, shorten } from './facts';

/**
 * Errors that never got an answer (timeout, reset, refused, DNS, TLS, cancelled), read from the
 * HTTP client's error and rebuilt as a clean NodeApiError: the original is dropped, since n8n's
 * HTTP helper puts the request config, headers and key included, in its cause.
 */

const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'EAI_AGAIN']);

/** Walks an error's cause chain (and axios's fields) for its code, message and whether a response came. */
function transportFacts(error: unknown): { code?: string; messages: string[]; responded: boolean } {
	const messages: string[] = [];
	let code: string | undefined;
	let responded = false;
	const seen = new Set<unknown>();
	let level: unknown = error;
	while (level && typeof level === 'object' && !seen.has(level) && seen.size < 8) {
		seen.add(level);
		const e = level as { code?: unknown; message?: unknown; response?: unknown; cause?: unknown; name?: unknown };
		if (typeof e.code === 'string' && !code && /^[A-Z_]+$/.test(e.code)) code = e.code;
		if (typeof e.message === 'string') messages.push(e.message);
		if (e.name === 'AbortError' || e.name === 'CanceledError') code ??= 'ERR_CANCELED';
		if (e.response && typeof e.response === 'object' && 'status' in e.response) responded = true;
		level = e.cause;
	}
	return { code, messages, responded };
}

export type TransportKind = 'timeout' | 'reset' | 'cancelled' | 'refused' | 'dns' | 'tls' | 'other';

export function transportKind(error: unknown): TransportKind {
	const { code, messages } = transportFacts(error);
	const text = messages.join(' | ');
	if (code === 'ERR_CANCELED' || /\bcancel(l)?ed\b/i.test(text)) return 'cancelled';
	if (code === 'ETIMEDOUT' || code === 'ECONNABORTED' || /timeout of \d+ms exceeded|timed? ?out/i.test(text)) return 'timeout';
	if ((code && RESET_CODES.has(code)) || /socket hang up|ECONNRESET|connection reset|other side closed/i.test(text)) return 'reset';
	if (code === 'ECONNREFUSED') return 'refused';
	if (code === 'ENOTFOUND') return 'dns';
	if (code && /CERT|SSL|TLS/.test(code)) return 'tls';
	return 'other';
}

/**
 * Rebuilds an error that came without an answer (timeout, reset, refused, DNS, cancelled) as a
 * clean NodeApiError. The original error is dropped: n8n's HTTP helper puts the request config,
 * headers and key included, in its cause.
 */
export async function connectionError(
	this: IExecuteSingleFunctions,
	error: unknown,
	timeoutMs: number,
): Promise<NodeApiError> {
	const credentials = ((await this.getCredentials('ideogramApi').catch(() => ({}))) ?? {}) as IDataObject;
	const key = credentials.apiKey as string | undefined;
	const { baseUrl } = resolveConnection(credentials);
	const kind = transportKind(error);
	const { code, messages, responded } = transportFacts(error);
	const detail = redact(shorten(messages[messages.length - 1] ?? '', 200), key);
	const seconds = Math.round(timeoutMs / 100) / 10;
	const texts: Record<TransportKind, Advice> = {
		timeout: {
			message: `Ideogram did not answer within ${seconds} s (the Timeout option); not retried`,
			description: `The request may still finish on Ideogram's side, and be billed, so it is not sent again automatically. QUALITY with several images can take minutes: raise "Timeout", or lower Number of Images, then run the item again.`,
		},
		reset: {
			message: `The connection to ${baseUrl || 'the provider'} was closed before an answer`,
			description: `Usually a network blip or an overloaded gateway; the node retries this on its own (see "Max Retries"). (${detail || code || 'connection reset'})`,
			retry: responded ? undefined : 'connection-reset',
		},
		cancelled: {
			message: 'The execution was cancelled before Ideogram answered',
			description: 'Nothing more was sent for this item.',
		},
		refused: {
			message: `Could not connect to ${baseUrl || 'the provider'}: the connection was refused`,
			description: "Check the credential's Base URL, and that the service is up.",
			failure: 'configuration-invalid',
		},
		dns: {
			message: `Could not find the host of ${baseUrl || 'the provider'}`,
			description: "Check the credential's Base URL for typos, and the network's DNS.",
			failure: 'configuration-invalid',
		},
		tls: {
			message: `The secure connection to ${baseUrl || 'the provider'} failed`,
			description: `The server's certificate was not accepted (${code}). Check the Base URL, or the proxy in between.`,
		},
		other: {
			message: `The request to ${baseUrl || 'the provider'} failed before an answer`,
			description: detail ? `The HTTP client said: ${detail}` : 'No further detail was given.',
		},
	};
	const advice = texts[kind];
	// No `code` in the payload: n8n would take it for the HTTP status and swap in its own message.
	const built = new NodeApiError(this.getNode(), { connection: kind } as JsonObject, {
		message: advice.message,
		description: advice.description,
		itemIndex: this.getItemIndex(),
		...(advice.failure ? { failure: { cause: advice.failure } } : {}),
	} as ConstructorParameters<typeof NodeApiError>[2]);
	if (advice.retry) addFacts(built, { retry: { cause: advice.retry } });
	return built;
}

/** Errors made by our hooks are kept; anything from the HTTP client is rebuilt without its request. */
export function fromHttpClient(error: unknown): boolean {
	if (retryHintOf(error)) return false;
	const seen = new Set<unknown>();
	for (let level = error; level && typeof level === 'object' && !seen.has(level); level = (level as { cause?: unknown }).cause) {
		seen.add(level);
		const e = level as { isAxiosError?: unknown; code?: unknown; name?: unknown; config?: unknown };
		if (e.isAxiosError === true || e.config !== undefined) return true;
		if (e.name === 'AbortError' || e.name === 'CanceledError') return true;
		if (typeof e.code === 'string' && /^(E[A-Z]+|ERR_[A-Z_]+|UND_ERR_[A-Z_]+)$/.test(e.code)) return true;
	}
	return !(error instanceof NodeApiError || error instanceof NodeOperationError);
}
