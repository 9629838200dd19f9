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
	let generated: INodeExecutionData[] | undefined;
	try {
		const def = findOperation(
			this.getNodeParameter('resource') as string,
			this.getNodeParameter('operation') as string,
		);
		const settings = readSettings(this);
		const fields = prepareBody.call(this, def, (requestData.options.body ?? {}) as IDataObject);
		const memo = memoFor(this, `${def.resource}.${def.value}|${String(requestData.options.baseURL)}|${JSON.stringify(fields)}`);
		if (memo?.output) return copyItems(memo.output);
		generated = memo?.generated ? copyItems(memo.generated) : await send.call(this, def, requestData, fields, settings);
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
		let failure: unknown;
		let items: INodeExecutionData[] | undefined;
		try {
			// Input files are read here, inside the slot, and dropped with the body afterwards.
			const body = deepCopy(fields);
			const files = def.inputFiles ? await def.inputFiles.call(this, body) : [];
			encode(def, options, body, files);
			try {
				items = await this.makeRoutingRequest(requestData);
			} catch (error) {
				failure = error;
			}
		} finally {
			slots.release(held);
			options.body = {};
		}
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
	}
}

function causeLabel(error: Error, cause: string): string {
	const code = (error as NodeApiError).httpCode;
	return code ? `HTTP ${code}` : cause.replace('-', ' ');
}

/** The last error of an item that was tried more than once, saying how often and why. */
function withTries(error: Error, tries: number, causes: string[], waitedMs: number, stop: string): Error {
	if (tries <= 1) return error;
	const counts = new Map<string, number>();
	for (const c of causes) counts.set(c, (counts.get(c) ?? 0) + 1);
	const history = [...counts].map(([c, n]) => `${n} × ${c}`).join(', ');
	const message = `Gave up after ${tries} tries: ${error.message}`;
	const description = [
		`Earlier tries were answered ${history}; waited ${seconds(waitedMs)} in total between tries${stop ? `; stopped because ${stop}` : ''}.`,
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
// Node-level "Retry On Fail" must not re-bill

interface Memo {
	generated?: INodeExecutionData[];
	output?: INodeExecutionData[];
}

/**
 * n8n's "Retry On Fail" re-runs the whole node, every item, with the same execution data; so does
 * an error item first in the output when Continue On Fail is on. What each item already got is
 * kept per execution-data object (gone with the execution), so a re-run returns it instead of
 * generating and billing again, and a failed download is retried without regenerating.
 */
const memos = new WeakMap<object, Map<string, Memo>>();

function memoFor(ctx: IExecuteSingleFunctions, request: string): Memo | undefined {
	const run = ctx.getExecuteData?.();
	if (!run || typeof run !== 'object') return undefined;
	let byItem = memos.get(run);
	if (!byItem) {
		byItem = new Map();
		memos.set(run, byItem);
	}
	const key = `${ctx.getItemIndex()}|${request}`;
	let memo = byItem.get(key);
	if (!memo) {
		memo = {};
		byItem.set(key, memo);
	}
	return memo;
}

function copyItems(items: INodeExecutionData[]): INodeExecutionData[] {
	return items.map((item) => ({
		...item,
		json: { ...item.json },
		...(item.binary ? { binary: { ...item.binary } } : {}),
	}));
}
