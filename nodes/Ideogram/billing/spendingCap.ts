import {
	NodeApiError,
	NodeOperationError,
	type DeclarativeRestApiSettings,
	type IDataObject,
	type IExecuteSingleFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import type { OperationDefinition } from '../description/operation';
import { addFacts, factsOf } from '../errors/facts';
import { ledgerFor, MAX_SPEND, quoteOf, usd, type Ledger, type PriceQuote } from './quotes';
import type { Turn } from './turns';

/**
 * Max Spend per Execution: each item's price (its quote) is reserved against the cap before it is
 * sent, in the order the items started, and settled with what the answer says it cost.
 */

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
