import { NodeApiError, type IDataObject, type IExecuteSingleFunctions, type IN8nHttpFullResponse, type INodeExecutionData, type JsonObject } from 'n8n-workflow';

import { addDecimals, formatDecimal, parseDecimal, zeroDecimal, type Decimal } from '../billing/decimal';
import type { UsageLayout } from '../description/options';


interface LineItem extends IDataObject {
	product: string;
	endpoint: string;
	description: string;
	cost_total: string;
	currency_code: string;
	billed_units?: { quantity: string; unit: string; unit_price: string };
	api_key?: { id: string; label?: string | null; redacted_key?: string | null };
}

interface Bucket {
	start_time: string;
	end_time: string;
	line_items: LineItem[];
}

function decimalOf(value: unknown, what: string): Decimal {
	const d = parseDecimal(value);
	if (!d) throw new Error(`${what} is ${JSON.stringify(value)}, not a decimal number`);
	return d;
}

interface Group {
	json: IDataObject;
	cost: Decimal;
	quantities: Map<string, Decimal>;
	lineItems: number;
}

const compareDecimals = (a: Decimal, b: Decimal): number => {
	const scale = Math.max(a.scale, b.scale);
	const diff = a.units * 10n ** BigInt(scale - a.scale) - b.units * 10n ** BigInt(scale - b.scale);
	return diff > 0n ? 1 : diff < 0n ? -1 : 0;
};

/**
 * Totals of every line item of the buckets, per product, endpoint or API key (usage without a key,
 * such as the web app's, is one group with `api_key: null`), and per currency, since amounts in
 * two currencies never add up. Costs and quantities (per billed unit) are summed exactly and
 * written as decimal strings; the largest cost comes first.
 */
export function usageTotals(buckets: Bucket[], by: Exclude<UsageLayout, 'lineItems'>): IDataObject[] {
	const groups = new Map<string, Group>();
	for (const bucket of buckets) {
		for (const item of bucket.line_items ?? []) {
			const identity: IDataObject =
				by === 'product'
					? { product: item.product, description: item.description }
					: by === 'endpoint'
						? { endpoint: item.endpoint }
						: { api_key: item.api_key ? { ...item.api_key } : null };
			const id = by === 'product' ? item.product : by === 'endpoint' ? item.endpoint : (item.api_key?.id ?? '');
			const key = `${id}|${item.currency_code}`;
			let group = groups.get(key);
			if (!group) {
				group = { json: { ...identity, currency_code: item.currency_code }, cost: zeroDecimal(), quantities: new Map(), lineItems: 0 };
				groups.set(key, group);
			}
			group.cost = addDecimals(group.cost, decimalOf(item.cost_total, `The cost_total of ${item.product}`));
			if (item.billed_units) {
				const { unit, quantity } = item.billed_units;
				const sum = group.quantities.get(unit) ?? zeroDecimal();
				group.quantities.set(unit, addDecimals(sum, decimalOf(quantity, `The billed quantity of ${item.product}`)));
			}
			group.lineItems++;
		}
	}
	const range = buckets.length ? { start_time: buckets[0].start_time, end_time: buckets[buckets.length - 1].end_time } : {};
	return [...groups.entries()]
		.sort(([ka, a], [kb, b]) => compareDecimals(b.cost, a.cost) || ka.localeCompare(kb))
		.map(([, g]) => ({
			...g.json,
			cost_total: formatDecimal(g.cost, 2),
			quantities: Object.fromEntries([...g.quantities].map(([unit, q]) => [unit, formatDecimal(q)])),
			line_items: g.lineItems,
			...range,
		}));
}

function unexpected(ctx: IExecuteSingleFunctions, response: IN8nHttpFullResponse, expected: string, problem?: string): NodeApiError {
	return new NodeApiError(ctx.getNode(), { status: response.statusCode } as JsonObject, {
		message: problem ? `Ideogram's usage answer cannot be summed: ${problem}` : `Ideogram answered without ${expected}`,
		description: `Got ${JSON.stringify(response.body).slice(0, 200)}. Choose Output: One Item per Line Item to see the answer as it came.`,
		itemIndex: ctx.getItemIndex(),
	});
}

/** Get Usage's answer: one item per line item (with its bucket's window), or one per total. */
export async function toUsageItems(
	this: IExecuteSingleFunctions,
	_items: INodeExecutionData[],
	response: IN8nHttpFullResponse,
): Promise<INodeExecutionData[]> {
	const buckets = (response.body as { buckets?: Bucket[] } | undefined)?.buckets;
	if (!Array.isArray(buckets)) throw unexpected(this, response, 'a list of usage buckets');
	const layout = this.getNodeParameter('output', 'lineItems') as UsageLayout;
	let rows: IDataObject[];
	if (layout === 'lineItems') {
		rows = buckets.flatMap((b) => (b.line_items ?? []).map((item) => ({ bucket_start: b.start_time, bucket_end: b.end_time, ...item })));
	} else {
		try {
			rows = usageTotals(buckets, layout);
		} catch (error) {
			// Only a value that is not a decimal stops the sums: said as Ideogram's answer, not the user's input.
			throw unexpected(this, response, '', (error as Error).message);
		}
	}
	return rows.map((json) => ({ json, pairedItem: { item: this.getItemIndex() } }));
}

/** An answer that lists things under `field` ({invoices: […]}): one item each. */
export const toListItems = (field: string, what: string) =>
	async function (this: IExecuteSingleFunctions, _items: INodeExecutionData[], response: IN8nHttpFullResponse): Promise<INodeExecutionData[]> {
		const list = (response.body as IDataObject | undefined)?.[field];
		if (!Array.isArray(list)) throw unexpected(this, response, `a list of ${what}`);
		return (list as IDataObject[]).map((json) => ({ json: { ...json }, pairedItem: { item: this.getItemIndex() } }));
	};
