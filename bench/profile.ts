/**
 * Reads a V8 CPU profile of the n8n process (`node --cpu-prof`) taken during a run of our node,
 * to say where the time over the physical limit goes:
 * - n8n's RoutingNode prepares every item in one synchronous loop before any request can leave
 *   (n8n-core routing-node.js, runNode): how long that loop ran, and how much of it was
 *   expression evaluation;
 * - after that loop, while requests and downloads are in flight: how much of the main thread went
 *   to garbage collection, and the longest stretch of it (the event loop can hand a freed image slot
 *   to the next item only between such stretches).
 */
import { promises as fs } from 'fs';

interface CallFrame {
	functionName: string;
	url: string;
}
interface ProfileNode {
	id: number;
	callFrame: CallFrame;
	children?: number[];
}
interface CpuProfile {
	nodes: ProfileNode[];
	samples: number[];
	timeDeltas: number[];
}

export interface ProfileFindings {
	/** The synchronous RoutingNode item loop. */
	routingLoopMs: number;
	/** Of which evaluating n8n expressions (Expression.renderExpression and below), in both passes. */
	expressionMs: number;
	/** Of which in RoutingNode.resolveBaseUrl (a second pass over every property, per item), its expressions included. */
	resolveBaseUrlMs: number;
	/** Outside resolveBaseUrl: evaluating expressions. */
	firstPassExpressionMs: number;
	/** Outside resolveBaseUrl and expressions: inside our package's code. */
	ourCodeMs: number;
	/** From the end of that loop (≈ the first request) over `windowMs` (the generation phase). */
	afterLoopMs: number;
	gcAfterLoopMs: number;
	/** Longest run of consecutive garbage-collector samples after the loop. */
	longestGcMs: number;
	/** Busy (neither idle nor GC) after the loop. */
	busyAfterLoopMs: number;
}

const IDLE = new Set(['(idle)', '(program)']);

export async function analyseProfile(file: string, packageName: string, windowMs: number): Promise<ProfileFindings | undefined> {
	const p = JSON.parse(await fs.readFile(file, 'utf8')) as CpuProfile;
	const byId = new Map(p.nodes.map((n) => [n.id, n]));
	const parent = new Map<number, number>();
	for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
	const stackOf = (leaf: number): CallFrame[] => {
		const frames: CallFrame[] = [];
		for (let id: number | undefined = leaf; id !== undefined; id = parent.get(id)) frames.push(byId.get(id)!.callFrame);
		return frames;
	};
	// A sample's duration is the delta to the next sample.
	const dur = (i: number) => (p.timeDeltas[i + 1] ?? 0) / 1000;
	const isRoutingLoop = (s: CallFrame[]) => s.some((f) => f.functionName === 'runNode' && f.url.includes('routing-node'));

	const stacks = p.samples.map(stackOf);
	// The loop has no await, so it is one stretch without idle samples; runNode also runs briefly
	// before it (awaiting the credentials) and after it (collecting the answers): take the longest.
	let first = -1;
	let end = -1;
	for (let i = 0; i < stacks.length; ) {
		if (!isRoutingLoop(stacks[i])) {
			i++;
			continue;
		}
		let j = i;
		while (j < stacks.length && stacks[j][0].functionName !== '(idle)') j++;
		let ms = 0;
		for (let k = i; k < j; k++) ms += dur(k);
		let best = 0;
		for (let k = first; k >= 0 && k < end; k++) best += dur(k);
		if (first < 0 || ms > best) {
			first = i;
			end = j;
		}
		i = j + 1;
	}
	if (first < 0) return undefined;

	const f: ProfileFindings = {
		routingLoopMs: 0,
		expressionMs: 0,
		resolveBaseUrlMs: 0,
		firstPassExpressionMs: 0,
		ourCodeMs: 0,
		afterLoopMs: 0,
		gcAfterLoopMs: 0,
		longestGcMs: 0,
		busyAfterLoopMs: 0,
	};
	for (let i = first; i < end; i++) {
		const d = dur(i);
		f.routingLoopMs += d;
		const expression = stacks[i].some((fr) => fr.functionName === 'renderExpression');
		if (expression) f.expressionMs += d;
		if (stacks[i].some((fr) => fr.functionName === 'resolveBaseUrl')) f.resolveBaseUrlMs += d;
		else if (expression) f.firstPassExpressionMs += d;
		else if (stacks[i].some((fr) => fr.url.includes(`/node_modules/${packageName}/`))) f.ourCodeMs += d;
	}
	let gcRun = 0;
	for (let i = end; i < stacks.length && f.afterLoopMs < windowMs; i++) {
		const d = dur(i);
		const leaf = stacks[i][0].functionName;
		f.afterLoopMs += d;
		if (leaf === '(garbage collector)') {
			f.gcAfterLoopMs += d;
			gcRun += d;
			f.longestGcMs = Math.max(f.longestGcMs, gcRun);
		} else {
			gcRun = 0;
			if (!IDLE.has(leaf)) f.busyAfterLoopMs += d;
		}
	}
	return f;
}
