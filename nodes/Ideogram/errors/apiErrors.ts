import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type INode,
	type IExecuteSingleFunctions,
	type IN8nHttpFullResponse,
	type INodeExecutionData,
	type JsonObject,
} from 'n8n-workflow';

import { HEADER_STYLE_LABELS, resolveConnection, talksToIdeogram, type HeaderStyle } from '../description/providers';

/**
 * Turns every way an Ideogram call can fail into a NodeApiError a user can act on: the message
 * says what happened, the description what to do. Errors are built from safe parts only (status,
 * the API's own words with the key blanked out, our advice), never from the HTTP library's error,
 * which carries the request and its key.
 */

/** What a retry needs to know about an error. */
export interface RetryHint {
	/** Why a new try may succeed. */
	cause: 'rate-limited' | 'unavailable' | 'connection-reset';
	/** How long the server asked us to wait, if it said. */
	retryAfterMs?: number;
	/** A 429 for the organization's images in flight (not some other limit): the cap adapts to it. */
	inflightLimit?: boolean;
	/** The organization's limit, when the 429 stated it (v2's max_inflight_requests). */
	maxInflight?: number;
}

/**
 * What the item pipeline knows of a failure beyond what n8n shows. It travels on the error itself
 * (`facts`, which n8n's serialisation leaves out), and rebuildError() carries it into every copy,
 * so no rebuild can lose it.
 */
export interface FailureFacts {
	/** Set when a new try may succeed. */
	retry?: RetryHint;
	/** How often the item was sent, when more than once. */
	tries?: number;
	/** The item was not sent, because another item had already failed the node. */
	skipped?: boolean;
	/** The v2 job this failure belongs to: it may still finish, and Get Generation collects it. */
	generationId?: string;
	/** Nothing was billed, for certain: a job Ideogram reports as failed, an item the node did not send. */
	notBilled?: boolean;
}

/** Every error the node raises for an item: n8n's two kinds, with the pipeline's facts. */
export type ItemError = (NodeApiError | NodeOperationError) & { facts?: FailureFacts };

export function factsOf(error: unknown): FailureFacts {
	return (error as ItemError | undefined)?.facts ?? {};
}

/** Adds facts to an error (keeping those it has) and returns it. */
export function addFacts<E extends Error>(error: E, facts: FailureFacts): E {
	(error as unknown as ItemError).facts = { ...factsOf(error), ...facts };
	return error;
}

export function retryHintOf(error: unknown): RetryHint | undefined {
	return factsOf(error).retry;
}

/**
 * A new error of the same kind (NodeOperationError for bad input, NodeApiError for the rest) with
 * the same status, failure cause and facts, and the changes given. Built from those parts only:
 * nothing of the source's payload, cause or request (which may hold the key) comes along.
 */
export function rebuildError(
	node: INode,
	source: Error,
	changes: { message?: string; description?: string; itemIndex: number; facts?: FailureFacts },
): ItemError {
	const message = changes.message ?? source.message;
	const description = changes.description ?? (source as ItemError).description ?? undefined;
	const { httpCode, failure } = source as NodeApiError;
	const error: ItemError =
		source instanceof NodeOperationError
			? new NodeOperationError(node, message, { description, itemIndex: changes.itemIndex })
			: new NodeApiError(node, {} as JsonObject, {
					message,
					description,
					httpCode: httpCode ?? undefined,
					itemIndex: changes.itemIndex,
					...(failure ? { failure } : {}),
				});
	error.facts = { ...factsOf(source), ...changes.facts };
	return error;
}

// ------------------------------------------------------------------------------------------------
// Reading an answer, whatever its shape

/** What an answer body said, in a form the advice below can use. */
export interface AnswerFacts {
	/** The status that counts: the HTTP one, or the error code inside a reseller's 200. */
	status: number;
	/** The API's words, short, key removed. */
	said: string;
	/** A machine-readable reason when the body has one (reject_reason, error.code, a code string). */
	reason?: string;
	kind: 'json' | 'html' | 'text' | 'empty';
	/** A 2xx whose body is an error (reseller envelopes, gateways relaying a failure). */
	errorInsideOk: boolean;
	/** v2's max_inflight_requests on an in-flight 429: the organization's real limit. */
	maxInflight?: number;
}

const asText = (body: unknown): unknown => (Buffer.isBuffer(body) ? body.toString('utf8') : body);

function parseMaybeJson(body: unknown): unknown {
	const text = asText(body);
	if (typeof text !== 'string') return text;
	const trimmed = text.trim();
	if (!/^[[{]/.test(trimmed)) return text;
	try {
		return JSON.parse(trimmed) as unknown;
	} catch {
		return text;
	}
}

const isHtml = (text: string) => /^\s*(<!doctype html|<html|<head|<body)|<\/(html|body|title|h1)>/i.test(text);

/** The title (or first heading) of an HTML error page: "502 Bad Gateway". */
function htmlTitle(text: string): string {
	const match = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(text) ?? /<h1[^>]*>([\s\S]*?)<\/h1>/i.exec(text);
	return match ? match[1].replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 120) : '';
}

const SUCCESS_CODES = new Set(['0', '200', 'success', 'ok']);

/** An object body that is an error even though the status said OK. */
function isErrorObject(b: IDataObject): boolean {
	if (Array.isArray(b.data)) return false;
	// A v2 job's state ({generation_id, status: 'failed', failure_reason}): the operation's output
	// hook reports it (runtime/jobs.ts), with the job's id.
	if (typeof b.generation_id === 'string') return false;
	if (b.error !== undefined && b.error !== null && b.error !== '' && b.error !== false) return true;
	if (b.success === false || b.status === 'error' || b.status === 'failed') return true;
	if (b.code !== undefined && b.code !== null && !SUCCESS_CODES.has(String(b.code).toLowerCase())) {
		// {code, message, data}: a task envelope with an object in data is a success.
		return !(b.data && typeof b.data === 'object');
	}
	return false;
}

/** FastAPI-style validation details ([{loc: ['body', 'seed'], msg}]) as "seed: msg". */
function detailText(detail: unknown): string | undefined {
	if (typeof detail === 'string') return detail;
	if (!Array.isArray(detail)) return undefined;
	const parts = detail.map((d) => {
		if (typeof d === 'string') return d;
		const entry = d as { loc?: unknown[]; msg?: string };
		const field = Array.isArray(entry.loc) ? entry.loc.filter((p) => p !== 'body').join('.') : '';
		return field ? `${field}: ${entry.msg ?? ''}` : (entry.msg ?? JSON.stringify(d));
	});
	return parts.join('; ');
}

function wordsOf(b: IDataObject): string {
	const nested = b.error && typeof b.error === 'object' ? (b.error as IDataObject) : undefined;
	const text =
		(nested ? (nested.message ?? nested.msg ?? nested.detail) : undefined) ??
		(typeof b.error === 'string' ? b.error : undefined) ??
		detailText(b.detail) ??
		b.message ??
		b.msg ??
		b.error_message ??
		(typeof b.data === 'string' ? b.data : undefined);
	if (typeof text === 'string') return text;
	if (text !== undefined) return JSON.stringify(text);
	return JSON.stringify(b);
}

function reasonOf(b: IDataObject): string | undefined {
	const nested = b.error && typeof b.error === 'object' ? (b.error as IDataObject) : undefined;
	const reason = b.reject_reason ?? nested?.code ?? nested?.type ?? (typeof b.code === 'string' ? b.code : undefined);
	return typeof reason === 'string' ? reason : undefined;
}

/** Cut to a readable length on a word boundary. */
export function shorten(text: string, max = 300): string {
	const flat = text.replace(/\s+/g, ' ').trim();
	if (flat.length <= max) return flat;
	const cut = flat.slice(0, max);
	const space = cut.lastIndexOf(' ');
	return `${space > max * 0.6 ? cut.slice(0, space) : cut}…`;
}

/** Replaces every occurrence of the key (and its URL-encoded form) with ***. */
export function redact(text: string, secret: string | undefined): string {
	if (!secret || secret.length < 4) return text;
	let out = text.split(secret).join('***');
	const encoded = encodeURIComponent(secret);
	if (encoded !== secret) out = out.split(encoded).join('***');
	return out;
}

/** The API's own words, as short text, whatever shape the body has. */
export function apiMessage(body: unknown): string {
	const parsed = parseMaybeJson(body);
	if (parsed === undefined || parsed === null || parsed === '') return '';
	if (typeof parsed === 'string') {
		if (isHtml(parsed)) {
			const title = htmlTitle(parsed);
			return `an HTML page${title ? ` titled "${title}"` : ''} instead of JSON`;
		}
		return shorten(parsed);
	}
	if (typeof parsed !== 'object') return shorten(String(parsed));
	return shorten(wordsOf(parsed as IDataObject));
}

export function readAnswer(response: IN8nHttpFullResponse, key?: string): AnswerFacts {
	const parsed = parseMaybeJson(response.body);
	const http = response.statusCode;
	let kind: AnswerFacts['kind'] = 'json';
	let errorInsideOk = false;
	let status = http;
	let reason: string | undefined;
	let maxInflight: number | undefined;
	if (parsed === undefined || parsed === null || parsed === '') kind = 'empty';
	else if (typeof parsed === 'string') kind = isHtml(parsed) ? 'html' : 'text';
	else if (typeof parsed === 'object' && !Array.isArray(parsed)) {
		const b = parsed as IDataObject;
		reason = reasonOf(b);
		if (typeof b.max_inflight_requests === 'number') maxInflight = b.max_inflight_requests;
		if (http < 300 && isErrorObject(b)) {
			errorInsideOk = true;
			const code = Number(b.code ?? (b.error as IDataObject | undefined)?.code);
			status = code >= 400 && code < 600 ? code : 502;
		}
	}
	// A success must be JSON: an HTML page with 200 is a login page, a landing page or a captive
	// portal, never images.
	if (http < 300 && !errorInsideOk && kind !== 'json') {
		errorInsideOk = true;
		status = 502;
	}
	return { status, said: redact(apiMessage(parsed), key), reason, kind, errorInsideOk, ...(maxInflight ? { maxInflight } : {}) };
}

// ------------------------------------------------------------------------------------------------
// Advice

interface Advice {
	message: string;
	description: string;
	retry?: RetryHint['cause'];
	/** n8n's failure classification (n8n-workflow ≥ 2.x reads it; older versions ignore it). */
	failure?: 'rate-limited' | 'quota-exhausted' | 'temporarily-unavailable' | 'credential-invalid' | 'configuration-invalid';
}

const MONEY_WORDS = /insufficient|quota|balance|credit|funds|billing|payment|recharge|top.?up|余额|额度/i;

/** v2 reject reasons that are about the plan rather than the balance. */
const PLAN_LIMITS: Record<string, { message: string; fix: string }> = {
	subscription_required: {
		message: 'Your Ideogram plan does not include this',
		fix: 'Subscribe to an API plan (Ideogram: Settings → API), then run again.',
	},
	priority_credit_required: {
		message: 'This request needs Ideogram priority credits',
		fix: 'Buy priority credits (Ideogram: Settings → API → Billing), or pick a cheaper model or option, then run again.',
	},
	feature_limit: {
		message: 'Your Ideogram plan’s limit for this feature is reached',
		fix: 'Wait until the limit resets or upgrade the plan (Ideogram: Settings → API), then run again.',
	},
};

function keyAdvice(credentials: IDataObject, baseUrl: string, headerStyle: HeaderStyle): string {
	const official = talksToIdeogram(credentials);
	const sends = `This credential sends \`${HEADER_STYLE_LABELS[headerStyle]}\` to ${baseUrl || '(no base URL)'}.`;
	if (official) {
		return headerStyle === 'apiKey'
			? `${sends} Check the key (Ideogram: Settings → API): keys are shown once and can be revoked.`
			: `${sends} The official API expects \`Api-Key\` — pick Provider: Ideogram.`;
	}
	if (headerStyle === 'apiKey')
		return `${sends} Gateways usually expect \`Authorization: Bearer\`: pick the provider you bought the key from, or Custom with its header style.`;
	return `${sends} Check the key, and that Provider (and Header Style) match the service the key came from. A key from Ideogram itself needs Provider: Ideogram (\`Api-Key\` header).`;
}

function advise(facts: AnswerFacts, credentials: IDataObject): Advice {
	const { baseUrl, headerStyle } = resolveConnection(credentials);
	const { status, said, reason } = facts;
	const saidPart = said ? ` The API said: ${said}` : '';
	const wrapper = facts.errorInsideOk
		? facts.kind === 'json'
			? ' (an error inside a 200 answer)'
			: ''
		: '';
	const where = `Check the credential's Base URL (${baseUrl || 'not set'})`;

	if (facts.errorInsideOk && facts.kind !== 'json') {
		return {
			message:
				facts.kind === 'html'
					? `The provider answered with an HTML page instead of JSON (HTTP 200)`
					: facts.kind === 'empty'
						? 'The provider answered with an empty body (HTTP 200)'
						: 'The provider answered with something that is not JSON (HTTP 200)',
			description: `${where}: it should point at the API, not at a website or login page. Gateways need their path prefix, such as /ideogram.${saidPart}`,
			failure: 'configuration-invalid',
		};
	}

	// v2's reject reasons other than money (GenerationErrorResponse.reject_reason), each with its fix.
	const planLimit = reason ? PLAN_LIMITS[reason] : undefined;
	if (planLimit && (status === 402 || status === 403 || status === 429)) {
		return {
			message: `${planLimit.message} (HTTP ${status}, ${reason}); not retried`,
			description: `${planLimit.fix} Rejected requests are not billed.${saidPart}`,
			failure: 'quota-exhausted',
		};
	}
	if (reason === 'inflight_limit' && status !== 429) return advise({ ...facts, status: 429 }, credentials);

	const moneyWords = MONEY_WORDS.test(`${said} ${reason ?? ''}`) && reason !== 'inflight_limit';
	if (status === 402 || ((status === 401 || status === 403 || status === 429) && moneyWords)) {
		const daily = reason === 'daily_limit' || /daily/i.test(said);
		return {
			message: daily
				? `Daily Ideogram spending limit reached (HTTP ${status}); not retried`
				: `Insufficient Ideogram credits (HTTP ${status}); not retried`,
			description: daily
				? `Raise the daily limit (Ideogram: Settings → API → Billing) or wait until it resets, then run again. Rejected requests are not billed.${saidPart}`
				: `Top up at https://ideogram.ai/manage-api (or your provider's billing page), then run again. Rejected requests are not billed.${saidPart}`,
			failure: 'quota-exhausted',
		};
	}
	if (status >= 300 && status < 400) {
		return {
			message: `The provider answered with a redirect (HTTP ${status}); not followed`,
			description: `${where}. The node does not follow redirects from the API, so the key is never sent to another address. If the new address is right, put it in the credential.${saidPart}`,
			failure: 'configuration-invalid',
		};
	}
	switch (status) {
		case 400:
			return {
				message: `Ideogram rejected the request as invalid (HTTP 400)${said ? `: ${shorten(said, 160)}` : ''}`,
				description: `Change the field the API names, or the input image, and run again. Invalid requests are not billed.${wrapper}`,
			};
		case 401:
			return {
				message: 'The API key was rejected (HTTP 401)',
				description: `${keyAdvice(credentials, baseUrl, headerStyle)}${saidPart}`,
				failure: 'credential-invalid',
			};
		case 403:
			return {
				message: 'Access denied (HTTP 403): the key was rejected, or it may not use this endpoint or model',
				description: `${keyAdvice(credentials, baseUrl, headerStyle)} If the key works for other operations, your plan or provider may not include this one (or this custom model).${saidPart}`,
				failure: 'credential-invalid',
			};
		case 404:
			return {
				message: /model/i.test(said)
					? 'Ideogram could not find that model (HTTP 404)'
					: 'Not found at this provider (HTTP 404): the endpoint or model does not exist there',
				description: `${where}: gateways need their path prefix, such as /ideogram, and some do not offer every endpoint. For a custom model, check its URI.${saidPart}`,
				failure: 'configuration-invalid',
			};
		case 405:
			return {
				message: 'The provider does not accept this request at this address (HTTP 405)',
				description: `${where}: it probably points at a website or a different API.${saidPart}`,
				failure: 'configuration-invalid',
			};
		case 408:
			return {
				message: 'The provider timed out reading the request (HTTP 408)',
				description: `Usually a slow upload: try smaller input images, then run again.${saidPart}`,
			};
		case 413:
			return {
				message: 'An uploaded file is too large (HTTP 413)',
				description: `Ideogram takes images up to 10 MB each (reference images: 10 MB in total). Resize or compress the file, then run again.${saidPart}`,
			};
		case 415:
			return {
				message: 'The provider does not accept this request format (HTTP 415)',
				description: `Some gateways only take multipart or only JSON for this endpoint; check the provider's documentation.${saidPart}`,
			};
		case 422: {
			const image = /image/i.test(said) && !/prompt/i.test(said);
			return {
				message: image
					? 'Ideogram rejected an input image on safety grounds (HTTP 422); it was not billed'
					: 'Ideogram rejected the prompt on safety grounds (HTTP 422); it was not billed',
				description: image
					? `Use another image. Not retried: the same input is rejected every time.${saidPart}`
					: `Reword the prompt (or the negative prompt). Not retried: the same prompt is rejected every time.${saidPart}`,
			};
		}
		case 429:
			return {
				message: `Too many Ideogram requests in flight (HTTP 429)${wrapper}`,
				description: `Ideogram allows ${facts.maxInflight ? `${facts.maxInflight} images` : 'about 10 images'} in flight per organization, counted across every workflow and app using it. Lower "Max Images in Flight", or raise "Max Retries" / "Max Retry Wait". Rejected requests are not billed.${saidPart}`,
				retry: 'rate-limited',
				failure: 'rate-limited',
			};
		case 503:
			return {
				message: `Ideogram is temporarily unavailable (HTTP 503)${wrapper}`,
				description: `Run the item again later. Not billed.${saidPart}`,
				retry: 'unavailable',
				failure: 'temporarily-unavailable',
			};
		case 502:
		case 504:
			return {
				message:
					status === 502
						? `The provider's gateway failed (HTTP 502)${wrapper}`
						: `The provider's gateway timed out waiting for Ideogram (HTTP 504)${wrapper}`,
				description: `Something between n8n and Ideogram failed. Not retried automatically: the generation may still have run, and been billed. Check the provider's status, then run the item again.${saidPart}`,
				failure: 'temporarily-unavailable',
			};
		default:
			if (status >= 500)
				return {
					message: `Ideogram failed to process the request (HTTP ${status})${wrapper}`,
					description: `Usually temporary: run the item again later. Failed generations are not billed.${saidPart}`,
					failure: 'temporarily-unavailable',
				};
			return {
				message: `The provider answered HTTP ${status}${wrapper}`,
				description: said ? `The API said: ${said}` : 'No further detail was given.',
			};
	}
}

async function credentialsOf(ctx: IExecuteSingleFunctions): Promise<IDataObject> {
	return ((await ctx.getCredentials('ideogramApi').catch(() => ({}))) ?? {}) as IDataObject;
}

/** Retry-After as milliseconds: delta seconds (fractions tolerated) or an HTTP date. */
export function parseRetryAfter(value: unknown, now = Date.now()): number | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const text = String(Array.isArray(value) ? value[0] : value).trim();
	if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
	const date = Date.parse(text);
	return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

/** A response header by its lowercase name, whatever case the server used; the first of several. */
export function headerValue(headers: IDataObject | undefined, name: string): string | undefined {
	const key = Object.keys(headers ?? {}).find((k) => k.toLowerCase() === name);
	const value = key === undefined ? undefined : headers![key];
	return value === undefined || value === null ? undefined : String(Array.isArray(value) ? value[0] : value);
}

/** A NodeApiError built only from what is safe to show: status, the API's words, our advice. */
export async function apiError(
	this: IExecuteSingleFunctions,
	response: IN8nHttpFullResponse,
): Promise<NodeApiError> {
	const credentials = await credentialsOf(this);
	const facts = readAnswer(response, credentials.apiKey as string | undefined);
	const advice = advise(facts, credentials);
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

// ------------------------------------------------------------------------------------------------
// Errors that never got an answer

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
	const credentials = await credentialsOf(this);
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
