import { ImageSlots } from '../../nodes/Ideogram/limits/imageSlots';
import { backoffMs, linkSignals, pause } from '../../nodes/Ideogram/limits/retry';
import { parseRetryAfter, readAnswer } from '../../nodes/Ideogram/errors/answer';
import { transportKind } from '../../nodes/Ideogram/errors/connection';
import { displayUrl, sniffImage } from '../../nodes/Ideogram/transport/download';
import { makePng } from '../stub/png';

const tick = () => new Promise((r) => setImmediate(r));

describe('ImageSlots', () => {
	test('never holds more than its capacity, and serves waiters in order', async () => {
		const slots = new ImageSlots(10);
		const order: number[] = [];
		const held: number[] = [];
		held.push(await slots.acquire(4));
		held.push(await slots.acquire(4));
		const third = slots.acquire(4).then((n) => (order.push(3), n));
		const fourth = slots.acquire(1).then((n) => (order.push(4), n));
		await tick();
		// 1 slot is free, but the 4-image request queued first is not overtaken by the 1-image one.
		expect(order).toEqual([]);
		expect(slots.active).toBe(8);
		slots.release(held[0]);
		expect(await third).toBe(4);
		expect(await fourth).toBe(1);
		expect(order).toEqual([3, 4]);
		expect(slots.active).toBe(9);
	});

	test('a request bigger than the capacity runs alone', async () => {
		const slots = new ImageSlots(3);
		const big = await slots.acquire(8);
		expect(big).toBe(3);
		let small = false;
		const next = slots.acquire(1).then(() => (small = true));
		await tick();
		expect(small).toBe(false);
		slots.release(big);
		await next;
		expect(slots.active).toBe(1);
	});

	test('shrinking the capacity does not leak slots', async () => {
		const slots = new ImageSlots(10);
		const a = await slots.acquire(8);
		slots.resize(4);
		const b = slots.acquire(4);
		slots.release(a);
		expect(await b).toBe(4);
		slots.release(4);
		expect(slots.active).toBe(0);
	});

	test('a cancelled waiter leaves the queue, holding nothing, and lets the next one in', async () => {
		const slots = new ImageSlots(2);
		const first = await slots.acquire(2);
		const controller = new AbortController();
		const cancelled = slots.acquire(2, controller.signal);
		const after = slots.acquire(1);
		controller.abort(new Error('cancelled by the user'));
		await expect(cancelled).rejects.toThrow('cancelled by the user');
		expect(slots.queued).toBe(1);
		slots.release(first);
		expect(await after).toBe(1);
		expect(slots.active).toBe(1);
		await expect(slots.acquire(1, controller.signal)).rejects.toThrow('cancelled');
	});
});

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

describe('reading answers', () => {
	const answer = (statusCode: number, body: unknown) => readAnswer({ statusCode, body, headers: {} } as never);

	test('a reseller envelope with an error code inside a 200 counts as that error', () => {
		expect(answer(200, { code: 402, message: 'Insufficient balance', data: null })).toMatchObject({
			status: 402,
			errorInsideOk: true,
			said: 'Insufficient balance',
		});
		expect(answer(200, { code: 'upstream_error', message: 'boom', data: null })).toMatchObject({ status: 502, errorInsideOk: true });
		// A task envelope with data is a success; so is the native shape.
		expect(answer(200, { code: 200, message: 'ok', data: { task_id: 'x' } }).errorInsideOk).toBe(false);
		expect(answer(200, { created: 'now', data: [] }).errorInsideOk).toBe(false);
	});

	test('HTML, plain text and empty bodies are named as such', () => {
		const html = answer(502, '<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>');
		expect(html).toMatchObject({ kind: 'html', status: 502, said: 'an HTML page titled "502 Bad Gateway" instead of JSON' });
		expect(answer(200, '<!doctype html><html><body>Sign in</body></html>')).toMatchObject({ status: 502, errorInsideOk: true, kind: 'html' });
		expect(answer(500, 'Internal Server Error')).toMatchObject({ kind: 'text', said: 'Internal Server Error' });
		expect(answer(200, '')).toMatchObject({ kind: 'empty', errorInsideOk: true });
	});

	test('the words come from every common error shape, and the key is blanked out', () => {
		expect(answer(400, { error: 'Invalid resolution' }).said).toBe('Invalid resolution');
		expect(answer(403, { detail: 'Forbidden' }).said).toBe('Forbidden');
		expect(answer(422, { detail: [{ loc: ['body', 'seed'], msg: 'must be >= 0' }] }).said).toBe('seed: must be >= 0');
		expect(answer(429, { error: { message: 'Slow down', code: 'inflight_limit' } })).toMatchObject({ said: 'Slow down', reason: 'inflight_limit' });
		const leaked = readAnswer({ statusCode: 401, body: { message: 'bad key sk-secret-1234' }, headers: {} } as never, 'sk-secret-1234');
		expect(leaked.said).toBe('bad key ***');
	});

	test('transport errors are told apart by code and message', () => {
		expect(transportKind(Object.assign(new Error('timeout of 500ms exceeded'), { code: 'ECONNABORTED' }))).toBe('timeout');
		expect(transportKind(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))).toBe('reset');
		expect(transportKind(new Error('wrapped', { cause: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }) }))).toBe('refused');
		expect(transportKind(Object.assign(new Error('canceled'), { code: 'ERR_CANCELED' }))).toBe('cancelled');
	});
});

describe('downloads', () => {
	test('links are shown without their signature', () => {
		expect(displayUrl('https://ideogram.ai/api/images/ephemeral/abc.png?exp=1&sig=deadbeef')).toBe(
			'https://ideogram.ai/api/images/ephemeral/abc.png',
		);
	});
	test('image bytes are recognised whatever the host claimed', () => {
		expect(sniffImage(makePng(4, 4))).toBe('image/png');
		expect(sniffImage(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
		expect(sniffImage(Buffer.from('<html>'))).toBeUndefined();
	});
});
