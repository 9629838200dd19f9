import { NodeApiError, NodeOperationError, type DeclarativeRestApiSettings, type IExecutePaginationFunctions, type IExecuteSingleFunctions, type INodeExecutionData, type JsonObject } from 'n8n-workflow';

import { itemOptions } from '../description/options';
import { throwOnApiError } from '../errors/apiErrors';
import { transportKind } from '../errors/connection';
import { retryHintOf } from '../errors/facts';
import type { JobLook } from '../limits/heldJobs';
import { pause, pollWait, seconds } from '../limits/retry';
import { withJob } from '../output/jobStatusItems';
import { jobRequest, routedRequest } from '../transport/ideogram';

/**
 * Ideogram's jobs (v2): a request sent with `async: true` is answered as soon as Ideogram accepts
 * it, with a generation id; the result is read at GET /v2/generations/{id}, which is free. The
 * node sends every v2 generation this way: a long generation then never holds a connection open,
 * and an item that runs out of time reports its id instead of being sent again (one item, one
 * billed job).
 */


export interface JobSettings {
	wait: boolean;
	webhookUrl?: string;
}

export function readJobSettings(ctx: IExecuteSingleFunctions): JobSettings {
	const options = itemOptions(ctx);
	const webhook = String(options.webhookUrl ?? '').trim();
	if (webhook && !/^https:\/\/[^\s/]+/i.test(webhook)) {
		throw new NodeOperationError(ctx.getNode(), `Options → Webhook URL "${webhook.slice(0, 80)}" is not an https address`, {
			itemIndex: ctx.getItemIndex(),
			description: 'Ideogram delivers results only to public https addresses. Enter one, or remove the option.',
		});
	}
	return { wait: options.waitForCompletion !== false, ...(webhook ? { webhookUrl: webhook } : {}) };
}

/** The one item a job answer becomes while it has no images yet: its id and status. */
export function pendingJob(items: INodeExecutionData[]): string | undefined {
	const [first] = items;
	return items.length === 1 && first.json.status === 'pending' && typeof first.json.generation_id === 'string'
		? first.json.generation_id
		: undefined;
}

/** How long recent jobs took, per base URL and endpoint; small and bounded (kept per process). */
const durations = new Map<string, number[]>();
const SAMPLES = 9;
const MAX_ENDPOINTS = 100;

function expectedDuration(key: string): number | undefined {
	const seen = durations.get(key);
	if (!seen?.length) return undefined;
	return [...seen].sort((a, b) => a - b)[Math.floor(seen.length / 2)];
}

function learnDuration(key: string, ms: number): void {
	const seen = durations.get(key) ?? [];
	seen.push(ms);
	if (seen.length > SAMPLES) seen.shift();
	durations.delete(key); // re-inserted last: the map drops the endpoint used longest ago
	durations.set(key, seen);
	if (durations.size > MAX_ENDPOINTS) durations.delete(durations.keys().next().value!);
}


/**
 * Polls a job until it has its images (returned as items), failed, or the time is up. Polls are
 * free and never start work, so a 429 (Ideogram's polling limit), a reset or a timeout of one poll
 * only means polling again later; an answer that says the job failed, or a 4xx, ends it.
 */
export async function pollJob(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
	generationId: string,
	timeoutMs: number,
	signal?: AbortSignal,
	/** Whether other items wait for the slots this job holds (limits/retry.ts, pollWait). */
	contended: () => boolean = () => false,
): Promise<INodeExecutionData[]> {
	const started = Date.now();
	const deadline = started + timeoutMs;
	const poll = jobRequest(requestData, generationId);
	// Jobs started here (not Get Generation's, whose start is unknown) teach how long this endpoint takes.
	const endpoint = requestData.options.method === 'GET' ? undefined : `${String(requestData.options.baseURL)}|${String(requestData.options.url)}`;
	const expected = endpoint === undefined ? undefined : expectedDuration(endpoint);
	let wait = pollWait(0, expected);
	for (let polls = 0; ; polls++) {
		await pause(Math.max(0, Math.min(wait, deadline - Date.now())), signal);
		if (signal?.aborted) {
			throw withJob(
				new NodeOperationError(this.getNode(), 'The execution was cancelled while the job was running', {
					itemIndex: this.getItemIndex(),
					description: `The job may still finish at Ideogram (and be billed). Its generation ID is ${generationId}: collect it with Get Generation.`,
				}),
				generationId,
			);
		}
		if (Date.now() >= deadline) throw stillRunning(this, generationId, timeoutMs, polls);
		let items: INodeExecutionData[];
		try {
			items = await routedRequest.call(this, poll);
		} catch (error) {
			const hint = retryHintOf(error);
			const transient = hint !== undefined || ['reset', 'timeout', 'refused'].includes(transportKind(error));
			if (!transient) throw withJob(error as Error, generationId);
			wait = Math.max(pollWait(Date.now() - started, expected, contended()), hint?.retryAfterMs ?? 0);
			continue;
		}
		if (!pendingJob(items)) {
			// Done somewhere within the last wait: count it as done half-way.
			if (endpoint !== undefined && items[0]?.json?.status !== 'failed') learnDuration(endpoint, Date.now() - started - wait / 2);
			return items;
		}
		wait = pollWait(Date.now() - started, expected, contended());
	}
}

/**
 * One look at a job whose slots are held (limits/heldJobs.ts), made by a waiting item of any
 * operation: so only the status is read, not the item's own output hook. Errors that say nothing
 * about the job (the polling limit, a reset) mean "look again"; any other answer ends the hold.
 */
export async function lookAtJob(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
	generationId: string,
): Promise<JobLook> {
	const look = { ...jobRequest(requestData, generationId), postReceive: [{ data: { parameterValue: undefined }, actions: [throwOnApiError] }] };
	try {
		const [answer] = await routedRequest.call(this, look);
		return { done: answer?.json?.status !== 'pending' };
	} catch (error) {
		const hint = retryHintOf(error);
		if (hint !== undefined || ['reset', 'timeout', 'refused'].includes(transportKind(error))) {
			return { done: false, retryAfterMs: hint?.retryAfterMs };
		}
		return { done: true };
	}
}

function stillRunning(ctx: IExecuteSingleFunctions, generationId: string, timeoutMs: number, polls: number): Error {
	return withJob(
		new NodeApiError(ctx.getNode(), { generation_id: generationId } as JsonObject, {
			message: `The job was still running at Ideogram after ${seconds(timeoutMs)} (the Timeout option); it was not sent again`,
			description: `Polled ${polls} times. Its generation ID is ${generationId}: collect the result later with Image → Get Generation (it stays available for about a day), or raise Timeout.`,
			itemIndex: ctx.getItemIndex(),
		}),
		generationId,
	);
}
