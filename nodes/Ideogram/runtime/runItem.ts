import { NodeApiError, NodeOperationError, type DeclarativeRestApiSettings, type IDataObject, type IExecutePaginationFunctions, type IExecuteSingleFunctions, type INodeExecutionData } from 'n8n-workflow';

import { quoteOnly, readCostSettings } from '../billing/quotes';
import { reserveSpend, type Reservation } from '../billing/spendingCap';
import { turnOf } from '../billing/turns';
import type { OperationDefinition } from '../description/operation';
import { PROVIDERS, talksToIdeogram, type Provider } from '../description/providers';
import { connectionError, fromHttpClient } from '../errors/connection';
import { factsOf, rebuildError, redact, type ItemError } from '../errors/facts';
import { prepareBody } from '../input/body';
import { readSettings } from '../limits/retry';
import { downloadImages } from '../output/downloads';
import { readJobSettings } from './jobs';
import { copyItems, memoFor, runFor, skipped, type Failing } from './runState';
import { send } from './send';

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
	// The operation's Timeout default, for the words of an error that ends the item (video waits longer).
	let defaultTimeoutSeconds: number | undefined;
	try {
		const def = findOperation(
			this.getNodeParameter('resource') as string,
			this.getNodeParameter('operation') as string,
		);
		defaultTimeoutSeconds = def.defaultTimeoutSeconds;
		const credentials = ((await this.getCredentials('ideogramApi')) ?? {}) as IDataObject;
		if (def.officialOnly && !talksToIdeogram(credentials)) throw resellerRefusal(this, def, credentials);
		if (def.pathFor) requestData.options.url = def.pathFor.call(this, credentials);
		if (def.query) requestData.options.url = withQuery(String(requestData.options.url), def.query.call(this));
		const settings = readSettings(this, def.defaultTimeoutSeconds);
		const { fields, model } = prepareBody.call(this, def, (requestData.options.body ?? {}) as IDataObject);
		const job = def.job ? readJobSettings(this) : undefined;
		if (def.job?.kind === 'submit') {
			if (def.job.asyncField && !(model && def.job.noAsyncModels?.includes(model))) fields.async = true;
			if (def.job.webhook && job?.webhookUrl) {
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
		const clean = await cleanError.call(this, error, defaultTimeoutSeconds);
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
// Errors leave clean

/**
 * A fresh error with the same message, description, status and facts, the key blanked out of each,
 * and none of the original's payload, cause or request. Whatever failed, this is all n8n stores.
 */
async function cleanError(this: IExecuteSingleFunctions, error: unknown, defaultTimeoutSeconds?: number): Promise<ItemError> {
	const credentials = ((await this.getCredentials('ideogramApi').catch(() => ({}))) ?? {}) as IDataObject;
	const key = credentials.apiKey as string | undefined;
	let source = error as Error;
	if (fromHttpClient(error) && !(error instanceof NodeOperationError)) {
		source = await connectionError.call(this, error, readSettingsSafe(this, defaultTimeoutSeconds));
	}
	const description = (source as ItemError).description;
	return rebuildError(this.getNode(), source, {
		message: redact(String(source?.message ?? 'Unknown error'), key),
		description: description ? redact(String(description), key) : undefined,
		itemIndex: this.getItemIndex(),
	});
}

function readSettingsSafe(ctx: IExecuteSingleFunctions, defaultTimeoutSeconds?: number): number {
	try {
		return readSettings(ctx, defaultTimeoutSeconds).timeoutMs;
	} catch {
		return 0;
	}
}
