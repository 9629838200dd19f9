/**
 * Counts images in flight per credential, across all items (and executions) in this n8n process.
 * Ideogram limits images in flight per organization and answers 429 beyond, so the node queues
 * its own items instead of causing 429s. First come, first served.
 */
export class ImageSlots {
	private inFlight = 0;

	private readonly waiting: Array<{ n: number; go: () => void }> = [];

	constructor(public capacity: number) {}

	async acquire(n: number): Promise<void> {
		// A request larger than the whole capacity still runs, alone.
		const need = Math.min(n, this.capacity);
		if (!this.waiting.length && this.inFlight + need <= this.capacity) {
			this.inFlight += need;
			return;
		}
		await new Promise<void>((go) => this.waiting.push({ n: need, go }));
	}

	release(n: number): void {
		this.inFlight -= Math.min(n, this.capacity);
		while (this.waiting.length && this.inFlight + this.waiting[0].n <= this.capacity) {
			const next = this.waiting.shift()!;
			this.inFlight += next.n;
			next.go();
		}
	}

	get active(): number {
		return this.inFlight;
	}
}

const pools = new Map<string, ImageSlots>();

export function slotsFor(key: string, capacity: number): ImageSlots {
	let pool = pools.get(key);
	if (!pool) {
		pool = new ImageSlots(capacity);
		pools.set(key, pool);
	}
	// The latest setting wins; queued requests are let through if it grew.
	if (pool.capacity !== capacity) {
		pool.capacity = capacity;
		pool.release(0);
	}
	return pool;
}
