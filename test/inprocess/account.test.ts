/**
 * Version 2, Account: Get Usage, Get Invoices and Get API Keys through n8n's engine against the
 * stub, which answers the spec's schemas with usage that follows a fixed pattern per hour.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { hourlyUsage, memberKeyOf, usd } from '../stub/account';
import { v2ResponseValidator } from '../stub/schema';
import { runIdeogram } from '../support/n8n';
import { useStub } from '../support/useStub';

const KEY = 'sk-test-account-7d1f03a9c4';
const stub = useStub({ apiKey: KEY, latencyMs: 1 });

jest.setTimeout(30_000);

const credentials = (apiKey = KEY) => ({ provider: 'ideogram', apiKey, baseUrl: stub.baseUrl });

const usage = (parameters: IDataObject = {}) => ({ resource: 'account', operation: 'getUsage', options: {}, ...parameters });
/** Nov 1–8 2026: a closed range, so the stub's answer is the same whatever the date today. */
const WEEK = { range: 'custom', startTime: '2026-11-01T00:00:00Z', endTime: '2026-11-08T00:00:00Z' };

const run = (parameters: IDataObject, opts: { apiKey?: string; continueOnFail?: boolean; items?: Array<{ json: IDataObject }>; provider?: string } = {}) =>
	runIdeogram({
		parameters,
		typeVersion: 2,
		credentials: { ...credentials(opts.apiKey), ...(opts.provider ? { provider: opts.provider } : {}) },
		continueOnFail: opts.continueOnFail,
		items: opts.items,
	});

const queryOf = (i = 0) => new URL(stub.requests[i].rawPath, 'http://x').searchParams;
const json = (items: INodeExecutionData[] | undefined) => (items ?? []).map((i) => i.json);

/** What the stub's pattern bills in [from, to), in micro-dollars, per `by` of each line. */
function expectedMicros(from: string, to: string, by: (l: ReturnType<typeof hourlyUsage>[number]) => string): Map<string, number> {
	const sums = new Map<string, number>();
	for (let t = Date.parse(from); t < Date.parse(to); t += 3_600_000) {
		for (const l of hourlyUsage(t / 3_600_000)) sums.set(by(l), (sums.get(by(l)) ?? 0) + l.costMicros);
	}
	return sums;
}

describe('Get Usage', () => {
	test('a custom range: the query as the spec has it, one item per line item with its bucket, schema-valid answer', async () => {
		const result = await run(usage(WEEK));
		expect(result.error).toBeUndefined();
		expect(stub.requests).toHaveLength(1);
		const r = stub.requests[0];
		expect([r.method, r.path, r.status]).toEqual(['GET', '/v2/account/usage', 200]);
		expect(r.rawPath).toBe('/v2/account/usage?start_time=2026-11-01T00%3A00%3A00Z&end_time=2026-11-08T00%3A00%3A00Z&bucket_width=1d&sources=api&sources=app');
		expect(r.headers['api-key']).toBe(KEY);
		const validate = v2ResponseValidator('/v2/account/usage');
		expect(validate(r.response)).toBe(true);

		const items = json(result.output);
		const buckets = (r.response as { buckets: Array<{ line_items: unknown[] }> }).buckets;
		expect(buckets).toHaveLength(7);
		expect(items).toHaveLength(buckets.reduce((n, b) => n + b.line_items.length, 0));
		expect(items[0]).toMatchObject({ bucket_start: '2026-11-01T00:00:00+00:00', bucket_end: '2026-11-02T00:00:00+00:00', currency_code: 'USD' });
		expect(items.every((i) => typeof i.cost_total === 'string' && typeof i.product === 'string')).toBe(true);
		for (const item of result.output!) expect(item.pairedItem).toEqual({ item: 0 });
		expect(result.output!.some((i) => i.binary)).toBe(false);
	});

	test('totals per endpoint are the exact sums of the pattern, as decimal strings, largest first', async () => {
		const result = await run(usage({ ...WEEK, output: 'endpoint' }));
		const expected = expectedMicros('2026-11-01T00:00:00Z', '2026-11-08T00:00:00Z', (l) => l.endpoint);
		const items = json(result.output);
		expect(items.map((i) => [i.endpoint, i.cost_total])).toEqual(
			[...expected].sort((a, b) => b[1] - a[1]).map(([endpoint, micros]) => [endpoint, usd(micros)]),
		);
		// 168 hours: 126 with v4 images (1+2+3 per 4 hours: 252 images), 28 remix hours of 2, 21 upscales, 7 app hours of 3.
		expect(items.find((i) => i.endpoint === '/v2/image/generate/ideogram-4')).toMatchObject({
			cost_total: '16.38',
			quantities: { image: '273' },
			currency_code: 'USD',
			start_time: '2026-11-01T00:00:00+00:00',
			end_time: '2026-11-08T00:00:00+00:00',
		});
		expect(items.find((i) => i.endpoint === '/v2/image/upscale/topaz-standard-2')).toMatchObject({ cost_total: '3.633', quantities: {} });
	});

	test('hourly buckets add up to the same totals as daily ones; per product and per API key', async () => {
		const daily = json((await run(usage({ ...WEEK, output: 'product' }))).output);
		const hourly = json((await run(usage({ ...WEEK, output: 'product', bucketWidth: '1h' }))).output);
		expect(queryOf(1).get('bucket_width')).toBe('1h');
		expect((stub.requests[1].response as { buckets: unknown[] }).buckets).toHaveLength(168);
		expect(hourly.map((i) => [i.product, i.cost_total, i.quantities])).toEqual(daily.map((i) => [i.product, i.cost_total, i.quantities]));

		const byKey = json((await run(usage({ ...WEEK, output: 'apiKey' }))).output);
		expect(byKey.map((i) => [(i.api_key as IDataObject | null)?.label ?? null, i.cost_total])).toEqual([
			['Production', '18.753'],
			['Staging', '4.48'],
			[null, '1.26'],
		]);
	});

	test('Sources: API only is sent as one sources parameter, and the web app’s usage is left out', async () => {
		const result = await run(usage({ ...WEEK, sources: ['api'], output: 'apiKey' }));
		expect(queryOf().getAll('sources')).toEqual(['api']);
		expect(json(result.output).map((i) => (i.api_key as IDataObject | null)?.label ?? null)).toEqual(['Production', 'Staging']);
	});

	test('presets are sent as UTC ranges: Yesterday closed, Today open (no end_time: until now)', async () => {
		await run(usage({ range: 'yesterday' }));
		await run(usage({ range: 'today', bucketWidth: '1h' }));
		const y = queryOf(0);
		const start = Date.parse(y.get('start_time')!);
		expect(Date.parse(y.get('end_time')!) - start).toBe(24 * 3_600_000);
		expect(y.get('start_time')).toMatch(/^\d{4}-\d{2}-\d{2}T00:00:00Z$/);
		const t = queryOf(1);
		expect(t.get('start_time')).toBe(y.get('end_time'));
		expect(t.has('end_time')).toBe(false);
		expect(stub.requests.map((r) => r.status)).toEqual([200, 200]);
	});

	test.each([
		[{ range: 'lastMonth', bucketWidth: '1h' }, /^Time Range \(Last Month\) covers \d{3} hours, more than the 168 hours Ideogram allows with hourly buckets$/, /Bucket Width: Day/],
		[{ range: 'custom', startTime: '2026-01-01T00:00:00Z', endTime: '2026-06-01T00:00:00Z' }, /^Time Range \(Custom\) covers 151 days, more than the 92 days/, /at most 92 days/],
		[{ range: 'custom', startTime: '2026-11-05T00:00:00Z', endTime: '2026-11-01T00:00:00Z' }, /^Time Range \(Custom\) starts at 2026-11-05T00:00:00Z, not before its end/, /before the End Time/],
		[{ range: 'custom', startTime: '={{ "" }}' }, /^Start Time is required for a custom range$/, /Times without a zone are read as UTC/],
		[{ range: 'custom', startTime: 'last tuesday' }, /^Start Time "last tuesday" is not a date and time$/, /2026-11-01T00:00:00Z/],
		[{ ...WEEK, sources: [] }, /^Sources is empty$/, /API .* App .* both/],
		[{ range: 'fortnight' }, /^Time Range "fortnight" is not one of today, yesterday/, /from the list/],
	])('refused before sending: %j', async (parameters, message, fix) => {
		const result = await run(usage(parameters));
		expect(result.error?.message).toMatch(message);
		expect(result.error?.description).toMatch(fix);
		expect(stub.requests).toHaveLength(0);
	});

	test('a range without usage gives no items', async () => {
		const result = await run(usage({ range: 'custom', startTime: '2030-01-01T00:00:00Z', endTime: '2030-01-02T00:00:00Z', output: 'product' }));
		// The future: the stub bills nothing there (and a range must only start in the past when open).
		expect(result.error).toBeUndefined();
		expect(result.output ?? []).toHaveLength(0);
	});
});

describe('Get Invoices and Get API Keys', () => {
	test('one item per invoice, as the spec describes it', async () => {
		const result = await run({ resource: 'account', operation: 'getInvoices' });
		const r = stub.requests[0];
		expect([r.method, r.rawPath, r.status]).toEqual(['GET', '/v2/account/invoices', 200]);
		expect(v2ResponseValidator('/v2/account/invoices')(r.response)).toBe(true);
		expect(json(result.output)).toEqual((r.response as { invoices: IDataObject[] }).invoices);
		expect(json(result.output).map((i) => [i.status, i.total])).toEqual([
			['paid', '87.47'],
			['draft', '12.16'],
		]);
	});

	test('one item per API key, redacted, for each input item', async () => {
		const result = await run({ resource: 'account', operation: 'getApiKeys' }, { items: [{ json: { n: 1 } }, { json: { n: 2 } }] });
		expect(stub.requests.map((r) => [r.method, r.rawPath])).toEqual([
			['GET', '/v2/account/api-keys'],
			['GET', '/v2/account/api-keys'],
		]);
		expect(v2ResponseValidator('/v2/account/api-keys')(stub.requests[0].response)).toBe(true);
		const items = result.output!;
		expect(items).toHaveLength(6);
		expect(items.map((i) => i.pairedItem)).toEqual([0, 0, 0, 1, 1, 1].map((item) => ({ item })));
		expect(items.slice(0, 3).map((i) => [i.json.label, i.json.status])).toEqual([
			['Production', 'active'],
			['Staging', 'active'],
			[null, 'archived'],
		]);
		for (const i of items) expect(String(i.json.redacted_api_key)).toMatch(/^\w{4}•+$/);
	});
});

describe('keys without billing access, resellers', () => {
	const NO_BILLING = /^This API key has no billing access to the Ideogram account \(HTTP 404\)/;

	test.each(['getUsage', 'getInvoices', 'getApiKeys'])('%s: a 404 is said as missing billing access, with the fix', async (operation) => {
		const result = await run(usage({ operation, ...(operation === 'getUsage' ? WEEK : {}) }), { apiKey: memberKeyOf(KEY) });
		expect(stub.requests.map((r) => r.status)).toEqual([404]);
		expect(result.error?.message).toMatch(NO_BILLING);
		expect(result.error?.message).not.toMatch(/not found/i);
		expect(result.error?.description).toMatch(/^Use a key created by an organization admin with billing access/);
		expect(result.error?.httpCode).toBe('404');
		expect(`${result.error?.message} ${result.error?.description}`).not.toContain(KEY);
	});

	test('with Continue On Fail: one error item per input item', async () => {
		const result = await run({ resource: 'account', operation: 'getInvoices' }, { apiKey: memberKeyOf(KEY), continueOnFail: true, items: [{ json: {} }, { json: {} }] });
		expect(result.output!.map((i) => [i.json.httpCode, i.pairedItem])).toEqual([
			['404', { item: 0 }],
			['404', { item: 1 }],
		]);
		expect(String(result.output![0].json.error)).toMatch(NO_BILLING);
	});

	test('a reseller credential is refused before sending', async () => {
		const result = await run({ resource: 'account', operation: 'getUsage', range: 'yesterday' }, { provider: 'cometapi' });
		expect(result.error?.message).toBe("Get Usage (Ideogram's account API) works only with Ideogram's own API, not with CometAPI");
		expect(stub.requests).toHaveLength(0);
	});
});
