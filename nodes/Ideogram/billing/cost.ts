import { createHash } from 'crypto';
import {
	NodeApiError,
	NodeOperationError,
	deepCopy,
	type DeclarativeRestApiSettings,
	type IDataObject,
	type IExecuteSingleFunctions,
	type IHttpRequestOptions,
	type IN8nHttpFullResponse,
	type INodeExecutionData,
	type JsonObject,
} from 'n8n-workflow';

import { formatDecimal, parseDecimal } from './decimal';
import type { OperationDefinition } from '../description/operation';
import { addFacts, apiError, connectionError, factsOf, rebuildError } from '../errors/apiErrors';
import { encodeBody } from '../input/body';
import { readInputFiles } from '../input/files';

/**
 * Prices before paying (Ideogram's current API only). `?dry_run=true` on the exact request makes
 * Ideogram validate and price it without running it: that answer, a PriceQuote, is either the
 * item's output ("Price Quote Only") or what the item reserves against "Max Spend per Execution"
 * before it is sent. Money is integer micro-dollars throughout, shown as decimal strings.
 */

/**
 * The endpoints whose spec declares the `dry_run` query parameter (test/unit/cost.test.ts holds
 * this list against test/contract/ideogram-v2-openapi.json). Only these are ever asked for a quote:
 * an endpoint that does not know the flag would ignore it, and run and bill the request.
 */
export const QUOTABLE_PATHS: ReadonlySet<string> = new Set([
	'/v2/design/layerize/ideogram-3',
	'/v2/image/generate/auto',
	'/v2/image/generate/ideogram-3',
	'/v2/image/generate/ideogram-3-character',
	'/v2/image/generate/ideogram-3-transparent',
	'/v2/image/generate/ideogram-4',
	'/v2/image/generate/ideogram-4-5',
	'/v2/image/generate/ideogram-4-transparent',
	'/v2/image/inpaint/ideogram-3',
	'/v2/image/precise-edit/ideogram-4-5',
	'/v2/image/reframe/ideogram-3',
	'/v2/image/remix/auto',
	'/v2/image/remix/ideogram-3',
	'/v2/image/remix/ideogram-3-character',
	'/v2/image/remix/ideogram-3-custom-model',
	'/v2/image/remix/ideogram-4',
	'/v2/image/remove-background/ideogram-1',
	'/v2/image/remove-object/ideogram-1',
	'/v2/image/replace-background/ideogram-3',
	'/v2/image/upscale/auto',
	'/v2/image/upscale/nano-banana-pro',
	'/v2/image/upscale/topaz-bloom-2',
	'/v2/image/upscale/topaz-redefine',
	'/v2/image/upscale/topaz-standard-2',
	'/v2/image/upscale/topaz-text-refine',
	'/v2/image/upscale/topaz-wonder-3-5',
]);

const QUOTE_ONLY = 'Options → Price Quote Only';
const MAX_SPEND = 'Options → Max Spend per Execution (USD)';


export interface PriceQuote {
	billing_identifier: string;
	quantity: number;
	usd_micros: number;
	credit_millis: number;
	qualifier: 'exact' | 'estimate';
	upper_bound_usd_micros?: number;
}

/** Micro-dollars as dollars with six decimals: 60000 → "0.060000". */
export const usd = (micros: number): string => formatDecimal({ units: BigInt(micros), scale: 6 });

/** Thousandths of a credit as credits with three decimals: 6000 → "6.000". */
export const credits = (millis: number): string => formatDecimal({ units: BigInt(millis), scale: 3 });

/** A dollar amount (number, or decimal string of up to six decimals) as micro-dollars; undefined if it is none. */
export function toMicros(value: unknown): number | undefined {
	if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? Math.round(value * 1_000_000) : undefined;
	const amount = parseDecimal(value);
	if (!amount || amount.units < 0n || amount.scale > 6 || amount.units >= 10n ** BigInt(9 + amount.scale)) return undefined;
	return Number(amount.units * 10n ** BigInt(6 - amount.scale));
}

// ------------------------------------------------------------------------------------------------
// What the item asks for

export interface CostSettings {
	quoteOnly: boolean;
	/** The cap in micro-dollars, when the option is set. */
	capMicros?: number;
}

/**
 * The item's cost options, refused before anything is sent where they cannot be honoured: an
 * endpoint without dry_run (Describe, a typed-in model slug, a value kept from another operation)
 * could bill the "quote", and a cap that cannot price an item is no cap.
 */
export function readCostSettings(ctx: IExecuteSingleFunctions, def: OperationDefinition, path: string): CostSettings {
	const options = (ctx.getNodeParameter('options', {}) ?? {}) as IDataObject;
	const quoteOnly = options.priceQuoteOnly === true;
	const capSet = options.maxSpendUsd !== undefined && options.maxSpendUsd !== null && options.maxSpendUsd !== '';
	if (!quoteOnly && !capSet) return { quoteOnly: false };
	if (!QUOTABLE_PATHS.has(path)) {
		throw new NodeOperationError(ctx.getNode(), `${quoteOnly ? QUOTE_ONLY : MAX_SPEND} cannot be used with ${def.name} on ${path}`, {
			itemIndex: ctx.getItemIndex(),
			description: `Ideogram prices a request without running it only on endpoints that declare dry_run, and this endpoint does not (as far as this version of the node knows): asked for a quote, it could run the request and bill it. Remove the option${def.model ? ', or pick one of the listed models' : ''}.`,
		});
	}
	if (quoteOnly) return { quoteOnly };
	const capMicros = toMicros(options.maxSpendUsd);
	if (capMicros === undefined) {
		throw new NodeOperationError(ctx.getNode(), `${MAX_SPEND} "${String(options.maxSpendUsd).slice(0, 40)}" is not an amount of dollars`, {
			itemIndex: ctx.getItemIndex(),
			description: 'Enter a number of US dollars of 0 or more, e.g. 5 or 0.5.',
		});
	}
	return { quoteOnly, capMicros };
}

// ------------------------------------------------------------------------------------------------
// Getting a quote

/**
 * The spend of one execution through one credential: what its items have reserved, and the quotes
 * already had (keyed by the request's fingerprint, so identical requests are priced once). Kept in a
 * WeakMap keyed by the execution's "flow" context object, which n8n keeps in the execution's data and
 * hands to every node of it (NodeHelpers.getContext): the state goes when the execution does, and no
 * execution sees another's. (The cancel signal would do, but n8n gives declarative nodes none.)
 */
interface Ledger {
	committedMicros: number;
	quotes: Map<string, Promise<PriceQuote>>;
}

const ledgers = new WeakMap<object, Map<string, Ledger>>();

function ledgerFor(ctx: IExecuteSingleFunctions, baseUrl: string): Ledger {
	const scope = executionScope(ctx);
	let byCredential = ledgers.get(scope);
	if (!byCredential) {
		byCredential = new Map();
		ledgers.set(scope, byCredential);
	}
	const key = `${ctx.getNode().credentials?.ideogramApi?.id ?? 'default'}|${baseUrl}`;
	let ledger = byCredential.get(key);
	if (!ledger) {
		ledger = { committedMicros: 0, quotes: new Map() };
		byCredential.set(key, ledger);
	}
	return ledger;
}

function executionScope(ctx: IExecuteSingleFunctions): object {
	try {
		return ctx.getContext('flow');
	} catch {
		// No execution data to hold it (never seen in a run): the node's run stands in for the execution.
		return ctx.getExecuteData();
	}
}

function asQuote(body: unknown): PriceQuote | undefined {
	const b = (typeof body === 'string' ? safeJson(body) : body) as IDataObject | undefined;
	const count = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
	if (!b || b.object !== 'price_quote' || !count(b.usd_micros) || !count(b.credit_millis) || !count(b.quantity)) return undefined;
	if (b.qualifier !== 'exact' && b.qualifier !== 'estimate') return undefined;
	if (b.upper_bound_usd_micros !== undefined && !count(b.upper_bound_usd_micros)) return undefined;
	return {
		billing_identifier: String(b.billing_identifier ?? ''),
		quantity: b.quantity as number,
		usd_micros: b.usd_micros as number,
		credit_millis: b.credit_millis as number,
		qualifier: b.qualifier,
		...(b.upper_bound_usd_micros !== undefined ? { upper_bound_usd_micros: b.upper_bound_usd_micros as number } : {}),
	};
}

function safeJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

/**
 * The item's quote: its exact request (fields and input files, encoded as it will be sent) with
 * `dry_run=true`, sent once, outside the image slots (nothing is in flight at Ideogram) and never
 * retried, so a quote can never turn into a real request. Identical requests share one quote.
 * Callers ask in turn, one item at a time: the input files read for a quote are then one item's,
 * whatever the batch, as runItem bounds them for real requests by the slots.
 */
async function quoteOf(
	this: IExecuteSingleFunctions,
	def: OperationDefinition,
	requestData: DeclarativeRestApiSettings.ResultOptions,
	fields: IDataObject,
	timeoutMs: number,
	ledger: Ledger,
): Promise<PriceQuote> {
	const base = requestData.options;
	const options = {
		...base,
		url: String(base.url),
		headers: { ...(base.headers ?? {}) },
		qs: { ...(base.qs ?? {}), dry_run: true },
		timeout: timeoutMs,
		// The API never redirects; following one would carry the key to wherever it points.
		disableFollowRedirect: true,
		sendCredentialsOnCrossOriginRedirect: false,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
	} as IHttpRequestOptions;
	const body = deepCopy(fields);
	const files = await readInputFiles.call(this, def, body);
	encodeBody(def, options, body, files);
	const fingerprint = createHash('sha256').update(`${options.url}\n${JSON.stringify(body)}`);
	for (const file of files) fingerprint.update(`\n${file.field}\n${file.mimeType}\n`).update(file.data);
	const key = fingerprint.digest('hex');
	let quote = ledger.quotes.get(key);
	if (!quote) {
		quote = requestQuote.call(this, options, timeoutMs);
		ledger.quotes.set(key, quote);
		// A failed quote is not kept: a later identical item asks again.
		quote.catch(() => ledger.quotes.delete(key));
	}
	return await quote;
}

async function requestQuote(this: IExecuteSingleFunctions, options: IHttpRequestOptions, timeoutMs: number): Promise<PriceQuote> {
	let response: IN8nHttpFullResponse;
	try {
		response = (await this.helpers.httpRequestWithAuthentication.call(this, 'ideogramApi', options)) as IN8nHttpFullResponse;
	} catch (error) {
		throw noQuote(this, await connectionError.call(this, error, timeoutMs));
	}
	if (response.statusCode >= 300) throw noQuote(this, await apiError.call(this, response));
	const quote = asQuote(response.body);
	if (!quote) {
		const looksRun = typeof (response.body as IDataObject | undefined)?.generation_id === 'string';
		throw new NodeApiError(this.getNode(), { status: response.statusCode } as JsonObject, {
			message: 'Ideogram answered the price quote request without a price quote',
			description: looksRun
				? 'The answer looks like a generation: Ideogram may have run the request (and billed it). Look in your Ideogram account, and report this to the node’s maintainers.'
				: `Expected {"object": "price_quote", "usd_micros": …}; got ${JSON.stringify(response.body).slice(0, 200)}. If this is a gateway, check its base URL.`,
			itemIndex: this.getItemIndex(),
		});
	}
	return quote;
}

/** A quote that could not be had: the item is not sent (a cap that can be bypassed is no cap). */
function noQuote(ctx: IExecuteSingleFunctions, error: Error): Error {
	return rebuildError(ctx.getNode(), error, {
		message: `Could not get a price quote, so the item was not sent: ${error.message}`,
		description: `${(error as NodeApiError).description ?? ''} With ${MAX_SPEND} or ${QUOTE_ONLY} the node prices each item before anything else; nothing was generated or billed. Run the item again.`.trim(),
		itemIndex: ctx.getItemIndex(),
		facts: { notBilled: true, retry: undefined },
	});
}

/** "Price Quote Only": the item's quote as its output item; nothing generated, polled or downloaded. */
export async function quoteOnly(
	this: IExecuteSingleFunctions,
	def: OperationDefinition,
	requestData: DeclarativeRestApiSettings.ResultOptions,
	fields: IDataObject,
	timeoutMs: number,
	turn: Turn,
): Promise<INodeExecutionData[]> {
	const path = String(requestData.options.url);
	let quote: PriceQuote;
	try {
		await turn.wait();
		quote = await quoteOf.call(this, def, requestData, fields, timeoutMs, ledgerFor(this, String(requestData.options.baseURL)));
	} finally {
		turn.done();
	}
	const json: IDataObject = {
		usd: usd(quote.usd_micros),
		usd_micros: quote.usd_micros,
		credits: credits(quote.credit_millis),
		credit_millis: quote.credit_millis,
		qualifier: quote.qualifier,
		...(quote.upper_bound_usd_micros !== undefined
			? { upper_bound_usd: usd(quote.upper_bound_usd_micros), upper_bound_usd_micros: quote.upper_bound_usd_micros }
			: {}),
		billing_identifier: quote.billing_identifier,
		quantity: quote.quantity,
		endpoint: path,
	};
	return [{ json, pairedItem: { item: this.getItemIndex() } }];
}

// ------------------------------------------------------------------------------------------------
// The cap

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

/** What one item has reserved against the cap, until it is spent or given back. */
export class Reservation {
	constructor(
		private readonly ledger: Ledger,
		private micros: number,
		private readonly quote: PriceQuote,
	) {}

	/**
	 * The item was sent: each of its items says what the request cost (the whole request, on each of
	 * its images), from Ideogram's usage_cost_usd_micros when the job reports it, else the quote; a
	 * reported cost replaces the reservation.
	 */
	spent(items: INodeExecutionData[]): void {
		const usage = items.map((i) => i.json.usage_cost_usd_micros).find((v): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0);
		if (usage !== undefined) {
			this.ledger.committedMicros += usage - this.micros;
			this.micros = usage;
		}
		const cost: IDataObject =
			usage !== undefined
				? { usd: usd(usage), usd_micros: usage, source: 'usage_cost_usd_micros' }
				: {
						usd: usd(this.quote.usd_micros),
						usd_micros: this.quote.usd_micros,
						source: 'quote',
						qualifier: this.quote.qualifier,
						...(this.quote.upper_bound_usd_micros !== undefined
							? { upper_bound_usd: usd(this.quote.upper_bound_usd_micros), upper_bound_usd_micros: this.quote.upper_bound_usd_micros }
							: {}),
					};
		for (const item of items) item.json.cost = { ...cost };
	}

	/**
	 * The item failed. Its reservation goes back when the failure certainly billed nothing: not sent
	 * at all, refused by Ideogram with an error answer, or a job Ideogram reports as failed. A timeout,
	 * a reset after sending, or a job still running keeps it: those may yet be billed.
	 */
	failed(error: unknown, generated: unknown): void {
		if (generated !== undefined || !certainlyNotBilled(error)) return;
		this.ledger.committedMicros -= this.micros;
		this.micros = 0;
	}
}

function certainlyNotBilled(error: unknown): boolean {
	const facts = factsOf(error);
	if (facts.skipped || facts.notBilled) return true;
	if (facts.generationId) return false;
	// The node's own refusals (input files, a stopped run) happen before the request leaves.
	if (error instanceof NodeOperationError) return true;
	const status = Number((error as NodeApiError | undefined)?.httpCode);
	// A gateway's 502/504 may come after Ideogram has started the work.
	return status >= 400 && status !== 502 && status !== 504;
}

/**
 * Before an item is sent under "Max Spend per Execution", in its turn: its quote (free), then its
 * price (the upper bound of an estimate) reserved against the cap shared by every item of this
 * execution and credential. An item that would cross the cap is refused, unsent.
 */
export async function reserveSpend(
	this: IExecuteSingleFunctions,
	def: OperationDefinition,
	requestData: DeclarativeRestApiSettings.ResultOptions,
	fields: IDataObject,
	capMicros: number,
	timeoutMs: number,
	turn: Turn,
): Promise<Reservation> {
	try {
		const ledger = ledgerFor(this, String(requestData.options.baseURL));
		await turn.wait();
		const quote = await quoteOf.call(this, def, requestData, fields, timeoutMs, ledger);
		const price = quote.qualifier === 'estimate' ? quote.upper_bound_usd_micros : quote.usd_micros;
		const cap = `$${usd(capMicros)}`;
		if (price === undefined) {
			throw new NodeOperationError(this.getNode(), `${MAX_SPEND}: Ideogram could only estimate this item's price (about $${usd(quote.usd_micros)}), with no upper bound, so it was not sent`, {
				itemIndex: this.getItemIndex(),
				description: `Under a cap of ${cap} an item is sent only when its price, or the most it can cost, is known. Pick a model with an exact price, or remove the option.`,
			});
		}
		const committed = ledger.committedMicros;
		if (committed + price > capMicros) {
			const own = quote.qualifier === 'estimate' ? `up to $${usd(price)} (an estimate; its upper bound counts)` : `$${usd(price)}`;
			throw addFacts(
				new NodeOperationError(
					this.getNode(),
					`Max Spend per Execution of ${cap} would be crossed: $${usd(committed)} is already committed in this execution, and this item costs ${own}`,
					{
						itemIndex: this.getItemIndex(),
						description: `The item was not sent, and not billed; items already sent are unaffected. The cap counts every item sent with this credential under the option in this execution (in every Ideogram node of it). Raise ${MAX_SPEND}, ask for fewer images, or run fewer items.`,
					},
				),
				{ notBilled: true },
			);
		}
		ledger.committedMicros += price;
		return new Reservation(ledger, price, quote);
	} finally {
		turn.done();
	}
}
