import { IDLE_POOL_MS, ImageSlots, poolCount, slotsFor } from '../../../nodes/Ideogram/limits/imageSlots';

const tick = () => new Promise((r) => setImmediate(r));

describe('ImageSlots adapts its cap to 429s (AIMD)', () => {
	test('a 429 cuts the cap to 70 %, once per window of requests sent together, never below 1', () => {
		const slots = new ImageSlots(10);
		const window = slots.epoch;
		expect(slots.throttled(window)).toBe(true);
		expect(slots.cap).toBe(7);
		// The other requests of the same burst were sent before the cut: they change nothing.
		for (let i = 0; i < 9; i++) expect(slots.throttled(window)).toBe(false);
		expect(slots.cap).toBe(7);
		// A request sent after the cut that still meets the limit cuts again.
		expect(slots.throttled(slots.epoch)).toBe(true);
		expect(slots.cap).toBe(4);
		for (let i = 0; i < 5; i++) slots.throttled(slots.epoch);
		expect(slots.cap).toBe(1);
	});

	test('one slot comes back per run of `cap` successes, up to the configured capacity and no further', () => {
		const slots = new ImageSlots(6);
		slots.throttled(slots.epoch); // 6 → 4
		expect(slots.cap).toBe(4);
		const grow = (n: number) => {
			for (let i = 0; i < n; i++) slots.succeeded();
		};
		grow(3);
		expect(slots.cap).toBe(4);
		grow(1);
		expect(slots.cap).toBe(5);
		grow(4);
		expect(slots.cap).toBe(5);
		grow(1);
		expect(slots.cap).toBe(6);
		grow(100);
		expect(slots.cap).toBe(6);
	});

	test('the limit a v2 429 states bounds the cut and the growth', () => {
		const slots = new ImageSlots(20);
		slots.throttled(slots.epoch, 8);
		expect(slots.cap).toBe(8);
		for (let i = 0; i < 1000; i++) slots.succeeded();
		expect(slots.cap).toBe(8);
	});

	test('with the adaptation off the cap stays at the capacity', () => {
		const slots = new ImageSlots(10, false);
		expect(slots.throttled(slots.epoch, 5)).toBe(false);
		expect(slots.cap).toBe(10);
	});

	test('after a cut, slots already held above the new cap keep new requests waiting until enough are freed', async () => {
		const slots = new ImageSlots(10);
		const held: number[] = [];
		for (let i = 0; i < 10; i++) held.push(await slots.acquire(1));
		slots.throttled(slots.epoch); // cap 7 with 10 held
		let granted = 0;
		const next = slots.acquire(1).then((n) => (granted = n));
		for (let i = 0; i < 3; i++) slots.release(held.pop()!);
		await tick();
		expect(granted).toBe(0); // 7 held, cap 7: still full
		slots.release(held.pop()!);
		await next;
		expect(granted).toBe(1);
		expect(slots.active).toBe(7);
	});

	test('after a 429 the freed slot does not go to the next queued item until a request goes through', async () => {
		const slots = new ImageSlots(10);
		const held: number[] = [];
		for (let i = 0; i < 10; i++) held.push(await slots.acquire(1));
		let granted = false;
		const next = slots.acquire(1).then(() => (granted = true));
		// One refused: its slot comes back, and the cut leaves room (cap 7, 6 held after the releases)...
		slots.throttled(slots.epoch);
		for (let i = 0; i < 4; i++) slots.release(held.pop()!);
		await tick();
		// ...but sending now would most likely be refused too: it waits for a sign that the API has room.
		expect(granted).toBe(false);
		expect(slots.stalled).toBe(true);
		slots.succeeded();
		await next;
		expect(slots.stalled).toBe(false);
		// The cut cap (7) is full again with the slot just granted; the next slot freed goes to a new
		// request at once, since the pause is over.
		expect([slots.cap, slots.active]).toEqual([7, 7]);
		slots.release(held.pop()!);
		await expect(slots.acquire(1)).resolves.toBe(1);
		expect(slots.active).toBe(7);
	});

	test('with nothing going through, the pause after a 429 ends by itself', async () => {
		const slots = new ImageSlots(2);
		const one = await slots.acquire(1);
		slots.throttled(slots.epoch);
		slots.release(one);
		// Nothing is in flight to bring a success: the next request still goes, about a second later.
		expect(await slots.acquire(1)).toBe(1);
		expect(slots.stalled).toBe(false);
	});

	test('a larger request than the cut cap runs alone, and changing the setting keeps the cut unless the new capacity is below it', async () => {
		const slots = new ImageSlots(10);
		slots.throttled(slots.epoch);
		slots.throttled(slots.epoch); // cap 4
		expect(await slots.acquire(8)).toBe(4);
		slots.release(4);
		slots.resize(12);
		expect(slots.cap).toBe(4);
		slots.resize(3);
		expect(slots.cap).toBe(3);
		for (let i = 0; i < 10; i++) slots.succeeded();
		expect(slots.cap).toBe(3);
	});
});

describe('pools per credential', () => {
	test('idle pools expire, busy ones stay, and the count does not grow with use', async () => {
		const start = Date.now();
		const busy = slotsFor('expiry-busy|http://a', 10, true, start);
		const held = await busy.acquire(1);
		const idle = slotsFor('expiry-idle|http://b', 10, true, start);
		idle.throttled(idle.epoch);
		for (let i = 0; i < 50; i++) slotsFor('expiry-idle|http://b', 10, true, start);
		const before = poolCount();
		const later = Date.now() + IDLE_POOL_MS + 1;
		slotsFor('expiry-other|http://c', 10, true, later);
		expect(poolCount()).toBe(before); // idle-b went, other-c came
		expect(slotsFor('expiry-busy|http://a', 10, true, later)).toBe(busy);
		const fresh = slotsFor('expiry-idle|http://b', 10, true, later);
		expect(fresh).not.toBe(idle);
		expect(fresh.cap).toBe(10); // what was learned about an old load is forgotten with it
		busy.release(held);
	});
});

/**
 * Processes sharing one limit, in rounds of one latency: each sends up to its cap from an endless
 * queue, the shared API accepts up to the limit and refuses the rest at once (a 429 costs no
 * time), and the refused requests are sent again next round. Deterministic: who sends first
 * alternates.
 */
function simulate(processes: number, limit: number, capacity: number, adaptive: boolean, rounds: number) {
	const pools = Array.from({ length: processes }, () => new ImageSlots(capacity, adaptive));
	let accepted = 0;
	let refused = 0;
	const tail: number[] = [];
	for (let round = 0; round < rounds; round++) {
		let inFlight = 0;
		const done: ImageSlots[] = [];
		for (let k = 0; k < processes; k++) {
			const pool = pools[(round + k) % processes];
			for (let sent = 0; sent < pool.cap; sent++) {
				const epoch = pool.epoch;
				if (inFlight < limit) {
					inFlight++;
					done.push(pool);
				} else {
					refused++;
					pool.throttled(epoch, limit);
				}
			}
		}
		for (const pool of done) pool.succeeded();
		accepted += inFlight;
		if (round >= rounds / 2) tail.push(pools.reduce((sum, p) => sum + p.cap, 0));
	}
	return { accepted, refused, utilisation: accepted / (rounds * limit), tailCaps: tail };
}

describe('several processes sharing one limit', () => {
	test('one process at its limit never meets a 429, so never shrinks', () => {
		const run = simulate(1, 10, 10, true, 50);
		expect(run.refused).toBe(0);
		expect(run.utilisation).toBe(1);
	});

	test('two processes of 10 against a limit of 10: far fewer 429s than fixed caps, the API kept busy, the sum of caps near the limit', () => {
		const fixed = simulate(2, 10, 10, false, 40);
		const adaptive = simulate(2, 10, 10, true, 40);
		expect(fixed.refused).toBe(400);
		expect(adaptive.refused).toBeLessThanOrEqual(fixed.refused / 3);
		expect(adaptive.utilisation).toBeGreaterThanOrEqual(0.8);
		expect(Math.max(...adaptive.tailCaps)).toBeLessThanOrEqual(14);
	});

	test('three processes converge too', () => {
		const fixed = simulate(3, 10, 10, false, 60);
		const adaptive = simulate(3, 10, 10, true, 60);
		expect(adaptive.refused).toBeLessThanOrEqual(fixed.refused / 3);
		expect(adaptive.utilisation).toBeGreaterThanOrEqual(0.8);
	});
});
