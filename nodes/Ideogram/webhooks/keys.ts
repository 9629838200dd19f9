import { keysOf, type VerifyKey } from './signature';

/**
 * Ideogram's signing keys, cached per JWKS address for the whole n8n process: every execution and
 * every trigger that uses the same base URL shares them, so a delivery does not wait for a fetch.
 * Module state is the only state n8n keeps between webhook calls of a node (the node's static data
 * is saved with the workflow, and only by executions), and each n8n process (main, each webhook
 * process in queue mode) holds its own copy, which is fine for public keys.
 *
 * Fetches are limited (FETCH_BUDGET per minute per address): deliveries nobody signed must not turn
 * this n8n into a way to hammer Ideogram's key endpoint.
 */

/** Ideogram: "Cache for up to 24 hours". */
export const KEYS_MAX_AGE_MS = 24 * 60 * 60 * 1000;
/** Fetches (first ones and refetches) allowed per address in FETCH_WINDOW_MS. */
export const FETCH_BUDGET = 10;
export const FETCH_WINDOW_MS = 60 * 1000;
/** Addresses remembered at once (one per base URL in use: a handful at most). */
const MAX_ADDRESSES = 16;

/** Fetches and parses the JWKS document; rejects with an Error saying why it could not. */
export type FetchKeys = () => Promise<unknown>;

export interface KeySet {
	keys: VerifyKey[];
	/** When they were fetched (ms since the epoch). */
	fetchedAt: number;
}

/** The keys, or why there are none: then no delivery can be verified, so none is accepted. */
export type KeysResult = ({ ok: true } & KeySet) | { ok: false; reason: string };

interface Entry {
	keys?: VerifyKey[];
	fetchedAt: number;
	/** A fetch under way: concurrent deliveries wait for it instead of fetching again. */
	inflight?: Promise<KeysResult>;
	/** When recent fetches started, for the budget. */
	fetches: number[];
}

const cache = new Map<string, Entry>();

function entryFor(url: string): Entry {
	let entry = cache.get(url);
	if (!entry) {
		entry = { fetchedAt: 0, fetches: [] };
		cache.set(url, entry);
		// Oldest first in insertion order.
		while (cache.size > MAX_ADDRESSES) cache.delete(cache.keys().next().value as string);
	}
	return entry;
}

async function load(url: string, entry: Entry, fetchKeys: FetchKeys, now: number): Promise<KeysResult> {
	let document: unknown;
	let failure: string | undefined;
	try {
		document = await fetchKeys();
	} catch (error) {
		failure = error instanceof Error ? error.message : String(error);
	}
	if (failure !== undefined) return { ok: false, reason: failure };
	const keys = keysOf(document);
	if (!keys.length) return { ok: false, reason: `the JWKS at ${url} holds no Ed25519 key` };
	entry.keys = keys;
	entry.fetchedAt = now;
	return { ok: true, keys, fetchedAt: now };
}

function fetchNow(url: string, entry: Entry, fetchKeys: FetchKeys, now: number): Promise<KeysResult> {
	if (entry.inflight) return entry.inflight;
	entry.fetches = entry.fetches.filter((at) => now - at < FETCH_WINDOW_MS);
	if (entry.fetches.length >= FETCH_BUDGET) {
		return Promise.resolve({ ok: false, reason: `the keys at ${url} were fetched ${FETCH_BUDGET} times in the last minute; not again yet` });
	}
	entry.fetches.push(now);
	const inflight = load(url, entry, fetchKeys, now);
	entry.inflight = inflight;
	// A finished fetch is not reused as an answer: the next one asks the cache (or fetches anew).
	void inflight.then(() => (entry.inflight = undefined));
	return inflight;
}

/**
 * The keys for this address: the cached ones while younger than 24 hours, else fetched (once,
 * for every delivery that asks meanwhile).
 */
export async function signingKeys(url: string, fetchKeys: FetchKeys, now: number): Promise<KeysResult> {
	const entry = entryFor(url);
	if (entry.keys && now - entry.fetchedAt < KEYS_MAX_AGE_MS && now >= entry.fetchedAt) {
		return { ok: true, keys: entry.keys, fetchedAt: entry.fetchedAt };
	}
	return await fetchNow(url, entry, fetchKeys, now);
}

/**
 * The keys fetched again, because none of the cached ones verified a delivery (Ideogram may have
 * rotated its key). Joins a fetch already under way. When this fails (also when the budget is
 * spent) the cached keys stay in use.
 */
export async function refetchedKeys(url: string, fetchKeys: FetchKeys, now: number): Promise<KeysResult> {
	return await fetchNow(url, entryFor(url), fetchKeys, now);
}
