import type { IDataObject, IN8nHttpFullResponse } from 'n8n-workflow';

import { redact, shorten } from './facts';

/**
 * Reading an answer of Ideogram or a reseller, whatever its shape (JSON, an error inside a 200, an
 * HTML page, empty): its status, the API's own words with the key blanked out, its reason.
 */

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
