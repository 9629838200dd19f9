import { refetchedKeys, signingKeys, type FetchKeys } from './keys';
import { keyThatSigned, signedMessage, WEBHOOK_HEADERS } from './signature';

/**
 * Whether a request really is a delivery from Ideogram, decided before anything runs. Every check
 * that can refuse without the keys comes first, so a flood of junk costs no fetch.
 */

/** An Ideogram delivery is a few kilobytes (links and metadata, never the files). */
export const MAX_DELIVERY_BYTES = 1024 * 1024;
/** Ideogram specifies no tolerance; five minutes either way is the common choice (n8n's own triggers use it). */
export const DEFAULT_TOLERANCE_SECONDS = 300;
/**
 * Cached keys younger than this are not fetched again for a delivery that names one of them (its
 * signature fails for another reason than a rotation); older ones are, in case a key changed
 * under its id.
 */
export const KNOWN_KEY_REFETCH_AFTER_MS = 10 * 60 * 1000;
/** The widest the option goes: the check can be widened (clock skew, late retries), never turned off. */
export const MAX_TOLERANCE_SECONDS = 24 * 60 * 60;

export type Headers = Record<string, string | string[] | undefined>;

export interface DeliveryCheck {
	headers: Headers;
	/** The body as received, before any parsing. */
	rawBody: Buffer | undefined;
	/** The JWKS address (base URL + JWKS_PATH). */
	keysUrl: string;
	fetchKeys: FetchKeys;
	/** Now, in milliseconds since the epoch. */
	now: number;
	toleranceSeconds: number;
}

export interface Delivery {
	generationId: string;
	userId: string;
	/** Unix seconds, as signed. */
	timestamp: number;
	/** The kid of the key that verified the signature. */
	keyId: string;
	/** The body, parsed from the verified bytes. */
	body: Record<string, unknown>;
}

/**
 * 401: not (provably) from Ideogram. 400: signed, but not a delivery this node understands.
 * 413: too large to be one. 503: the keys could not be fetched, so nothing can be verified now
 * (fail closed; Ideogram retries a non-2xx answer).
 */
export type Refusal = { status: 400 | 401 | 413 | 503; reason: string };

export type Verdict = ({ ok: true } & Delivery) | ({ ok: false } & Refusal);

const refuse = (status: Refusal['status'], reason: string): Verdict => ({ ok: false, status, reason });

/** A header's value for a log line: it is the sender's text, so bounded and without control characters. */
export function printable(value: string, max = 80): string {
	const clean = value.replace(/[^\x20-\x7e]/g, '?');
	return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

/** A header that must appear once; a repeated one is as bad as a missing one. */
function single(headers: Headers, name: string): string | undefined {
	const value = headers[name];
	if (Array.isArray(value)) return value.length === 1 ? value[0] : undefined;
	return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The tolerance as the option gives it, kept within [5 minutes, 24 hours]. */
export function toleranceFrom(value: unknown): number {
	const n = Number(value);
	if (!Number.isFinite(n)) return DEFAULT_TOLERANCE_SECONDS;
	return Math.min(MAX_TOLERANCE_SECONDS, Math.max(DEFAULT_TOLERANCE_SECONDS, Math.floor(n)));
}

export async function verifyDelivery(check: DeliveryCheck): Promise<Verdict> {
	const raw = check.rawBody ?? Buffer.alloc(0);
	if (raw.length > MAX_DELIVERY_BYTES) {
		return refuse(413, `the body is ${raw.length} bytes, over the ${MAX_DELIVERY_BYTES} bytes a delivery can be`);
	}

	const missing = [WEBHOOK_HEADERS.generationId, WEBHOOK_HEADERS.userId, WEBHOOK_HEADERS.timestamp, WEBHOOK_HEADERS.signature].filter(
		(name) => single(check.headers, name) === undefined,
	);
	if (missing.length) return refuse(401, `missing or repeated header${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
	const generationId = single(check.headers, WEBHOOK_HEADERS.generationId)!;
	const userId = single(check.headers, WEBHOOK_HEADERS.userId)!;
	const timestampText = single(check.headers, WEBHOOK_HEADERS.timestamp)!;
	const signatureText = single(check.headers, WEBHOOK_HEADERS.signature)!;
	const keyHint = single(check.headers, WEBHOOK_HEADERS.keyId);

	if (!/^\d{1,12}$/.test(timestampText)) return refuse(401, `the timestamp "${printable(timestampText)}" is not Unix seconds`);
	const timestamp = Number(timestampText);
	const skew = Math.round(check.now / 1000 - timestamp);
	if (Math.abs(skew) > check.toleranceSeconds) {
		return refuse(
			401,
			`the timestamp is ${Math.abs(skew)} s ${skew > 0 ? 'old' : 'in the future'}, outside the ${check.toleranceSeconds} s tolerance (a replayed delivery, or this server's clock is off)`,
		);
	}
	// Ed25519 signatures are 64 bytes; Ideogram sends them as lowercase hex.
	if (!/^[0-9a-fA-F]{128}$/.test(signatureText)) return refuse(401, 'the signature is not 128 hex digits (an Ed25519 signature)');
	const signature = Buffer.from(signatureText, 'hex');
	const message = signedMessage(generationId, userId, timestampText, raw);

	const cached = await signingKeys(check.keysUrl, check.fetchKeys, check.now);
	if (!cached.ok) return refuse(503, `Ideogram's signing keys could not be had, so the delivery cannot be verified: ${cached.reason}`);
	let keys = cached.keys;
	// Every key is tried, whatever the delivery's key id names (it is a hint).
	let signer = keyThatSigned(message, signature, keys);
	let refetch = '';
	// Perhaps Ideogram rotated its key since the keys were cached: fetch once more. Not when the
	// delivery names a key just fetched: then no new key would help, and a forger could otherwise
	// make every request a fetch (keys.ts also budgets fetches for deliveries naming made-up keys).
	const known = keyHint !== undefined && keys.some((k) => k.kid === keyHint) && check.now - cached.fetchedAt < KNOWN_KEY_REFETCH_AFTER_MS;
	if (!signer && !known) {
		const again = await refetchedKeys(check.keysUrl, check.fetchKeys, check.now);
		if (again.ok) {
			keys = again.keys;
			signer = keyThatSigned(message, signature, keys);
		} else {
			refetch = ` (fetching the keys again failed: ${again.reason})`;
		}
	}
	if (!signer) {
		return refuse(
			401,
			`the signature matches none of the ${keys.length} key${keys.length === 1 ? '' : 's'} at ${check.keysUrl}${keyHint ? ` (the delivery names key "${printable(keyHint)}")` : ''}${refetch}`,
		);
	}

	let body: unknown;
	try {
		body = JSON.parse(raw.toString('utf8'));
	} catch {
		return refuse(400, `the signed body (${raw.length} bytes) is not JSON`);
	}
	if (!body || typeof body !== 'object' || Array.isArray(body)) return refuse(400, 'the signed body is not a JSON object');
	const record = body as Record<string, unknown>;
	// The guide names it generation_id; the spec's field texts say request_id. Either may carry it.
	const bodyId = typeof record.generation_id === 'string' ? record.generation_id : typeof record.request_id === 'string' ? record.request_id : undefined;
	if (bodyId !== generationId) {
		return refuse(
			401,
			bodyId === undefined
				? 'the body has no generation_id to match the generation id header'
				: `the generation id header "${printable(generationId)}" does not match the body's "${printable(bodyId)}"`,
		);
	}
	return { ok: true, generationId, userId, timestamp, keyId: signer.kid, body: record };
}
