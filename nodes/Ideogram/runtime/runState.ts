import type { IExecuteSingleFunctions, INodeExecutionData } from 'n8n-workflow';

import { rebuildError, type ItemError } from '../errors/facts';

/**
 * One run of the node: what each item already got (so Retry On Fail never bills an item twice),
 * and whether the node has already failed (so items not sent yet are not sent).
 */

export interface Memo {
	generated?: INodeExecutionData[];
	output?: INodeExecutionData[];
}

/** What a failure must offer to stand for the run: the error, or the raw one while it is rebuilt. */
export type Failing = Error & { description?: string | null; httpCode?: string | null };

/**
 * n8n's "Retry On Fail" runs the whole node again, every item, on the same execution data; so does
 * an error item first in the output when Continue On Fail is on. State is kept per execution-data
 * object (it goes with the execution), so a new run returns what each item already got instead
 * of generating and billing again, and a failed download is fetched again without regenerating.
 */
export interface RunState {
	/** Which run of the node on this execution data the items belong to (1, 2, … per Retry On Fail). */
	attempt: number;
	/** Per item and request: what it already got. Kept across attempts: that is their purpose. */
	memos: Map<string, Memo>;
	/** The first failure of an attempt while Continue On Fail is off: the node fails with it. */
	stop?: { attempt: number; itemIndex: number; error: Failing };
}

const runs = new WeakMap<object, RunState>();

/**
 * This item's run state. RoutingNode starts the items of a run in order, 0 first, and runs the node
 * again only after every item of the last run has settled: item 0 starting is a new attempt, and
 * a failure of the last attempt no longer stops anything.
 */
export function runFor(ctx: IExecuteSingleFunctions): RunState | undefined {
	const data = ctx.getExecuteData?.();
	if (!data || typeof data !== 'object') return undefined;
	let state = runs.get(data);
	if (!state) {
		state = { attempt: 0, memos: new Map() };
		runs.set(data, state);
	}
	if (ctx.getItemIndex() === 0) state.attempt++;
	return state;
}

export function memoFor(run: RunState | undefined, itemIndex: number, request: string): Memo | undefined {
	if (!run) return undefined;
	const key = `${itemIndex}|${request}`;
	let memo = run.memos.get(key);
	if (!memo) {
		memo = {};
		run.memos.set(key, memo);
	}
	return memo;
}

/**
 * Without Continue On Fail the node fails at its first failed item, and n8n discards every other
 * item's output: items not sent yet are not sent (and not billed). They fail with the same message,
 * so whichever item n8n reports, the user reads the real cause.
 */
export function skipped(ctx: IExecuteSingleFunctions, stop: NonNullable<RunState['stop']>): ItemError {
	const description = `Item ${stop.itemIndex + 1} failed with this error first. With Continue On Fail off the node fails, so this item (${ctx.getItemIndex() + 1}) was not sent and not billed.${stop.error.description ? ` ${stop.error.description}` : ''}`;
	return rebuildError(ctx.getNode(), stop.error, { description, itemIndex: ctx.getItemIndex(), facts: { skipped: true } });
}

export function copyItems(items: INodeExecutionData[]): INodeExecutionData[] {
	return items.map((item) => ({
		...item,
		json: { ...item.json },
		...(item.binary ? { binary: { ...item.binary } } : {}),
	}));
}
