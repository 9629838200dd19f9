import { sleep, type IDataObject, type IExecuteSingleFunctions } from 'n8n-workflow';

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

export const DEFAULT_MAX_IMAGES_IN_FLIGHT = 10;
export const DEFAULT_MAX_RETRIES = 5;
export const DEFAULT_MAX_RETRY_WAIT_SECONDS = 180;
/**
 * Ideogram answers synchronously: QUALITY takes up to about 25 s for one image, and eight images
 * take longer still. Three minutes leaves room for that on a busy day while catching a hung
 * connection sooner than n8n's own five-minute default.
 */
export const DEFAULT_TIMEOUT_SECONDS = 180;

/** First backoff when the server gave no Retry-After; doubles per try, capped, with jitter. */
const BACKOFF_BASE_MS = 2_000;
const BACKOFF_CAP_MS = 60_000;

function positive(value: unknown, fallback: number, min = 0): number {
	const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	return typeof n === 'number' && Number.isFinite(n) && n >= min ? n : fallback;
}

export function readSettings(ctx: IExecuteSingleFunctions): RunSettings {
	const options = ctx.getNodeParameter('options', {}) as IDataObject;
	// n8n's own "Request Options → Timeout" (ms) counts when our option is not set.
	const requestOptions = ctx.getNodeParameter('requestOptions', {}) as IDataObject;
	const n8nTimeoutMs = positive(requestOptions?.timeout, 0, 1);
	return {
		maxImagesInFlight: Math.floor(positive(options.maxImagesInFlight, DEFAULT_MAX_IMAGES_IN_FLIGHT, 1)),
		maxRetries: Math.floor(positive(options.maxRetries, DEFAULT_MAX_RETRIES)),
		maxRetryWaitMs: positive(options.maxRetryWait, DEFAULT_MAX_RETRY_WAIT_SECONDS) * 1000,
		timeoutMs:
			options.timeout !== undefined
				? positive(options.timeout, DEFAULT_TIMEOUT_SECONDS, 0.001) * 1000
				: n8nTimeoutMs || DEFAULT_TIMEOUT_SECONDS * 1000,
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
