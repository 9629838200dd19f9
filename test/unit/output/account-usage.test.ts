import { addDecimals, formatDecimal, parseDecimal, zeroDecimal } from '../../../nodes/Ideogram/billing/decimal';
import { parseTime, presetRange, rangeProblem, rfc3339, type UsageRange } from '../../../nodes/Ideogram/resources/account/usageRange';
import { usageTotals } from '../../../nodes/Ideogram/output/accountItems';

/** Sums decimal strings the way toAccountItems adds up cost_total and quantities. */
function sumDecimals(values: string[]): string {
	return formatDecimal(values.reduce((total, value) => addDecimals(total, parseDecimal(value)!), zeroDecimal()));
}

describe('exact decimal sums', () => {
	test('sums what floating point gets wrong, exactly, with the most precise input’s decimals', () => {
		expect(sumDecimals(['0.1', '0.7'])).toBe('0.8');
		expect(sumDecimals(['0.06', '0.12', '0.173', '0.1'])).toBe('0.453');
		expect(sumDecimals(['0.06', '0.12'])).toBe('0.18');
		expect(sumDecimals(['0.1', '0.2'])).toBe('0.3');
		expect(sumDecimals(['84.00', '3.47', '0.173'])).toBe('87.643');
		expect(sumDecimals(Array.from({ length: 1000 }, () => '0.01'))).toBe('10.00');
		expect(sumDecimals([])).toBe('0');
	});

	test('negative amounts (credits) and signs', () => {
		expect(sumDecimals(['1.50', '-2.25'])).toBe('-0.75');
		expect(sumDecimals(['-0.05', '0.05'])).toBe('0.00');
		expect(sumDecimals(['+3', '0.5'])).toBe('3.5');
	});

	test('values beyond float precision stay exact', () => {
		expect(sumDecimals(['90071992547409.93', '0.01'])).toBe('90071992547409.94');
		expect(sumDecimals(['0.000001', '0.000002'])).toBe('0.000003');
	});

	test('formatting pads to a minimum of decimals and keeps more when the value has them', () => {
		expect(formatDecimal(parseDecimal('5')!, 2)).toBe('5.00');
		expect(formatDecimal(parseDecimal('0.173')!, 2)).toBe('0.173');
		expect(formatDecimal(parseDecimal('-0.5')!, 2)).toBe('-0.50');
		expect(formatDecimal(addDecimals(parseDecimal('0.004')!, parseDecimal('0.006')!))).toBe('0.010');
	});

	test('anything that is not a plain decimal is refused, not guessed', () => {
		for (const bad of ['1e3', '', ' ', '1,50', '0x10', 'NaN', '1.', '.5', '12 USD']) expect(parseDecimal(bad)).toBeUndefined();
		expect(parseDecimal(1.5)).toBeUndefined();
	});
});

describe('Get Usage time ranges (UTC)', () => {
	const now = new Date('2026-11-29T13:45:10.123Z');
	const show = (r: UsageRange) => [rfc3339(r.start), r.end ? rfc3339(r.end) : 'now'];

	test.each([
		['today', ['2026-11-29T00:00:00Z', 'now']],
		['yesterday', ['2026-11-28T00:00:00Z', '2026-11-29T00:00:00Z']],
		['last7Days', ['2026-11-22T00:00:00Z', '2026-11-29T00:00:00Z']],
		['thisMonth', ['2026-11-01T00:00:00Z', 'now']],
		['lastMonth', ['2026-10-01T00:00:00Z', '2026-11-01T00:00:00Z']],
	] as const)('%s', (preset, expected) => {
		expect(show(presetRange(preset, now))).toEqual(expected);
	});

	test('month and year boundaries', () => {
		const newYear = new Date('2027-01-01T00:30:00Z');
		expect(show(presetRange('yesterday', newYear))).toEqual(['2026-12-31T00:00:00Z', '2027-01-01T00:00:00Z']);
		expect(show(presetRange('lastMonth', newYear))).toEqual(['2026-12-01T00:00:00Z', '2027-01-01T00:00:00Z']);
		expect(show(presetRange('last7Days', new Date('2026-03-03T10:00:00Z')))).toEqual(['2026-02-24T00:00:00Z', '2026-03-03T00:00:00Z']);
	});

	test('every preset fits daily buckets; hourly ones take today, yesterday and the last 7 days only', () => {
		for (const preset of ['today', 'yesterday', 'last7Days', 'thisMonth', 'lastMonth'] as const) {
			expect(rangeProblem(presetRange(preset, now), '1d', now)).toBeUndefined();
		}
		for (const preset of ['today', 'yesterday', 'last7Days'] as const) expect(rangeProblem(presetRange(preset, now), '1h', now)).toBeUndefined();
		expect(rangeProblem(presetRange('lastMonth', now), '1h', now)?.problem).toBe('covers 744 hours, more than the 168 hours Ideogram allows with hourly buckets');
		expect(rangeProblem(presetRange('thisMonth', now), '1h', now)?.fix).toMatch(/Bucket Width: Day/);
	});

	test('limits count whole buckets after Ideogram snaps the start down and the end up', () => {
		const at = (s: string) => new Date(s);
		// 92 whole days: allowed; a minute more reaches into a 93rd day.
		expect(rangeProblem({ start: at('2026-01-01T00:00:00Z'), end: at('2026-04-03T00:00:00Z') }, '1d', now)).toBeUndefined();
		expect(rangeProblem({ start: at('2026-01-01T00:00:00Z'), end: at('2026-04-03T00:01:00Z') }, '1d', now)?.problem).toBe(
			'covers 93 days, more than the 92 days Ideogram allows with daily buckets',
		);
		expect(rangeProblem({ start: at('2026-11-01T00:00:00Z'), end: at('2026-11-08T00:00:00Z') }, '1h', now)).toBeUndefined();
		// 168 hours long, but from 10:30 to 10:30 it spans 169 hourly buckets.
		expect(rangeProblem({ start: at('2026-11-01T10:30:00Z'), end: at('2026-11-08T10:30:00Z') }, '1h', now)?.problem).toMatch(/^covers 169 hours/);
	});

	test('a range must end after it starts; an open one must start in the past', () => {
		const at = (s: string) => new Date(s);
		expect(rangeProblem({ start: at('2026-11-05T00:00:00Z'), end: at('2026-11-05T00:00:00Z') }, '1d', now)?.problem).toBe(
			'starts at 2026-11-05T00:00:00Z, not before its end (2026-11-05T00:00:00Z)',
		);
		expect(rangeProblem({ start: at('2026-12-01T00:00:00Z') }, '1d', now)?.problem).toBe('starts at 2026-12-01T00:00:00Z, which is not in the past');
	});

	test('date-time parameters: ISO with or without a zone (UTC), date only, Date, Luxon-like, epoch ms', () => {
		expect(parseTime('2026-11-01T05:00:00')?.toISOString()).toBe('2026-11-01T05:00:00.000Z');
		expect(parseTime('2026-11-01T05:00:00+02:00')?.toISOString()).toBe('2026-11-01T03:00:00.000Z');
		expect(parseTime('2026-11-01')?.toISOString()).toBe('2026-11-01T00:00:00.000Z');
		expect(parseTime(new Date(0))?.toISOString()).toBe('1970-01-01T00:00:00.000Z');
		expect(parseTime({ toJSDate: () => new Date('2026-02-03T04:05:06Z') })?.toISOString()).toBe('2026-02-03T04:05:06.000Z');
		expect(parseTime(1_700_000_000_000)?.toISOString()).toBe('2023-11-14T22:13:20.000Z');
		for (const bad of ['', 'yesterday', '2026-13-01', {}, null, undefined]) expect(parseTime(bad)).toBeUndefined();
	});
});

describe('usage totals', () => {
	const key = (id: string, label: string) => ({ id, label, redacted_key: `${id.slice(0, 4)}•••` });
	const line = (product: string, endpoint: string, cost: string, extra: object = {}) => ({
		product,
		endpoint,
		description: product,
		cost_total: cost,
		currency_code: 'USD',
		source: 'api',
		...extra,
	});
	const buckets = [
		{
			start_time: '2026-11-01T00:00:00+00:00',
			end_time: '2026-11-02T00:00:00+00:00',
			line_items: [
				line('v4', '/v2/image/generate/ideogram-4', '0.06', { billed_units: { quantity: '1', unit: 'image', unit_price: '0.06' }, api_key: key('AAAA1', 'Prod') }),
				line('topaz', '/v2/image/upscale/topaz', '0.173', { api_key: key('AAAA1', 'Prod') }),
			],
		},
		{ start_time: '2026-11-02T00:00:00+00:00', end_time: '2026-11-03T00:00:00+00:00', line_items: [] },
		{
			start_time: '2026-11-03T00:00:00+00:00',
			end_time: '2026-11-04T00:00:00+00:00',
			line_items: [
				line('v4', '/v2/image/generate/ideogram-4', '0.12', { billed_units: { quantity: '2', unit: 'image', unit_price: '0.06' }, api_key: key('BBBB2', 'Staging') }),
				line('v4', '/v2/image/generate/ideogram-4', '0.06', { billed_units: { quantity: '1', unit: 'image', unit_price: '0.06' }, source: 'app', user_email: 'a@example.com' }),
				line('v4', '/v2/image/generate/ideogram-4', '1.00', { currency_code: 'EUR', billed_units: { quantity: '10', unit: 'image', unit_price: '0.10' }, api_key: key('AAAA1', 'Prod') }),
			],
		},
	];

	test('per product: exact costs and quantities, per currency, largest first, with the range covered', () => {
		expect(usageTotals(buckets, 'product')).toEqual([
			{ product: 'v4', description: 'v4', currency_code: 'EUR', cost_total: '1.00', quantities: { image: '10' }, line_items: 1, start_time: '2026-11-01T00:00:00+00:00', end_time: '2026-11-04T00:00:00+00:00' },
			{ product: 'v4', description: 'v4', currency_code: 'USD', cost_total: '0.24', quantities: { image: '4' }, line_items: 3, start_time: '2026-11-01T00:00:00+00:00', end_time: '2026-11-04T00:00:00+00:00' },
			{ product: 'topaz', description: 'topaz', currency_code: 'USD', cost_total: '0.173', quantities: {}, line_items: 1, start_time: '2026-11-01T00:00:00+00:00', end_time: '2026-11-04T00:00:00+00:00' },
		]);
	});

	test('per endpoint and per API key (usage without a key is one group, api_key null)', () => {
		expect(usageTotals(buckets, 'endpoint').map((t) => [t.endpoint, t.currency_code, t.cost_total])).toEqual([
			['/v2/image/generate/ideogram-4', 'EUR', '1.00'],
			['/v2/image/generate/ideogram-4', 'USD', '0.24'],
			['/v2/image/upscale/topaz', 'USD', '0.173'],
		]);
		expect(usageTotals(buckets, 'apiKey').map((t) => [t.api_key, t.currency_code, t.cost_total, t.line_items])).toEqual([
			[key('AAAA1', 'Prod'), 'EUR', '1.00', 1],
			[key('AAAA1', 'Prod'), 'USD', '0.233', 2],
			[key('BBBB2', 'Staging'), 'USD', '0.12', 1],
			[null, 'USD', '0.06', 1],
		]);
	});

	test('no usage: no totals', () => {
		expect(usageTotals([{ start_time: 'a', end_time: 'b', line_items: [] }], 'product')).toEqual([]);
	});

	test('a cost that is not a decimal stops the sum rather than skewing it', () => {
		const broken = [{ ...buckets[0], line_items: [line('v4', '/x', '1e2')] }];
		expect(() => usageTotals(broken, 'product')).toThrow('The cost_total of v4 is "1e2", not a decimal number');
	});
});
