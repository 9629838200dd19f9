import { ImageSlots } from '../../../nodes/Ideogram/limits/imageSlots';

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
