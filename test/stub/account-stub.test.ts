/**
 * The stub's account endpoints: answers valid against the spec's response schemas, the usage
 * query checked as the spec states it, and the 404 Ideogram gives keys without billing access.
 */
import { memberKeyOf, NO_BILLING_ACCESS } from './account';
import { startStub, type IdeogramStub } from './ideogram-stub';
import { v2ResponseValidator } from './schema';

const KEY = 'stub-account-key';
let stub: IdeogramStub;
let reseller: IdeogramStub;
beforeAll(async () => {
	stub = await startStub({ personality: 'official', apiKey: KEY });
	reseller = await startStub({ personality: 'cometapi', apiKey: KEY });
});
afterAll(async () => {
	await stub.close();
	await reseller.close();
});

interface Bucket {
	start_time: string;
	end_time: string;
	line_items: Array<{ product: string; cost_total: string; billed_units?: { quantity: string }; source: string }>;
}

async function get(pathAndQuery: string, key = KEY, method = 'GET', target = stub) {
	const res = await fetch(target.baseUrl + pathAndQuery, { method, headers: { 'Api-Key': key } });
	return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const usage = async (query: string) => get(`/v2/account/usage?${query}`);
const micros = (s: string) => Math.round(Number(s) * 1_000_000);

test.each([
	['/v2/account/usage?start_time=2026-11-01T00:00:00Z&end_time=2026-11-03T00:00:00Z&bucket_width=1h', '/v2/account/usage'],
	['/v2/account/usage?start_time=2026-08-01T00:00:00Z&end_time=2026-11-01T00:00:00Z', '/v2/account/usage'],
	['/v2/account/invoices', '/v2/account/invoices'],
	['/v2/account/api-keys', '/v2/account/api-keys'],
])('%s answers the spec’s 200 schema', async (url, route) => {
	const res = await get(url);
	expect(res.status).toBe(200);
	const validate = v2ResponseValidator(route);
	expect(validate(res.body)).toBe(true);
	expect(validate.errors ?? null).toBeNull();
});

test('usage: dense buckets over the range, snapped to bucket boundaries (UTC), each day the sum of its hours', async () => {
	const daily = (await usage('start_time=2026-11-01T10:30:00%2B02:00&end_time=2026-11-03T00:00:01Z')).body.buckets as Bucket[];
	expect(daily.map((b) => [b.start_time, b.end_time])).toEqual([
		['2026-11-01T00:00:00+00:00', '2026-11-02T00:00:00+00:00'],
		['2026-11-02T00:00:00+00:00', '2026-11-03T00:00:00+00:00'],
		['2026-11-03T00:00:00+00:00', '2026-11-04T00:00:00+00:00'],
	]);
	const hourly = (await usage('start_time=2026-11-02T00:00:00Z&end_time=2026-11-03T00:00:00Z&bucket_width=1h')).body.buckets as Bucket[];
	expect(hourly).toHaveLength(24);
	expect(hourly.some((b) => b.line_items.length === 0)).toBe(true);
	const cost = (buckets: Bucket[]) => buckets.flatMap((b) => b.line_items).reduce((n, l) => n + micros(l.cost_total), 0);
	expect(cost(hourly)).toBe(cost([daily[1]]));
	expect(cost(hourly)).toBeGreaterThan(0);
	// A day has the products of its hours once each, per key and source.
	const names = daily[1].line_items.map((l) => `${l.product}/${l.source}`);
	expect(new Set(names).size).toBe(names.length);
});

test('usage: sources filter the line items; nothing is billed after now', async () => {
	const appOnly = (await usage('start_time=2026-11-01T00:00:00Z&end_time=2026-11-08T00:00:00Z&sources=app')).body.buckets as Bucket[];
	const sources = new Set(appOnly.flatMap((b) => b.line_items.map((l) => l.source)));
	expect([...sources]).toEqual(['app']);
	const ahead = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
	const tomorrow = (await usage(`start_time=${ahead}T00:00:00Z&end_time=${ahead}T12:00:00Z`)).body.buckets as Bucket[];
	expect(tomorrow.flatMap((b) => b.line_items)).toEqual([]);
});

test.each([
	['', "Missing query parameter 'start_time'"],
	['start_time=2026-11-01', "'start_time' is not an RFC 3339 date-time: '2026-11-01'"],
	['start_time=2026-11-01T00:00:00', "'start_time' is not an RFC 3339 date-time"],
	['start_time=2026-11-01T00:00:00Z&end_time=yesterday', "'end_time' is not an RFC 3339 date-time"],
	['start_time=2026-11-01T00:00:00Z&bucket_width=1w', "'bucket_width' must be one of 1d, 1h, not '1w'"],
	['start_time=2026-11-01T00:00:00Z&end_time=2026-11-02T00:00:00Z&sources=web', "'sources' must be api or app, not 'web'"],
	['start_time=2026-11-01T00:00:00Z&sources[]=api', "Unknown query parameter 'sources[]'"],
	['start_time=2026-11-01T00:00:00Z&start_time=2026-11-02T00:00:00Z', "Query parameter 'start_time' given more than once"],
	['start_time=2026-11-02T00:00:00Z&end_time=2026-11-01T00:00:00Z', 'Invalid time range: end_time must be after start_time'],
	['start_time=2026-01-01T00:00:00Z&end_time=2026-04-03T00:00:01Z', 'Invalid time range: 93 buckets of 1d; at most 92 are allowed'],
	['start_time=2026-11-01T00:30:00Z&end_time=2026-11-08T00:30:00Z&bucket_width=1h', 'Invalid time range: 169 buckets of 1h; at most 168 are allowed'],
])('usage?%s → 400', async (query, error) => {
	const res = await usage(query);
	expect(res.status).toBe(400);
	expect(String(res.body.error)).toContain(error);
});

test('the limits themselves are allowed: 92 days, 168 hours', async () => {
	expect((await usage('start_time=2026-01-01T00:00:00Z&end_time=2026-04-03T00:00:00Z')).status).toBe(200);
	expect((await usage('start_time=2026-11-01T00:00:00Z&end_time=2026-11-08T00:00:00Z&bucket_width=1h')).status).toBe(200);
});

test.each(['/v2/account/usage?start_time=2026-11-01T00:00:00Z', '/v2/account/invoices', '/v2/account/api-keys'])(
	'%s: 404 for a member’s key without billing access, 401 for a wrong key, 405 for POST',
	async (url) => {
		expect(await get(url, memberKeyOf(KEY))).toEqual({ status: 404, body: { detail: NO_BILLING_ACCESS } });
		expect((await get(url, 'wrong')).status).toBe(401);
		expect((await get(url, KEY, 'POST')).status).toBe(405);
		// Ideogram's own: no reseller routes it.
		expect((await get(url, KEY, 'GET', reseller)).status).toBe(404);
	},
);

test('invoices and API keys take no query parameters', async () => {
	expect((await get('/v2/account/invoices?limit=5')).status).toBe(400);
});
