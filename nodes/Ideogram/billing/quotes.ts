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
import { itemOptions } from '../description/options';
import { apiError, modelNamed } from '../errors/apiErrors';
import { connectionError } from '../errors/connection';
import { rebuildError } from '../errors/facts';
import { encodeBody } from '../input/body';
import { readInputFiles } from '../input/files';
import { authenticatedRequest, quoteRequestOptions } from '../transport/ideogram';
import type { Turn } from './turns';

/**
 * Prices before paying (Ideogram's current API only). `?dry_run=true` on the exact request makes
 * Ideogram validate and price it without running it: that answer, a PriceQuote, is either the
 * item's output ("Price Quote Only") or what the item reserves against "Max Spend per Execution"
 * before it is sent. Money is integer micro-dollars throughout, shown as decimal strings.
 */

/**
 * The endpoints whose spec declares the `dry_run` query parameter (test/unit/billing/quotes.test.ts holds
 * this list against test/contract/ideogram-v2-openapi.json and, for the endpoints the node reaches
 * there, ideogram-v2-more-openapi.json). Only these are ever asked for a quote:
 * an endpoint that does not know the flag would ignore it, and run and bill the request.
 */
export const QUOTABLE_PATHS: ReadonlySet<string> = new Set([
	'/v2/design/layerize/ideogram-3',
	'/v2/image/generate/auto',
	'/v2/image/generate/gpt-image-2',
	'/v2/image/generate/gpt-image-2-5-flare',
	'/v2/image/generate/gpt-image-2-5-sunburst',
	'/v2/image/generate/ideogram-2',
	'/v2/image/generate/ideogram-2a',
	'/v2/image/generate/ideogram-3',
	'/v2/image/generate/ideogram-3-character',
	'/v2/image/generate/ideogram-3-custom-model',
	'/v2/image/generate/ideogram-3-transparent',
	'/v2/image/generate/ideogram-4',
	'/v2/image/generate/ideogram-4-5',
	'/v2/image/generate/ideogram-4-custom-model',
	'/v2/image/generate/ideogram-4-transparent',
	'/v2/image/generate/nano-banana-2',
	'/v2/image/generate/nano-banana-pro',
	'/v2/image/generate/p-image-ideogram',
	'/v2/image/generate/z-image',
	'/v2/image/inpaint/ideogram-3',
	'/v2/image/inpaint/ideogram-3-character',
	'/v2/image/inpaint/ideogram-3-custom-model',
	'/v2/image/precise-edit/ideogram-4-5',
	'/v2/image/reframe/auto',
	'/v2/image/reframe/bria-expand',
	'/v2/image/reframe/gpt-image-2-5-flare',
	'/v2/image/reframe/ideogram-3',
	'/v2/image/reframe/nano-banana-2',
	'/v2/image/reframe/nano-banana-pro',
	'/v2/image/remix/auto',
	'/v2/image/remix/ideogram-3',
	'/v2/image/remix/ideogram-3-character',
	'/v2/image/remix/ideogram-3-custom-model',
	'/v2/image/remix/ideogram-4',
	'/v2/image/remove-background/ideogram-1',
	'/v2/image/remove-object/ideogram-1',
	'/v2/image/replace-background/gpt-image-2',
	'/v2/image/replace-background/ideogram-3',
	'/v2/image/upscale/auto',
	'/v2/image/upscale/nano-banana-pro',
	'/v2/image/upscale/topaz-bloom-2',
	'/v2/image/upscale/topaz-redefine',
	'/v2/image/upscale/topaz-standard-2',
	'/v2/image/upscale/topaz-text-refine',
	'/v2/image/upscale/topaz-wonder-3-5',
	// Video (test/contract/ideogram-v2-more-openapi.json): every video endpoint declares dry_run.
	'/v2/video/generate/kling-3-standard-image-to-video',
	'/v2/video/generate/kling-3-standard-text-to-video',
	'/v2/video/generate/minimax-h3-image-to-video',
	'/v2/video/generate/minimax-h3-reference-to-video',
	'/v2/video/generate/minimax-h3-text-to-video',
	'/v2/video/generate/seedance-2-5-image-to-video',
	'/v2/video/generate/seedance-2-5-reference-to-video',
	'/v2/video/generate/seedance-2-5-text-to-video',
	'/v2/video/generate/seedance-2-image-to-video',
	'/v2/video/generate/seedance-2-reference-to-video',
	'/v2/video/generate/seedance-2-text-to-video',
	'/v2/video/edit/seedance-2',
	'/v2/tool/living-image',
	'/v2/tool/product-360-video',
	'/v2/tool/vectorizer',
]);

const QUOTE_ONLY = 'Options → Price Quote Only';
export const MAX_SPEND = 'Options → Max Spend per Execution (USD)';


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
	const options = itemOptions(ctx);
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
export interface Ledger {
	committedMicros: number;
	quotes: Map<string, Promise<PriceQuote>>;
}

const ledgers = new WeakMap<object, Map<string, Ledger>>();

export function ledgerFor(ctx: IExecuteSingleFunctions, baseUrl: string): Ledger {
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
export async function quoteOf(
	this: IExecuteSingleFunctions,
	def: OperationDefinition,
	requestData: DeclarativeRestApiSettings.ResultOptions,
	fields: IDataObject,
	timeoutMs: number,
	ledger: Ledger,
): Promise<PriceQuote> {
	const options = quoteRequestOptions(requestData.options as IHttpRequestOptions, timeoutMs);
	const body = deepCopy(fields);
	const files = await readInputFiles.call(this, def, body);
	encodeBody(def, options, body, files);
	const fingerprint = createHash('sha256').update(`${options.url}\n${JSON.stringify(body)}`);
	for (const file of files) fingerprint.update(`\n${file.field}\n${file.mimeType}\n`).update(file.data);
	const key = fingerprint.digest('hex');
	let quote = ledger.quotes.get(key);
	if (!quote) {
		quote = requestQuote.call(this, options, timeoutMs, modelNamed(this, def.model));
		ledger.quotes.set(key, quote);
		// A failed quote is not kept: a later identical item asks again.
		quote.catch(() => ledger.quotes.delete(key));
	}
	return await quote;
}

async function requestQuote(this: IExecuteSingleFunctions, options: IHttpRequestOptions, timeoutMs: number, model?: string): Promise<PriceQuote> {
	let response: IN8nHttpFullResponse;
	try {
		response = await authenticatedRequest.call(this, options);
	} catch (error) {
		throw noQuote(this, await connectionError.call(this, error, timeoutMs));
	}
	if (response.statusCode >= 300) throw noQuote(this, await apiError.call(this, response, { model }));
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
