import {
	NodeApiError,
	NodeOperationError,
	deepCopy,
	type DeclarativeRestApiSettings,
	type IDataObject,
	type IExecutePaginationFunctions,
	type IExecuteSingleFunctions,
	type INodeExecutionData,
	type JsonObject,
} from 'n8n-workflow';

import { findOperation } from '../resources';
import type { OperationDefinition } from '../shared/operation';
import { connectionError, redact, retryHintOf, transportKind } from './apiErrors';
import { prepareBody, toMultipart, type FilePart } from './buildBody';
import { downloadImages } from './downloadImages';
import { slotsFor } from './limiter';
import { backoffMs, pause, readSettings, seconds, type RunSettings } from './retry';

export { DEFAULT_MAX_IMAGES_IN_FLIGHT } from './retry';

/**
 * Each item's whole life, run by RoutingNode in place of its plain request (requestOperations.
 * pagination, reached because every operation sets `send.paginate`):
 *
 * 1. check the fields (cheap, before anything is held or sent);
 * 2. take image slots (at most "Max Images in Flight" per credential, num_images counting);
 * 3. read the input files and encode the body, only now, so memory is bounded by what is in flight;
 * 4. send, and shape the answer (postReceive: apiErrors.ts, then the operation's output hook);
 * 5. free the slots; on 429, 503 or a connection reset, wait (Retry-After, else backoff with
 *    jitter) and go back to 2, within "Max Retries" and "Max Retry Wait";
 * 6. download the images, after the slots are freed; a failed download never regenerates.
 *
 * With Continue On Fail an item's error becomes one error item paired to it; otherwise the error
 * fails the node. Either way the error is rebuilt from safe parts, with the key blanked out.
 */
export async function runItem(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	const itemIndex = this.getItemIndex();
	const started = ++sequence;
	const run = runFor(this);
	/** Once another item has failed the node (Continue On Fail off), nothing more is sent. */
	const stopped = () =>
		run?.stop && run.stop.seq > started && !this.continueOnFail() ? skipped(this, run.stop) : undefined;
	/** This item is failing: the first failure of this run (one left by an earlier run does not count). */
	const failing = (error: Failing) => {
		if (!run || this.continueOnFail()) return;
		if (run.stop?.itemIndex === itemIndex && run.stop.seq > started) run.stop.error = error;
		else if (!run.stop || run.stop.seq < started) run.stop = { seq: ++sequence, itemIndex, error };
	};
	let generated: INodeExecutionData[] | undefined;
	try {
		const def = findOperation(
			this.getNodeParameter('resource') as string,
			this.getNodeParameter('operation') as string,
		);
		if (def.pathFor) requestData.options.url = def.pathFor(((await this.getCredentials('ideogramApi')) ?? {}) as IDataObject);
		const settings = readSettings(this);
		const fields = prepareBody.call(this, def, (requestData.options.body ?? {}) as IDataObject);
		const memo = memoFor(run, itemIndex, `${def.resource}.${def.value}|${String(requestData.options.baseURL)}|${JSON.stringify(fields)}`);
		if (memo?.output) return copyItems(memo.output);
		generated = memo?.generated
			? copyItems(memo.generated)
			: await send.call(this, def, requestData, fields, settings, stopped, failing);
		if (memo) memo.generated = copyItems(generated);
		const output = await downloadImages.call(this, generated, settings.timeoutMs);
		if (memo) memo.output = copyItems(output);
		return output;
	} catch (error) {
		const clean = await cleanError.call(this, error);
		if (this.continueOnFail()) {
			const json: IDataObject = { error: clean.message };
			if (clean.description) json.description = clean.description;
			if ((clean as NodeApiError).httpCode) json.httpCode = (clean as NodeApiError).httpCode;
			const tries = triesOf.get(clean);
			if (tries) json.tries = tries;
			// Images that were generated (and billed) but not downloaded: their links are not lost.
			if (generated) json.images = generated.map((item) => ({ ...item.json }));
			return [{ json, pairedItem: { item: itemIndex } }];
		}
		if (!skips.has(clean)) failing(clean);
		throw clean;
	}
}

// ------------------------------------------------------------------------------------------------
// Sending, within the slots, with retries

const triesOf = new WeakMap<Error, number>();

function encode(
	def: OperationDefinition,
	options: DeclarativeRestApiSettings.ResultOptions['options'],
	body: IDataObject,
	files: FilePart[],
): void {
	if (def.encoding === 'multipart' || files.length) {
		options.body = toMultipart(body, files) as unknown as IDataObject;
		// A leftover JSON content type makes axios serialise the form as JSON and drop the files.
		for (const header of Object.keys(options.headers ?? {}))
			if (header.toLowerCase() === 'content-type') delete options.headers![header];
		delete options.json;
	} else {
		options.body = body;
		options.json = true;
	}
}

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
	stopped: () => Error | undefined,
	failing: (error: Failing) => void,
): Promise<INodeExecutionData[]> {
	const options = requestData.options;
	options.timeout = settings.timeoutMs;
	// The API never redirects; following one would carry the key to wherever it points.
	options.disableFollowRedirect = true;
	options.sendCredentialsOnCrossOriginRedirect = false;

	const signal = this.getExecutionCancelSignal?.();
	const credentialId = this.getNode().credentials?.ideogramApi?.id ?? 'default';
	const slots = slotsFor(`${credentialId}|${String(options.baseURL)}`, settings.maxImagesInFlight);
	const images = def.imagesInFlight ? def.imagesInFlight(fields) : 1;
	const causes: string[] = [];
	let waited = 0;

	for (let attempt = 1; ; attempt++) {
		const held = await slots.acquire(images, signal);
		let refused: unknown; // before sending: the node already failed, or a bad input file
		let failure: unknown; // the request itself
		let items: INodeExecutionData[] | undefined;
		try {
			refused = stopped();
			if (refused === undefined) {
				try {
					// Input files are read here, inside the slot, and dropped with the body afterwards.
					const body = deepCopy(fields);
					const files = def.inputFiles ? await def.inputFiles.call(this, body) : [];
					encode(def, options, body, files);
				} catch (error) {
					refused = error;
				}
			}
			if (refused === undefined) {
				try {
					items = await this.makeRoutingRequest(requestData);
				} catch (error) {
					failure = error;
				}
			}
			// Said while the slot is still held, so no item waiting for it is sent after a failure.
			if (refused !== undefined && !skips.has(refused as Error)) failing(refused as Failing);
			if (failure !== undefined && !mayRetry(failure)) failing(failure as Failing);
		} finally {
			slots.release(held);
			options.body = {};
		}
		if (refused !== undefined) throw refused as Error;
		if (items) return items;

		const error = fromHttpClient(failure)
			? await connectionError.call(this, failure, settings.timeoutMs)
			: (failure as Error);
		const hint = retryHintOf(error);
		if (!hint || signal?.aborted || transportKind(failure) === 'cancelled') throw withTries(error, attempt, causes, waited, '');
		causes.push(causeLabel(error, hint.cause));
		if (attempt > settings.maxRetries)
			throw withTries(error, attempt, causes, waited, `"Max Retries" is ${settings.maxRetries}`);
		const wanted = hint.retryAfterMs ?? backoffMs(attempt);
		const wait = Math.min(wanted, settings.maxRetryWaitMs - waited);
		if (wanted > 0 && wait <= 0)
			throw withTries(error, attempt, causes, waited, `"Max Retry Wait" of ${seconds(settings.maxRetryWaitMs)} is used up`);
		await pause(wait, signal);
		waited += wait;
		if (signal?.aborted) throw withTries(error, attempt, causes, waited, 'the execution was cancelled');
		const stop = stopped();
		if (stop) throw stop;
	}
}

/** Whether a new try may help (429, 503, a reset before any answer), judged without waiting. */
function mayRetry(failure: unknown): boolean {
	return retryHintOf(failure) !== undefined || (fromHttpClient(failure) && transportKind(failure) === 'reset');
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
function withTries(error: Error, tries: number, causes: string[], waitedMs: number, stop: string): Error {
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
	const rebuilt =
		error instanceof NodeOperationError
			? new NodeOperationError(error.node, message, { description, itemIndex: error.context.itemIndex as number })
			: new NodeApiError((error as NodeApiError).node, {} as JsonObject, {
					message,
					description,
					httpCode: (error as NodeApiError).httpCode ?? undefined,
					itemIndex: (error as NodeApiError).context?.itemIndex as number | undefined,
				});
	triesOf.set(rebuilt, tries);
	return rebuilt;
}

// ------------------------------------------------------------------------------------------------
// Errors leave clean

/**
 * A fresh error with the same message, description and status, the key blanked out of each, and
 * none of the original's payload, cause or request. Whatever failed, this is all n8n stores.
 */
async function cleanError(this: IExecuteSingleFunctions, error: unknown): Promise<NodeApiError | NodeOperationError> {
	const credentials = ((await this.getCredentials('ideogramApi').catch(() => ({}))) ?? {}) as IDataObject;
	const key = credentials.apiKey as string | undefined;
	let source = error as Error;
	if (fromHttpClient(error) && !(error instanceof NodeOperationError)) {
		source = await connectionError.call(this, error, readSettingsSafe(this));
	}
	const message = redact(String(source?.message ?? 'Unknown error'), key);
	const rawDescription = (source as NodeApiError)?.description;
	const description = rawDescription ? redact(String(rawDescription), key) : undefined;
	const itemIndex = this.getItemIndex();
	let clean: NodeApiError | NodeOperationError;
	if (source instanceof NodeOperationError) {
		clean = new NodeOperationError(this.getNode(), message, { description, itemIndex });
	} else {
		const failure = (source as { failure?: unknown }).failure;
		clean = new NodeApiError(this.getNode(), {} as JsonObject, {
			message,
			description,
			httpCode: (source as NodeApiError)?.httpCode ?? undefined,
			itemIndex,
			...(failure ? { failure } : {}),
		} as ConstructorParameters<typeof NodeApiError>[2]);
	}
	const tries = triesOf.get(source);
	if (tries) triesOf.set(clean, tries);
	if (skips.has(source)) skips.add(clean);
	return clean;
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

interface RunState {
	/** Per item and request: what it already got, so n8n re-running the node does not re-bill. */
	memos: Map<string, Memo>;
	/** The first failure of a run without Continue On Fail: the node is going to fail with it. */
	stop?: { seq: number; itemIndex: number; error: Failing };
}

/** Orders item starts and failures: an item stops only for a failure that came after it started. */
let sequence = 0;

/**
 * n8n's "Retry On Fail" re-runs the whole node, every item, with the same execution data; so does
 * an error item first in the output when Continue On Fail is on. State is kept per execution-data
 * object (it goes with the execution), so a re-run returns what each item already got instead of
 * generating and billing again, and a failed download is fetched again without regenerating.
 */
const runs = new WeakMap<object, RunState>();

function runFor(ctx: IExecuteSingleFunctions): RunState | undefined {
	const data = ctx.getExecuteData?.();
	if (!data || typeof data !== 'object') return undefined;
	let state = runs.get(data);
	if (!state) {
		state = { memos: new Map() };
		runs.set(data, state);
	}
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

const skips = new WeakSet<Error>();

/**
 * Without Continue On Fail the node fails at its first failed item, and n8n discards every other
 * item's output: items not sent yet are not sent (and not billed). They fail with the same message,
 * so whichever item n8n reports, the user reads the real cause.
 */
function skipped(ctx: IExecuteSingleFunctions, stop: NonNullable<RunState['stop']>): Error {
	const description = `Item ${stop.itemIndex + 1} failed with this error first. With Continue On Fail off the node fails, so this item (${ctx.getItemIndex() + 1}) was not sent and not billed.${stop.error.description ? ` ${stop.error.description}` : ''}`;
	const error =
		stop.error instanceof NodeOperationError
			? new NodeOperationError(ctx.getNode(), stop.error.message, { description, itemIndex: ctx.getItemIndex() })
			: new NodeApiError(ctx.getNode(), {} as JsonObject, {
					message: stop.error.message,
					description,
					httpCode: stop.error.httpCode ?? undefined,
					itemIndex: ctx.getItemIndex(),
				});
	skips.add(error);
	return error;
}

function copyItems(items: INodeExecutionData[]): INodeExecutionData[] {
	return items.map((item) => ({
		...item,
		json: { ...item.json },
		...(item.binary ? { binary: { ...item.binary } } : {}),
	}));
}
