import { HeldJobs, type JobLook } from '../../../nodes/Ideogram/limits/heldJobs';
import { pollWait } from '../../../nodes/Ideogram/limits/retry';
import { ImageSlots } from '../../../nodes/Ideogram/limits/imageSlots';

describe('pollWait: when to look at a job again', () => {
	test('without history: a fifth of the job’s age, from 100 ms to 30 s', () => {
		expect(pollWait(0)).toBe(100);
		expect(pollWait(400)).toBe(100);
		expect(pollWait(2_000)).toBe(400);
		expect(pollWait(600_000)).toBe(30_000);
	});

	test('with a usual duration: never past 90 % of it, then every 5 % of it, growing with the overrun', () => {
		// 20 s jobs: at 16 s a fifth would be 3.2 s, past 18 s; the poll lands at 18 s instead.
		expect(pollWait(16_000, 20_000)).toBe(2_000);
		expect(pollWait(14_000, 20_000)).toBe(2_800);
		expect(pollWait(18_000, 20_000)).toBe(1_000);
		expect(pollWait(28_000, 20_000)).toBe(1_000 + 2_000);
		// Short jobs keep the 100 ms floor (ten jobs at 100 ms use Ideogram's whole polling limit).
		expect(pollWait(900, 1_000)).toBe(100);
		expect(pollWait(850, 1_000)).toBe(100);
	});

	test('while other items wait for the job’s slots: a twentieth of the age, the same floor and ceiling', () => {
		expect(pollWait(0, undefined, true)).toBe(100);
		expect(pollWait(2_000, undefined, true)).toBe(100);
		// A two-minute video job at one minute: 3 s instead of 12 s.
		expect([pollWait(60_000, undefined, true), pollWait(60_000)]).toEqual([3_000, 12_000]);
		expect(pollWait(1_200_000, undefined, true)).toBe(30_000);
		// With a usual duration the overrun grows by a twentieth too.
		expect(pollWait(28_000, 20_000, true)).toBe(1_000 + 500);
		expect(pollWait(16_000, 20_000, true)).toBe(800);
	});
});

describe('HeldJobs: slots of jobs nobody waits for', () => {
	const never = (): Promise<JobLook> => new Promise(() => {});

	test('a held job keeps its slots; an item queued behind it looks at the job and goes once it is done', async () => {
		const slots = new ImageSlots(1);
		const jobs = new HeldJobs(slots);
		const held = await jobs.acquire(1, never);
		jobs.keep('job-1', held, 60_000, never);
		expect(slots.active).toBe(1);

		let looks = 0;
		const look = async (id: string): Promise<JobLook> => {
			expect(id).toBe('job-1');
			looks++;
			return { done: looks >= 2 };
		};
		const next = await jobs.acquire(1, look);
		expect(next).toBe(1);
		expect(looks).toBe(2);
		expect(jobs.has('job-1')).toBe(false);
	});

	test('nobody queued: nothing is looked at, and release() gives the slots back', async () => {
		const slots = new ImageSlots(2);
		const jobs = new HeldJobs(slots);
		let looks = 0;
		const look = async (): Promise<JobLook> => {
			looks++;
			return { done: true };
		};
		jobs.keep('a', await jobs.acquire(1, look), 60_000, look);
		await jobs.acquire(1, look);
		expect(looks).toBe(0);
		jobs.release('a');
		expect(slots.active).toBe(1);
		jobs.release('unknown'); // ignored
		expect(slots.active).toBe(1);
	});

	test('a job past its item’s Timeout gives its slots back without a look', async () => {
		const slots = new ImageSlots(1);
		const jobs = new HeldJobs(slots);
		jobs.keep('old', await jobs.acquire(1, never), 0, never);
		await expect(jobs.acquire(1, never)).resolves.toBe(1);
		expect(jobs.has('old')).toBe(false);
	});
});
