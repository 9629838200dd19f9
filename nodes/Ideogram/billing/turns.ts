import type { IExecuteSingleFunctions } from 'n8n-workflow';

/**
 * Items are quoted and reserve one at a time, in the order they started (item order: RoutingNode
 * starts them one by one), so under a cap the first items of a run are the ones sent. Each item's
 * turn follows the turn of the item that started before it in the same run of the node
 * (RoutingNode's execute data); an item RoutingNode never started (its parameters failed) is simply
 * not in the line. Real requests do not wait in this line: an item leaves it once it has reserved.
 */
const lastTurn = new WeakMap<object, Promise<void>>();

export interface Turn {
	/** Resolves once every item that started before this one has had its turn. */
	wait(): Promise<void>;
	/** This item's turn is over (idempotent). */
	done(): void;
}

/** Call before the item's first await, so the line is in the order the items started. */
export function turnOf(ctx: IExecuteSingleFunctions): Turn {
	const data = ctx.getExecuteData?.();
	if (!data || typeof data !== 'object') return { wait: async () => {}, done: () => {} };
	const before = lastTurn.get(data) ?? Promise.resolve();
	let finish!: () => void;
	const own = new Promise<void>((resolve) => (finish = resolve));
	lastTurn.set(data, before.then(async () => await own));
	return { wait: async () => await before, done: () => finish() };
}
