import { sleep, type IDataObject, type IExecuteSingleFunctions } from 'n8n-workflow';

import {
	DEFAULT_MAX_IMAGES_IN_FLIGHT,
	DEFAULT_MAX_RETRIES,
	DEFAULT_MAX_RETRY_WAIT_SECONDS,
	DEFAULT_TIMEOUT_SECONDS,
	itemOptions,
} from '../description/options';

/** The node's "Options" that bound an item's work; every one has a default. */
export interface RunSettings {
	maxImagesInFlight: number;
	/** Tries after the first one, for 429, 503 and connection resets only. */
	maxRetries: number;
	/** Total time one item may spend waiting between tries. */
	maxRetryWaitMs: number;
	/** Per request: the Ideogram call, and each image download. */
	timeoutMs: number;
}

/** First backoff when the server gave no Retry-After; doubles per try, capped, with jitter. */
const BACKOFF_BASE_MS = 2_000;
const BACKOFF_CAP_MS = 60_000;

function positive(value: unknown, fallback: number, min = 0): number {
	const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	return typeof n === 'number' && Number.isFinite(n) && n >= min ? n : fallback;
}

/** `defaultTimeoutSeconds`: the operation's Timeout while the option is not set (video operations wait longer). */
export function readSettings(ctx: IExecuteSingleFunctions, defaultTimeoutSeconds = DEFAULT_TIMEOUT_SECONDS): RunSettings {
	const options = itemOptions(ctx);
	// n8n's own "Request Options → Timeout" (ms) counts when our option is not set.
	const requestOptions = ctx.getNodeParameter('requestOptions', {}) as IDataObject;
	const n8nTimeoutMs = positive(requestOptions?.timeout, 0, 1);
	return {
		maxImagesInFlight: Math.floor(positive(options.maxImagesInFlight, DEFAULT_MAX_IMAGES_IN_FLIGHT, 1)),
		maxRetries: Math.floor(positive(options.maxRetries, DEFAULT_MAX_RETRIES)),
		maxRetryWaitMs: positive(options.maxRetryWait, DEFAULT_MAX_RETRY_WAIT_SECONDS) * 1000,
		timeoutMs:
			options.timeout !== undefined
				? positive(options.timeout, defaultTimeoutSeconds, 0.001) * 1000
				: n8nTimeoutMs || defaultTimeoutSeconds * 1000,
	};
}

/** Exponential backoff with jitter for retry number `retry` (1 = the first retry): 1–2 s, 2–4 s, … */
export function backoffMs(retry: number, random: () => number = Math.random): number {
	const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, retry - 1));
	return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * Waits `ms`, in short steps so a cancelled execution stops waiting promptly. n8n's `sleep`
 * (timers are off limits in community nodes) cannot be cleared, hence the steps.
 */
export async function pause(ms: number, signal?: AbortSignal): Promise<void> {
	const end = Date.now() + ms;
	for (let left = ms; left > 0; left = end - Date.now()) {
		if (signal?.aborted) return;
		await sleep(Math.min(left, 250));
	}
}

/**
 * An AbortSignal that fires when any of the given ones does (AbortSignal.any needs Node ≥ 20.3).
 * Call dispose() when done, so long executions do not pile listeners onto their cancel signal.
 */
export function linkSignals(signals: Array<AbortSignal | undefined>): { signal: AbortSignal; dispose: () => void } {
	const controller = new AbortController();
	const unlink: Array<() => void> = [];
	for (const s of signals) {
		if (!s) continue;
		if (s.aborted) {
			controller.abort(s.reason);
			break;
		}
		const onAbort = () => controller.abort(s.reason);
		s.addEventListener('abort', onAbort, { once: true });
		unlink.push(() => s.removeEventListener('abort', onAbort));
	}
	return { signal: controller.signal, dispose: () => unlink.forEach((f) => f()) };
}

export function seconds(ms: number): string {
	if (ms < 1000) return `${Math.round(ms / 10) / 100} s`;
	return ms < 10_000 ? `${Math.round(ms / 100) / 10} s` : `${Math.round(ms / 1000)} s`;
}

/**
 * When to poll: each wait a fifth of the time the job has run so far, at least 100 ms and at most
 * 30 s, so the images are found at most 20 % (or 100 ms) after they are ready while the job's slots
 * are held (the bench measured a freed slot idle 299 ms on average with a 250 ms floor and 1 s
 * jobs). Ten jobs in flight at the 100 ms floor poll 100 times a second: Ideogram's whole limit
 * (1,000 polls per 10 s per organization), so the floor cannot go lower.
 *
 * Jobs of one endpoint take about as long as each other, and 20 % of a 30-second job is 6 s of a
 * held slot. So once jobs of the same endpoint have been seen done, polls also land at 90 % of
 * their usual time (the median of the last few) and then come every 5 % of it, growing again by
 * a fifth of the overrun: a slow job is not polled harder, a typical one is found soon after.
 *
 * `contended`: other items wait for the slots this job holds. Then a late look wastes the
 * organization's capacity, not only this item's time, so polls come every twentieth of the job's
 * age instead of every fifth (the 100 ms floor still bounds the rate). It matters most for the
 * first jobs of an endpoint, before their usual time is known: video jobs run for minutes, and a
 * fifth of that is a slot idle for many seconds.
 */
const MIN_POLL_MS = 100;
const MAX_POLL_MS = 30_000;
const POLL_FRACTION = 0.2;
const CONTENDED_POLL_FRACTION = 0.05;
const EXPECTED_FIRST_LOOK = 0.9;
const EXPECTED_FRACTION = 0.05;

export function pollWait(ageMs: number, expectedMs?: number, contended = false): number {
	const fraction = contended ? CONTENDED_POLL_FRACTION : POLL_FRACTION;
	let wait = ageMs * fraction;
	if (expectedMs !== undefined) {
		const firstLook = EXPECTED_FIRST_LOOK * expectedMs;
		wait = ageMs < firstLook ? Math.min(firstLook - ageMs, Math.max(MIN_POLL_MS, wait)) : EXPECTED_FRACTION * expectedMs + fraction * (ageMs - firstLook);
	}
	return Math.min(MAX_POLL_MS, Math.max(MIN_POLL_MS, Math.round(wait)));
}
