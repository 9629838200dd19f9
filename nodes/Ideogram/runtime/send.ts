import {
	deepCopy,
	type DeclarativeRestApiSettings,
	type IDataObject,
	type IExecutePaginationFunctions,
	type IExecuteSingleFunctions,
	type INodeExecutionData,
	type NodeApiError,
} from 'n8n-workflow';

import type { OperationDefinition } from '../description/operation';
import { connectionError, fromHttpClient, transportKind } from '../errors/connection';
import { factsOf, rebuildError, retryHintOf, type ItemError } from '../errors/facts';
import { encodeBody } from '../input/body';
import { readInputFiles } from '../input/files';
import { heldJobsOf, jobCollected, keepForJob } from '../limits/heldJobs';
import { adaptation, slotsFor } from '../limits/imageSlots';
import { backoffMs, pause, seconds, type RunSettings } from '../limits/retry';
import { guardRequest, routedRequest } from '../transport/ideogram';
import { reportsThrottling } from '../versions';
import { lookAtJob, pendingJob, pollJob } from './jobs';
import type { Failing } from './runState';

/**
 * Sending one item's request, within the image slots, with retries: take the slots, read the input
 * files and encode the body (only now, so memory is bounded by what is in flight), send, and on a
 * 429, a 503 or a reset before any answer wait and try again, within Max Retries and Max Retry Wait.
 * A v2 job keeps its slots while it is polled (or after the item returns, without waiting).
 */

export async function send(
	this: IExecutePaginationFunctions,
	def: OperationDefinition,
	requestData: DeclarativeRestApiSettings.ResultOptions,
	fields: IDataObject,
	settings: RunSettings,
	stopped: () => ItemError | undefined,
	failing: (error: Failing) => void,
	waitForJob: boolean,
): Promise<INodeExecutionData[]> {
	const options = requestData.options;
	guardRequest(options, settings.timeoutMs);

	const signal = this.getExecutionCancelSignal?.();
	const credentialId = this.getNode().credentials?.ideogramApi?.id ?? 'default';
	const poolKey = `${credentialId}|${String(options.baseURL)}`;
	const adaptive = adaptation.on;
	const look = (generationId: string) => lookAtJob.call(this, requestData, generationId);
	// Reading a job puts nothing in flight: its images were counted when it was sent.
	const images = def.noImages || def.job?.kind === 'collect' ? 0 : def.imagesInFlight ? def.imagesInFlight(fields) : 1;
	const causes: string[] = [];
	let waited = 0;
	const throttled = { http429: 0, waitedMs: 0 };

	for (let attempt = 1; ; attempt++) {
		const slots = slotsFor(poolKey, settings.maxImagesInFlight, adaptive);
		const asked = Date.now();
		const held = images ? await heldJobsOf(slots).acquire(images, look, signal) : 0;
		throttled.waitedMs += Date.now() - asked;
		let epoch = slots.epoch;
		let refused: unknown; // before sending: the node already failed, or a bad input file
		let failure: unknown; // the request itself
		let items: INodeExecutionData[] | undefined;
		let keptFor: string | undefined; // a job sent without waiting: it keeps the slots (limits/heldJobs.ts)
		try {
			refused = stopped();
			if (refused === undefined) {
				try {
					// Input files are read here, inside the slot, and dropped with the body afterwards.
					const body = deepCopy(fields);
					const files = await readInputFiles.call(this, def, body);
					encodeBody(def, options, body, files);
				} catch (error) {
					refused = error;
				}
			}
			if (refused === undefined) {
				try {
					epoch = slots.epoch;
					const answer = await routedRequest.call(this, requestData);
					if (images) slots.succeeded();
					// A job's images are still in the making, and Ideogram counts them in flight until
					// they are done: its slots stay held while it is polled, or after the item returns.
					const pending = def.job ? pendingJob(answer) : undefined;
					items = pending && waitForJob ? await pollJob.call(this, requestData, pending, settings.timeoutMs, signal, () => slots.queued > 0) : answer;
					if (pending && !waitForJob && def.job?.kind === 'submit') keptFor = pending;
					if (def.job?.kind === 'collect' && !pendingJob(items)) jobCollected(generationIdIn(options.url));
				} catch (error) {
					failure = error;
				}
			}
			// Said while the slot is still held, so no item waiting for it is sent after a failure.
			if (refused !== undefined && !factsOf(refused).skipped) failing(refused as Failing);
			if (failure !== undefined && !mayRetry(def, failure)) failing(failure as Failing);
		} finally {
			if (keptFor) keepForJob(slots, keptFor, held, settings.timeoutMs, look);
			else if (held) slots.release(held);
			options.body = {};
		}
		if (refused !== undefined) throw refused as Error;
		if (items) return withThrottling(this, items, throttled);

		const error = fromHttpClient(failure)
			? await connectionError.call(this, failure, settings.timeoutMs)
			: (failure as Error);
		if (!mayRetry(def, error) && retryHintOf(error)?.cause === 'connection-reset') throw mayExist(this, error, attempt);
		const hint = retryHintOf(error);
		const giveUp = (stop: string) => withTries(this, error, attempt, causes, waited, stop);
		if (!hint || signal?.aborted || transportKind(failure) === 'cancelled') throw giveUp('');
		causes.push(causeLabel(error, hint.cause));
		// Only a request that puts images in flight meets that limit (a 429 on reading a job is another).
		if (hint.inflightLimit && images) {
			throttled.http429++;
			slots.throttled(epoch, hint.maxInflight);
		}
		if (attempt > settings.maxRetries) throw giveUp(`"Max Retries" is ${settings.maxRetries}`);
		const wanted = hint.retryAfterMs ?? backoffMs(attempt);
		const wait = Math.min(wanted, settings.maxRetryWaitMs - waited);
		if (wanted > 0 && wait <= 0) throw giveUp(`"Max Retry Wait" of ${seconds(settings.maxRetryWaitMs)} is used up`);
		await pause(wait, signal);
		waited += wait;
		throttled.waitedMs += wait;
		if (signal?.aborted) throw giveUp('the execution was cancelled');
		const stop = stopped();
		if (stop) throw stop;
	}
}

/** The generation id at the end of a Get Generation path. */
const generationIdIn = (url: string | undefined) => decodeURIComponent(String(url ?? '').split('/').pop() ?? '');

/**
 * Version 2 items that met the in-flight limit say so: how many 429s, and how long the item
 * waited in all (for a slot, and between tries). Version 1's output stays as it always was.
 */
function withThrottling(ctx: IExecuteSingleFunctions, items: INodeExecutionData[], throttled: { http429: number; waitedMs: number }): INodeExecutionData[] {
	if (!throttled.http429 || !reportsThrottling(ctx.getNode().typeVersion)) return items;
	for (const item of items) item.json.throttled = { ...throttled };
	return items;
}

/**
 * Whether a new try may help (429, 503, a reset before any answer), judged without waiting. A v2
 * job is the exception for resets: Ideogram may have accepted it before the connection closed,
 * and one item must never make two billed jobs, so only answers that say "not accepted" count.
 */
function mayRetry(def: OperationDefinition, failure: unknown): boolean {
	const reset = retryHintOf(failure)?.cause === 'connection-reset' || (fromHttpClient(failure) && transportKind(failure) === 'reset');
	if (reset) return def.job?.kind !== 'submit';
	return retryHintOf(failure) !== undefined;
}

/** A v2 job whose connection closed before the answer: reported, never sent again. */
function mayExist(ctx: IExecuteSingleFunctions, error: Error, tries: number): ItemError {
	return rebuildError(ctx.getNode(), error, {
		message: `${error.message}; not sent again, as Ideogram may already have accepted the job`,
		description: `Ideogram may be making (and billing) these images without the node knowing the job's id. Look in your Ideogram account before running the item again.${tries > 1 ? ` This was try ${tries}.` : ''}`,
		itemIndex: ctx.getItemIndex(),
		facts: { ...factsOf(error), retry: undefined },
	});
}

function causeLabel(error: Error, cause: string): string {
	const code = (error as NodeApiError).httpCode;
	return code ? `HTTP ${code}` : cause.replace('-', ' ');
}

/**
 * The last error of an item that was tried more than once, saying how often and why: "Gave up after
 * 6 tries: …" when retries ran out (`stop` says which limit), or the error of a later try that was
 * not worth retrying, with the tries before it.
 */
function withTries(
	ctx: IExecuteSingleFunctions,
	error: Error,
	tries: number,
	causes: string[],
	waitedMs: number,
	stop: string,
): Error {
	if (tries <= 1) return error;
	const counts = new Map<string, number>();
	for (const c of causes) counts.set(c, (counts.get(c) ?? 0) + 1);
	const history = [...counts].map(([c, n]) => `${n} × ${c}`).join(', ');
	const exhausted = stop !== '';
	const message = exhausted
		? `Gave up after ${tries} tries: ${error.message}`
		: `${error.message} (on try ${tries}, after ${history})`;
	const description = [
		`${exhausted ? `All ${tries} tries were refused: ${history}` : `The tries before were refused: ${history}`}; waited ${seconds(waitedMs)} in total between tries${exhausted ? `; stopped because ${stop}` : ''}.`,
		(error as NodeApiError).description ?? '',
	]
		.filter(Boolean)
		.join(' ');
	return rebuildError(ctx.getNode(), error, { message, description, itemIndex: ctx.getItemIndex(), facts: { ...factsOf(error), tries } });
}
