import type { ImageSlots } from './imageSlots';
import { pause, pollWait } from './retry';

/**
 * Image slots held by v2 jobs that were sent without waiting for them ("Wait for Completion" off).
 *
 * Ideogram counts a job's images in flight until the job is done, whoever waits for it. If the
 * item gave its slots back as soon as the job was accepted, the next items would be sent into a
 * full organization and refused with 429 (the bench measured 211 such refusals for 100 items). So
 * the job keeps its slots, and nobody waits for it: it is looked at only when items are queued
 * for slots of the same pool, by polling GET /v2/generations/{id} (free). A job seen done or
 * failed, collected by Get Generation, or older than its item's Timeout gives its slots back.
 * A batch within the limit therefore returns at once, as "Wait for Completion" off promises, and
 * a larger one waits only for what Ideogram would refuse anyway.
 */

/** What a look at a job found: done (or gone), still running, or "ask again after this many ms". */
export type JobLook = { done: true } | { done: false; retryAfterMs?: number };

/** Looks at one job, with the context of an item that is waiting (see HeldJobs.acquire). */
export type LookAtJob = (generationId: string) => Promise<JobLook>;

interface HeldJob {
	held: number;
	started: number;
	deadline: number;
	/** When to look at it next. */
	due: number;
}

export class HeldJobs {
	private readonly jobs = new Map<string, HeldJob>();

	/** The look of the newest waiting item: contexts of finished items are not used again. */
	private look?: LookAtJob;

	private watching = false;

	constructor(private readonly slots: ImageSlots) {}

	has(generationId: string): boolean {
		return this.jobs.has(generationId);
	}

	/**
	 * Keeps `held` slots (what acquire() returned) until the job is seen done, or `timeoutMs` passes.
	 * Items may already be queued (they asked before any job was held): then watching starts now.
	 */
	keep(generationId: string, held: number, timeoutMs: number, look: LookAtJob): void {
		const now = Date.now();
		this.jobs.set(generationId, { held, started: now, deadline: now + timeoutMs, due: now + pollWait(0) });
		this.look ??= look;
		this.startWatching();
	}

	/** Gives a job's slots back (it is done, or Get Generation collected it); unknown ids are ignored. */
	release(generationId: string): void {
		const job = this.jobs.get(generationId);
		if (!job) return;
		this.jobs.delete(generationId);
		this.slots.release(job.held);
	}

	/**
	 * ImageSlots.acquire, and while this item waits behind held jobs, looks at them (with `look`)
	 * so the slots of finished ones come back. One watcher per pool looks for every waiting item.
	 */
	async acquire(n: number, look: LookAtJob, signal?: AbortSignal): Promise<number> {
		const granted = this.slots.acquire(n, signal);
		this.look = look;
		this.startWatching();
		return await granted;
	}

	private startWatching(): void {
		if (!this.watching && this.jobs.size && this.slots.queued > 0) void this.watch();
	}

	private async watch(): Promise<void> {
		this.watching = true;
		try {
			// Only while someone waits: a job nobody waits for may keep its slots until the next look.
			while (this.jobs.size && this.slots.queued > 0) {
				const now = Date.now();
				for (const [id, job] of this.jobs) if (now >= job.deadline) this.release(id);
				if (!this.jobs.size) break;
				const due = [...this.jobs].filter(([, job]) => job.due <= now);
				if (!due.length) {
					const next = Math.min(...[...this.jobs.values()].map((job) => Math.min(job.due, job.deadline)));
					await pause(Math.max(10, next - now));
					continue;
				}
				await Promise.all(due.map(([id, job]) => this.lookAt(id, job)));
			}
		} finally {
			this.watching = false;
		}
	}

	private async lookAt(id: string, job: HeldJob): Promise<void> {
		let found: JobLook;
		try {
			found = await this.look!(id);
		} catch {
			found = { done: false }; // a look that failed tells nothing: look again later
		}
		if (!this.jobs.has(id)) return;
		if (found.done) return this.release(id);
		// Looks happen only while items wait for these slots: the contended pace (retry.ts, pollWait).
		job.due = Date.now() + Math.max(pollWait(Date.now() - job.started, undefined, true), found.retryAfterMs ?? 0);
	}
}

const byPool = new WeakMap<ImageSlots, HeldJobs>();
/** Which pool holds a job's slots, so Get Generation can give them back when it collects the job. */
const byJob = new Map<string, HeldJobs>();

export function heldJobsOf(slots: ImageSlots): HeldJobs {
	let held = byPool.get(slots);
	if (!held) {
		held = new HeldJobs(slots);
		byPool.set(slots, held);
	}
	return held;
}

/** Keeps a job's slots in its pool; see HeldJobs. */
export function keepForJob(slots: ImageSlots, generationId: string, held: number, timeoutMs: number, look: LookAtJob): void {
	const pool = heldJobsOf(slots);
	pool.keep(generationId, held, timeoutMs, look);
	byJob.set(generationId, pool);
	// Bounded: ids whose jobs are released are dropped here too.
	for (const [id, owner] of byJob) if (!owner.has(id)) byJob.delete(id);
}

/** A job collected (done or failed) by Get Generation: its slots come back, in whichever pool. */
export function jobCollected(generationId: string): void {
	byJob.get(generationId)?.release(generationId);
	byJob.delete(generationId);
}
