import { sleep } from 'n8n-workflow';

/**
 * Counts images in flight per credential, across all items (and executions) in this n8n process.
 * Ideogram limits images in flight per organization and answers 429 beyond, so the node queues
 * its own items instead of causing 429s. First come, first served: a big request at the head of
 * the queue is not overtaken by small ones, so it cannot starve.
 *
 * Several processes (n8n queue mode: one per worker) share the organization's limit without
 * knowing of each other, so each also adapts its own cap the way TCP shares a link (AIMD): a 429
 * for the in-flight limit cuts it to 70 % (multiplicative decrease, once per window of requests
 * sent before the cut), and every run of `cap` requests that went through adds one slot back
 * (additive increase), up to the configured capacity. N processes then settle near a share each.
 * After such a 429 the pool also sends nothing new until one of its requests goes through, or for
 * STALL_MS: a refused request frees its slot at once, and without the pause that slot would go
 * straight to the next queued item, to be refused in turn, through the whole queue.
 * A process alone never meets its own 429 with a cap at or below the real limit, so it never shrinks.
 */
export class ImageSlots {
	private inFlight = 0;

	private readonly waiting: Array<{ n: number; go: () => void }> = [];

	/** The adapted cap while it is below the capacity; undefined when it is not reduced. */
	private reduced?: number;

	/** The organization's limit as a 429 stated it (v2's max_inflight_requests): growth stops there. */
	private reportedMax?: number;

	/** Requests that went through since the cap last changed. */
	private successes = 0;

	private window = 0;

	/** Until when (ms) nothing new is sent after a 429, unless a request goes through first. */
	private stalledUntil = 0;

	/** When the pool was last used (ms), for expiring idle pools. */
	lastUsed = Date.now();

	constructor(
		public capacity: number,
		/** Off: the cap stays at the capacity whatever the API answers (a test setting). */
		public adaptive = true,
	) {}

	/** How many slots may be in flight now: the capacity, or less after 429s. */
	get cap(): number {
		return Math.max(1, Math.min(this.capacity, this.reduced ?? Infinity));
	}

	/**
	 * Which window a request belongs to: read it just before sending, and pass it to throttled()
	 * if the answer is a 429. It changes with each cut, so a burst of 429s for requests that were
	 * all in flight together cuts the cap once, not once per request.
	 */
	get epoch(): number {
		return this.window;
	}

	/**
	 * Resolves once `n` slots are held (a request larger than the whole cap runs alone).
	 * Returns how many slots are held: pass exactly that to release().
	 * Rejects, holding nothing, if `signal` aborts first (the execution was cancelled).
	 */
	async acquire(n: number, signal?: AbortSignal): Promise<number> {
		this.lastUsed = Date.now();
		const need = Math.max(1, Math.min(Math.floor(n) || 1, this.cap));
		if (signal?.aborted) throw abortReason(signal);
		if (!this.waiting.length && this.inFlight + need <= this.cap && !this.stalled) {
			this.inFlight += need;
			return need;
		}
		return await new Promise<number>((resolve, reject) => {
			const entry = {
				n: need,
				go: () => {
					signal?.removeEventListener('abort', onAbort);
					resolve(entry.n);
				},
			};
			const onAbort = () => {
				const at = this.waiting.indexOf(entry);
				if (at < 0) return; // already granted: the caller releases as usual
				this.waiting.splice(at, 1);
				this.grant(); // whoever queued behind it may fit now
				reject(abortReason(signal!));
			};
			signal?.addEventListener('abort', onAbort, { once: true });
			this.waiting.push(entry);
		});
	}

	/** Gives back what acquire() returned. */
	release(held: number): void {
		this.lastUsed = Date.now();
		this.inFlight = Math.max(0, this.inFlight - held);
		this.grant();
	}

	/** Changes the capacity (the latest node setting wins); queued requests go if it grew. */
	resize(capacity: number): void {
		this.capacity = capacity;
		if (this.reduced !== undefined && this.reduced >= capacity) this.reduced = undefined;
		this.grant();
	}

	/**
	 * The API refused a request sent in window `epoch` because too many images were in flight
	 * (`reportedMax`: the limit it stated, if any). Cuts the cap unless a cut was already made for
	 * that window. Returns whether it cut.
	 */
	throttled(epoch: number, reportedMax?: number): boolean {
		this.lastUsed = Date.now();
		if (!this.adaptive) return false;
		const until = (this.stalledUntil = Date.now() + STALL_MS);
		// The timer may fire a millisecond before the clock reaches `until`: it ends its own pause.
		void sleep(STALL_MS).then(() => {
			if (this.stalledUntil === until) this.stalledUntil = 0;
			this.grant();
		});
		if (epoch !== this.window) return false;
		if (reportedMax !== undefined && reportedMax >= 1) this.reportedMax = Math.floor(reportedMax);
		this.reduced = Math.max(1, Math.min(Math.floor(this.cap * DECREASE), this.reportedMax ?? Infinity));
		this.successes = 0;
		this.window++;
		return true;
	}

	/** A request went through (the API accepted it): after a run of `cap` of them, one slot more. */
	succeeded(): void {
		this.lastUsed = Date.now();
		if (this.stalled) {
			this.stalledUntil = 0;
			this.grant();
		}
		if (this.reduced === undefined) return;
		if (++this.successes < this.cap) return;
		this.successes = 0;
		const ceiling = Math.min(this.capacity, this.reportedMax ?? Infinity);
		this.reduced = Math.min(this.reduced + 1, ceiling);
		if (this.reduced >= this.capacity) this.reduced = undefined;
		this.grant();
	}

	/** Whether new sends wait after a 429 (see the class comment). */
	get stalled(): boolean {
		return this.stalledUntil > Date.now();
	}

	get active(): number {
		return this.inFlight;
	}

	get queued(): number {
		return this.waiting.length;
	}

	private grant(): void {
		if (this.stalled) return;
		while (this.waiting.length) {
			const next = this.waiting[0];
			// The head may have asked for more than a cap that shrank since: let it run alone.
			const need = Math.min(next.n, this.cap);
			if (this.inFlight > 0 && this.inFlight + need > this.cap) break;
			this.waiting.shift();
			next.n = need;
			this.inFlight += need;
			next.go();
		}
	}
}

/**
 * What a cut keeps of the cap. TCP Reno keeps half; 0.7 (as CUBIC) keeps the API busier while N
 * processes still converge below the shared limit within a few windows.
 */
const DECREASE = 0.7;

/**
 * The longest pause of new sends after a 429 when none of the pool's requests goes through: about
 * the first retry's backoff, so a pool with nothing in flight probes about once a second.
 */
const STALL_MS = 1000;

/** A pool nobody has used for this long is dropped: its credential may be gone, its load has changed. */
export const IDLE_POOL_MS = 10 * 60_000;

function abortReason(signal: AbortSignal): Error {
	return signal.reason instanceof Error ? signal.reason : new Error('The execution was cancelled');
}

const pools = new Map<string, ImageSlots>();

/**
 * The pool shared by every item that uses this credential against this base URL. Call it for
 * each try (not once per item): a pool left idle expires, and a reference kept across a long
 * retry wait would then count against a pool nobody else uses.
 */
export function slotsFor(key: string, capacity: number, adaptive = true, now = Date.now()): ImageSlots {
	for (const [k, p] of pools) if (p.active === 0 && p.queued === 0 && now - p.lastUsed > IDLE_POOL_MS) pools.delete(k);
	let pool = pools.get(key);
	if (!pool) {
		pool = new ImageSlots(capacity, adaptive);
		pools.set(key, pool);
	} else if (pool.capacity !== capacity) {
		pool.resize(capacity);
	}
	pool.adaptive = adaptive;
	return pool;
}

/** How many pools this process holds (bounded: one per credential and base URL in use). */
export function poolCount(): number {
	return pools.size;
}

/**
 * Whether the pools adapt their caps (always, for users). The queue-mode comparison
 * (test/scale/queue-mode.ts --compare) turns it off in its workers from outside, with a preload
 * that sets it when n8n loads this module (test/scale/fixed-slots.cjs), to measure what the
 * adaptation is worth; nothing a user sets and nothing in the package changes it.
 */
export const adaptation = { on: true };
