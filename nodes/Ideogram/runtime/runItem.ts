import {
	NodeApiError,
	NodeOperationError,
	deepCopy,
	type DeclarativeRestApiSettings,
	type IDataObject,
	type IExecutePaginationFunctions,
	type IExecuteSingleFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { PROVIDERS, talksToIdeogram, type Provider } from '../description/providers';
import type { OperationDefinition } from '../description/operation';
import { reportsThrottling } from '../versions';
import { connectionError, factsOf, rebuildError, redact, retryHintOf, transportKind, type ItemError } from '../errors/apiErrors';
import { encodeBody, prepareBody } from '../input/body';
import { readInputFiles } from '../input/files';
import { quoteOnly, readCostSettings, reserveSpend, turnOf, type Reservation } from '../billing/cost';
import { downloadImages } from '../transport/download';
import { heldJobsOf, jobCollected, keepForJob } from '../limits/heldJobs';
import { lookAtJob, pendingJob, pollJob, readJobSettings } from './jobs';
import { adaptation, slotsFor } from '../limits/imageSlots';
import { backoffMs, pause, readSettings, seconds, type RunSettings } from '../limits/retry';

/**
 * Each item's whole life, run by RoutingNode in place of its plain request (requestOperations.
 * pagination, reached because every operation sets `send.paginate`):
 *
 * 1. check the fields (cheap, before anything is held or sent); with Price Quote Only the item's
 *    quote is its output, and under Max Spend per Execution its price is reserved first (cost.ts);
 * 2. take image slots (at most "Max Images in Flight" per credential, num_images counting);
 * 3. read the input files and encode the body, only now, so memory is bounded by what is in flight;
 * 4. send, and shape the answer (postReceive: apiErrors.ts, then the operation's output hook);
 * 5. free the slots; on 429, 503 or a connection reset, wait (Retry-After, else backoff with
 *    jitter) and go back to 2, within "Max Retries" and "Max Retry Wait";
 * 6. download the images, after the slots are freed; a failed download never regenerates.
 *
 *   fields ok? ──no──────────────────────────────────────────────────────────────┐
 *     │ yes                                                                       │
 *   memo of an earlier run of the node? ──yes── its items again (nothing sent)    │
 *     │ no                                                                        │
 *   ┌▶ take slots ── the node already failed (run.stop)? ──yes── "skipped" ──────┤
 *   │    │ no                                                                     │
 *   │  read files, send ── answer ok ──▶ free slots ──▶ download ──▶ images out   │
 *   │    │ failed: free slots                                                     ▼
 *   └── 429 / 503 / reset, within the limits          otherwise ──▶ the item's error
 *
 * The item's error is rebuilt from safe parts with the key blanked out (cleanError). With
 * Continue On Fail it becomes one error item paired to the input (errorItem); without, the first
 * one to fail becomes `run.stop`, items not sent yet are not sent, and n8n fails the node.
 */
export type OperationLookup = (resource: string, operation: string) => OperationDefinition;

/**
 * The pagination hook for the node's description (Ideogram.node.ts), which hands it the operation
 * lookup: the runtime never imports resources/.
 */
export function itemRunner(findOperation: OperationLookup) {
	return async function (this: IExecutePaginationFunctions, requestData: DeclarativeRestApiSettings.ResultOptions): Promise<INodeExecutionData[]> {
		return await runItem.call(this, findOperation, requestData);
	};
}

async function runItem(
	this: IExecutePaginationFunctions,
	findOperation: OperationLookup,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	const itemIndex = this.getItemIndex();
	const run = runFor(this);
	const attempt = run?.attempt;
	/** The error to stop with when another item has already failed the node, else undefined. */
	const stopped = (): ItemError | undefined => {
		const stop = run?.stop;
		if (!stop || stop.attempt !== attempt || stop.itemIndex === itemIndex || this.continueOnFail()) return undefined;
		return skipped(this, stop);
	};
	/** This item is failing: it fails the node unless another item already did (or Continue On Fail). */
	const failing = (error: Failing) => {
		if (!run || attempt === undefined || this.continueOnFail()) return;
		if (!run.stop || run.stop.attempt !== attempt) run.stop = { attempt, itemIndex, error };
		// The same failure again, rebuilt clean: the skipped items then quote the clean words.
		else if (run.stop.itemIndex === itemIndex) run.stop.error = error;
	};
	let generated: INodeExecutionData[] | undefined;
	// Quotes and reservations go one item at a time, in item order (billing/cost.ts); taken before any await.
	const turn = turnOf(this);
	let reservation: Reservation | undefined;
	try {
		const def = findOperation(
			this.getNodeParameter('resource') as string,
			this.getNodeParameter('operation') as string,
		);
		const credentials = ((await this.getCredentials('ideogramApi')) ?? {}) as IDataObject;
		if (def.officialOnly && !talksToIdeogram(credentials)) throw resellerRefusal(this, def, credentials);
		if (def.pathFor) requestData.options.url = def.pathFor.call(this, credentials);
		if (def.query) requestData.options.url = withQuery(String(requestData.options.url), def.query.call(this));
		const settings = readSettings(this);
		const fields = prepareBody.call(this, def, (requestData.options.body ?? {}) as IDataObject);
		const job = def.job ? readJobSettings(this) : undefined;
		if (def.job?.kind === 'submit') {
			if (def.job.asyncField) fields.async = true;
			if (def.job.webhook && job?.webhookUrl) {
				const model = def.model?.call(this);
				if (model && def.job.noWebhookModels?.includes(model)) {
					throw new NodeOperationError(this.getNode(), `Options → Webhook URL is not taken by the model ${model}`, {
						itemIndex: this.getItemIndex(),
						description: 'Ideogram sends no webhook for this model: remove the Webhook URL (the node still waits for the images), or pick another model.',
					});
				}
				fields.webhook_url = job.webhookUrl;
			}
		}
		const cost = readCostSettings(this, def, String(requestData.options.url));
		if (cost.quoteOnly) return await quoteOnly.call(this, def, requestData, fields, settings.timeoutMs, turn);
		const memo = memoFor(run, itemIndex, `${def.resource}.${def.value}|${String(requestData.options.baseURL)}|${JSON.stringify(fields)}`);
		if (memo?.output) return copyItems(memo.output);
		if (memo?.generated) generated = copyItems(memo.generated);
		else {
			if (cost.capMicros !== undefined) {
				reservation = await reserveSpend.call(this, def, requestData, fields, cost.capMicros, settings.timeoutMs, turn);
			}
			turn.done();
			generated = await send.call(this, def, requestData, fields, settings, stopped, failing, job?.wait === true);
			reservation?.spent(generated);
		}
		if (memo) memo.generated = copyItems(generated);
		const output = def.noImages ? generated : await downloadImages.call(this, generated, settings.timeoutMs);
		if (memo) memo.output = copyItems(output);
		return output;
	} catch (error) {
		reservation?.failed(error, generated);
		const clean = await cleanError.call(this, error);
		if (this.continueOnFail()) return [errorItem(this, clean, generated)];
		if (!factsOf(clean).skipped) failing(clean);
		throw clean;
	} finally {
		turn.done();
	}
}

/**
 * The path with its query string, written here rather than left to n8n's `qs`, whose array format
 * differs between n8n lines: Ideogram wants a repeated key (sources=api&sources=app).
 */
function withQuery(path: string, query: Array<[string, string]>): string {
	const text = new URLSearchParams(query).toString();
	return text ? `${path}${path.includes('?') ? '&' : '?'}${text}` : path;
}

/** A v2 operation with a reseller credential: refused before sending, naming what works there. */
function resellerRefusal(ctx: IExecuteSingleFunctions, def: OperationDefinition, credentials: IDataObject): NodeOperationError {
	const provider = PROVIDERS[credentials.provider as Provider]?.label ?? String(credentials.provider);
	return new NodeOperationError(ctx.getNode(), `${def.name} (${def.officialOnly!.api ?? "Ideogram's current API"}) works only with Ideogram's own API, not with ${provider}`, {
		itemIndex: ctx.getItemIndex(),
		description: `Resellers serve only the older v1 endpoints. ${def.officialOnly?.instead ? `With this credential use ${def.officialOnly.instead}, or pick` : 'Pick'} a credential with Provider: Ideogram (Official API) (a pass-through proxy in front of api.ideogram.ai works too).`,
	});
}

/**
 * The one item a failed input becomes with Continue On Fail: the error's words and facts, and the
 * links of images that were generated (and billed) but not downloaded, so none is lost.
 *
 * On the regular output they are plain fields beside `error` (the message), as they always were.
 * For the error output ("On Error: Continue (using error output)") n8n picks the items to move by
 * their JSON: in 1.x only an item whose JSON has the single key `error` (2.x also allows `message`
 * and `details`), and an item carrying `item.error` is cut down to `{ error: message }` in both
 * lines (n8n-core's handleNodeErrorOutput and normalizeNodeErrors). So there everything goes under
 * `error`, and n8n adds the input item's own fields beside it.
 */
function errorItem(ctx: IExecuteSingleFunctions, error: ItemError, generated?: INodeExecutionData[]): INodeExecutionData {
	const facts: IDataObject = {};
	if (error.description) facts.description = error.description;
	if ((error as NodeApiError).httpCode) facts.httpCode = (error as NodeApiError).httpCode;
	const { tries, generationId } = factsOf(error);
	if (tries) facts.tries = tries;
	if (generationId) facts.generation_id = generationId;
	if (generated) facts.images = generated.map((item) => ({ ...item.json }));
	const json: IDataObject =
		ctx.getNode().onError === 'continueErrorOutput'
			? { error: { message: error.message, ...facts } }
			: { error: error.message, ...facts };
	return { json, pairedItem: { item: ctx.getItemIndex() } };
}

// ------------------------------------------------------------------------------------------------
// Sending, within the slots, with retries

/** Errors made by our hooks are kept; anything from the HTTP client is rebuilt without its request. */
function fromHttpClient(error: unknown): boolean {
	if (retryHintOf(error)) return false;
	const seen = new Set<unknown>();
	for (let level = error; level && typeof level === 'object' && !seen.has(level); level = (level as { cause?: unknown }).cause) {
		seen.add(level);
		const e = level as { isAxiosError?: unknown; code?: unknown; name?: unknown; config?: unknown };
		if (e.isAxiosError === true || e.config !== undefined) return true;
		if (e.name === 'AbortError' || e.name === 'CanceledError') return true;
		if (typeof e.code === 'string' && /^(E[A-Z]+|ERR_[A-Z_]+|UND_ERR_[A-Z_]+)$/.test(e.code)) return true;
	}
	return !(error instanceof NodeApiError || error instanceof NodeOperationError);
}

async function send(
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
	options.timeout = settings.timeoutMs;
	// The API never redirects; following one would carry the key to wherever it points.
	options.disableFollowRedirect = true;
	options.sendCredentialsOnCrossOriginRedirect = false;

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
					const answer = await this.makeRoutingRequest(requestData);
					if (images) slots.succeeded();
					// A job's images are still in the making, and Ideogram counts them in flight until
					// they are done: its slots stay held while it is polled, or after the item returns.
					const pending = def.job ? pendingJob(answer) : undefined;
					items = pending && waitForJob ? await pollJob.call(this, requestData, pending, settings.timeoutMs, signal) : answer;
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

// ------------------------------------------------------------------------------------------------
// Errors leave clean

/**
 * A fresh error with the same message, description, status and facts, the key blanked out of each,
 * and none of the original's payload, cause or request. Whatever failed, this is all n8n stores.
 */
async function cleanError(this: IExecuteSingleFunctions, error: unknown): Promise<ItemError> {
	const credentials = ((await this.getCredentials('ideogramApi').catch(() => ({}))) ?? {}) as IDataObject;
	const key = credentials.apiKey as string | undefined;
	let source = error as Error;
	if (fromHttpClient(error) && !(error instanceof NodeOperationError)) {
		source = await connectionError.call(this, error, readSettingsSafe(this));
	}
	const description = (source as ItemError).description;
	return rebuildError(this.getNode(), source, {
		message: redact(String(source?.message ?? 'Unknown error'), key),
		description: description ? redact(String(description), key) : undefined,
		itemIndex: this.getItemIndex(),
	});
}

function readSettingsSafe(ctx: IExecuteSingleFunctions): number {
	try {
		return readSettings(ctx).timeoutMs;
	} catch {
		return 0;
	}
}

// ------------------------------------------------------------------------------------------------
// One run of the node: what each item got, and whether the node has already failed

interface Memo {
	generated?: INodeExecutionData[];
	output?: INodeExecutionData[];
}

/** What a failure must offer to stand for the run: the error, or the raw one while it is rebuilt. */
type Failing = Error & { description?: string | null; httpCode?: string | null };

/**
 * n8n's "Retry On Fail" runs the whole node again, every item, on the same execution data; so does
 * an error item first in the output when Continue On Fail is on. State is kept per execution-data
 * object (it goes with the execution), so a new run returns what each item already got instead
 * of generating and billing again, and a failed download is fetched again without regenerating.
 */
interface RunState {
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
function runFor(ctx: IExecuteSingleFunctions): RunState | undefined {
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

function memoFor(run: RunState | undefined, itemIndex: number, request: string): Memo | undefined {
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
function skipped(ctx: IExecuteSingleFunctions, stop: NonNullable<RunState['stop']>): ItemError {
	const description = `Item ${stop.itemIndex + 1} failed with this error first. With Continue On Fail off the node fails, so this item (${ctx.getItemIndex() + 1}) was not sent and not billed.${stop.error.description ? ` ${stop.error.description}` : ''}`;
	return rebuildError(ctx.getNode(), stop.error, { description, itemIndex: ctx.getItemIndex(), facts: { skipped: true } });
}

function copyItems(items: INodeExecutionData[]): INodeExecutionData[] {
	return items.map((item) => ({
		...item,
		json: { ...item.json },
		...(item.binary ? { binary: { ...item.binary } } : {}),
	}));
}
