/**
 * Counts images in flight per credential, across all items (and executions) in this n8n process.
 * Ideogram limits images in flight per organization and answers 429 beyond, so the node queues
 * its own items instead of causing 429s. First come, first served: a big request at the head of
 * the queue is not overtaken by small ones, so it cannot starve.
 */
export class ImageSlots {
	private inFlight = 0;

	private readonly waiting: Array<{ n: number; go: () => void }> = [];

	constructor(public capacity: number) {}

	/**
	 * Resolves once `n` slots are held (a request larger than the whole capacity runs alone).
	 * Returns how many slots are held: pass exactly that to release().
	 * Rejects, holding nothing, if `signal` aborts first (the execution was cancelled).
	 */
	async acquire(n: number, signal?: AbortSignal): Promise<number> {
		const need = Math.max(1, Math.min(Math.floor(n) || 1, this.capacity));
		if (signal?.aborted) throw abortReason(signal);
		if (!this.waiting.length && this.inFlight + need <= this.capacity) {
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
		this.inFlight = Math.max(0, this.inFlight - held);
		this.grant();
	}

	/** Changes the capacity (the latest node setting wins); queued requests go if it grew. */
	resize(capacity: number): void {
		this.capacity = capacity;
		this.grant();
	}

	get active(): number {
		return this.inFlight;
	}

	get queued(): number {
		return this.waiting.length;
	}

	private grant(): void {
		while (this.waiting.length) {
			const next = this.waiting[0];
			// The head may have asked for more than a capacity that shrank since: let it run alone.
			const need = Math.min(next.n, this.capacity);
			if (this.inFlight > 0 && this.inFlight + need > this.capacity) break;
			this.waiting.shift();
			next.n = need;
			this.inFlight += need;
			next.go();
		}
	}
}

function abortReason(signal: AbortSignal): Error {
	return signal.reason instanceof Error ? signal.reason : new Error('The execution was cancelled');
}

const pools = new Map<string, ImageSlots>();

/** The pool shared by every item that uses this credential against this base URL. */
export function slotsFor(key: string, capacity: number): ImageSlots {
	let pool = pools.get(key);
	if (!pool) {
		pool = new ImageSlots(capacity);
		pools.set(key, pool);
	} else if (pool.capacity !== capacity) {
		pool.resize(capacity);
	}
	return pool;
}
