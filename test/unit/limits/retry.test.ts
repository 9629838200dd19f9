import { backoffMs, linkSignals, pause } from '../../../nodes/Ideogram/limits/retry';
import { parseRetryAfter } from '../../../nodes/Ideogram/errors/answer';

describe('retry timing', () => {
	test('backoff doubles from about 2 s, with jitter between half and all of the step, capped at 60 s', () => {
		expect(backoffMs(1, () => 0)).toBe(1000);
		expect(backoffMs(1, () => 1)).toBe(2000);
		expect(backoffMs(3, () => 0.5)).toBe(6000);
		expect(backoffMs(20, () => 1)).toBe(60_000);
	});

	test('Retry-After as seconds or as an HTTP date', () => {
		expect(parseRetryAfter('3')).toBe(3000);
		expect(parseRetryAfter('0.25')).toBe(250);
		expect(parseRetryAfter(undefined)).toBeUndefined();
		expect(parseRetryAfter('soon')).toBeUndefined();
		const now = Date.parse('2026-01-01T00:00:00Z');
		expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5000);
	});

	test('pause stops within one step when the execution is cancelled', async () => {
		// Fake timers: the test counts steps of the node's own clock, not milliseconds of this machine's.
		jest.useFakeTimers();
		try {
			const controller = new AbortController();
			let done = false;
			const waiting = pause(10_000, controller.signal).then(() => (done = true));
			await jest.advanceTimersByTimeAsync(5_000);
			expect(done).toBe(false);
			controller.abort();
			// pause looks at the signal between its 250 ms steps: one step later it has returned.
			await jest.advanceTimersByTimeAsync(250);
			expect(done).toBe(true);
			await waiting;
		} finally {
			jest.useRealTimers();
		}
	});

	test('linked signals fire with either source and let go of them', () => {
		const a = new AbortController();
		const b = new AbortController();
		const { signal, dispose } = linkSignals([a.signal, undefined, b.signal]);
		b.abort('b');
		expect(signal.aborted).toBe(true);
		dispose();
	});
});
