/**
 * The stub's account endpoints (GET /v2/account/usage, /invoices, /api-keys), answering the spec's
 * schemas (GetAccountUsageResponse, ListAccountInvoicesResponse, ListAccountApiKeysResponse).
 *
 * Usage follows a fixed pattern per hour (hourlyUsage), so the answer for any range and bucket
 * width is known in advance, and daily buckets hold exactly the sum of their hours. Amounts are
 * kept in micro-dollars (integers) and written as decimal strings, as Ideogram writes them.
 */
export const ACCOUNT_PATHS = ['/v2/account/usage', '/v2/account/invoices', '/v2/account/api-keys'] as const;
export const isAccountPath = (p: string): boolean => (ACCOUNT_PATHS as readonly string[]).includes(p);

/** The key of an organization member without billing access: valid everywhere, 404 on /v2/account/*. */
export const memberKeyOf = (apiKey: string): string => `${apiKey}.member`;

export const NO_BILLING_ACCESS = 'No organization with billing access was found for this credential.';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** GET /v2/account/usage: `1d` allows ranges up to 92 days per request; `1h` up to 168 hours. */
const WIDTHS: Record<string, { ms: number; max: number }> = { '1d': { ms: DAY_MS, max: 92 }, '1h': { ms: HOUR_MS, max: 168 } };
const SOURCES = ['api', 'app'];

export const STUB_API_KEYS = [
	{ id: 'JRPVD7jWR1aTBYiJ0UFVOg', label: 'Production', redacted: 'ATG5•••••••••••••', creator: 'Ada Admin', status: 'active', created: '2026-01-12T09:30:00+00:00' },
	{ id: 'Qm9vdFN0YWdpbmdLZXkx', label: 'Staging', redacted: 'BX7q•••••••••••••', creator: 'Ada Admin', status: 'active', created: '2026-03-02T14:00:00+00:00' },
	{ id: 'T2xkS2V5QXJjaGl2ZWQ', label: null, redacted: 'C0ld•••••••••••••', creator: null, status: 'archived', created: '2025-08-20T08:00:00+00:00' },
] as const;

/** One billed rate in one hour. Without unit price, the product is usage-priced (cost only). */
export interface StubUsage {
	product: string;
	endpoint: string;
	description: string;
	source: 'api' | 'app';
	/** Index into STUB_API_KEYS; app usage has none. */
	key?: number;
	userEmail?: string;
	dimensions?: Record<string, string>;
	quantity?: number;
	unitPriceMicros?: number;
	costMicros: number;
}

/** What was billed in hour `hour` (hours since the epoch): a pattern mixing prices, keys and sources. */
export function hourlyUsage(hour: number): StubUsage[] {
	const lines: StubUsage[] = [];
	const perImage = (quantity: number, unitPriceMicros: number) => ({ quantity, unitPriceMicros, costMicros: quantity * unitPriceMicros });
	if (hour % 4) {
		lines.push({
			product: 'ideogram_v4_generation',
			endpoint: '/v2/image/generate/ideogram-4',
			description: 'Ideogram v4 Generation',
			source: 'api',
			key: 0,
			dimensions: { rendering_speed: 'TURBO' },
			...perImage(hour % 4, 60_000),
		});
	}
	if (hour % 6 === 0) {
		lines.push({ product: 'ideogram_v3_remix', endpoint: '/v2/image/remix/ideogram-3', description: 'Ideogram 3.0 Remix', source: 'api', key: 1, ...perImage(2, 80_000) });
	}
	if (hour % 8 === 5) {
		lines.push({ product: 'topaz_standard_2_upscale', endpoint: '/v2/image/upscale/topaz-standard-2', description: 'Topaz Standard 2 Upscale', source: 'api', key: 0, costMicros: 173_000 });
	}
	if (hour % 24 === 15) {
		lines.push({
			product: 'ideogram_v4_generation',
			endpoint: '/v2/image/generate/ideogram-4',
			description: 'Ideogram v4 Generation',
			source: 'app',
			userEmail: 'designer@example.com',
			dimensions: { rendering_speed: 'TURBO' },
			...perImage(3, 60_000),
		});
	}
	return lines;
}

/** Micro-dollars as Ideogram writes money: at least two decimals, no trailing zeros beyond. */
export function usd(micros: number): string {
	const sign = micros < 0 ? '-' : '';
	const abs = Math.abs(micros);
	const fraction = String(abs % 1_000_000).padStart(6, '0').replace(/0{1,4}$/, '');
	return `${sign}${Math.floor(abs / 1_000_000)}.${fraction}`;
}

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', '+00:00');

/** The line items of one bucket: the hours inside it, merged on (product, dimensions, key, source, unit price). */
function bucketLines(startMs: number, endMs: number, sources: string[], nowMs: number): object[] {
	const merged = new Map<string, StubUsage>();
	for (let t = startMs; t < endMs && t + HOUR_MS <= nowMs; t += HOUR_MS) {
		for (const line of hourlyUsage(t / HOUR_MS)) {
			if (!sources.includes(line.source)) continue;
			const id = JSON.stringify([line.product, line.dimensions, line.key, line.source, line.unitPriceMicros]);
			const sum = merged.get(id);
			if (!sum) merged.set(id, { ...line });
			else {
				sum.costMicros += line.costMicros;
				if (sum.quantity !== undefined) sum.quantity += line.quantity!;
			}
		}
	}
	return [...merged.values()].map((l) => {
		const key = l.key === undefined ? undefined : STUB_API_KEYS[l.key];
		return {
			product: l.product,
			endpoint: l.endpoint,
			description: l.description,
			cost_total: usd(l.costMicros),
			currency_code: 'USD',
			source: l.source,
			...(l.quantity !== undefined ? { billed_units: { quantity: String(l.quantity), unit: 'image', unit_price: usd(l.unitPriceMicros!) } } : {}),
			...(l.dimensions ? { dimensions: { ...l.dimensions } } : {}),
			...(key ? { api_key: { id: key.id, label: key.label, redacted_key: key.redacted } } : {}),
			...(l.userEmail ? { user_email: l.userEmail } : {}),
		};
	});
}

export interface AccountAnswer {
	status: number;
	/** The body on 200; the error message otherwise. */
	body?: unknown;
	error?: string;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/i;

/** GET /v2/account/usage: the query checked as the spec states it, then dense buckets over the snapped range. */
function usage(query: URLSearchParams, nowMs: number): AccountAnswer {
	const bad = (error: string): AccountAnswer => ({ status: 400, error });
	for (const name of new Set(query.keys())) {
		if (!['start_time', 'end_time', 'bucket_width', 'sources'].includes(name)) return bad(`Unknown query parameter '${name}'`);
		if (name !== 'sources' && query.getAll(name).length > 1) return bad(`Query parameter '${name}' given more than once`);
	}
	const time = (name: string): number | string | undefined => {
		const text = query.get(name);
		if (text === null) return undefined;
		return RFC3339.test(text) && Number.isFinite(Date.parse(text)) ? Date.parse(text) : `'${name}' is not an RFC 3339 date-time: '${text}'`;
	};
	const start = time('start_time');
	if (start === undefined) return bad("Missing query parameter 'start_time'");
	if (typeof start === 'string') return bad(start);
	const end = time('end_time') ?? nowMs;
	if (typeof end === 'string') return bad(end);
	const widthName = query.get('bucket_width') ?? '1d';
	const width = WIDTHS[widthName];
	if (!width) return bad(`'bucket_width' must be one of 1d, 1h, not '${widthName}'`);
	const sources = query.has('sources') ? query.getAll('sources') : SOURCES;
	const badSource = sources.find((s) => !SOURCES.includes(s));
	if (badSource !== undefined) return bad(`'sources' must be api or app, not '${badSource}'`);
	const from = Math.floor(start / width.ms) * width.ms;
	const to = Math.ceil(end / width.ms) * width.ms;
	if (to <= from) return bad('Invalid time range: end_time must be after start_time');
	const count = (to - from) / width.ms;
	if (count > width.max) return bad(`Invalid time range: ${count} buckets of ${widthName}; at most ${width.max} are allowed`);
	const buckets = [];
	for (let t = from; t < to; t += width.ms) {
		buckets.push({ start_time: iso(t), end_time: iso(t + width.ms), line_items: bucketLines(t, t + width.ms, sources, nowMs) });
	}
	return { status: 200, body: { buckets } };
}

const INVOICES = {
	invoices: [
		{
			start_time: '2026-10-01T00:00:00+00:00',
			end_time: '2026-11-01T00:00:00+00:00',
			status: 'paid',
			total: '87.47',
			currency_code: 'USD',
			issued_time: '2026-11-01T06:00:00+00:00',
			paid_time: '2026-11-03T10:12:00+00:00',
			line_items: [
				{ description: 'Ideogram v4 Generation', quantity: '1400', unit_price: '0.06', cost_total: '84.00', currency_code: 'USD', api_key: { id: STUB_API_KEYS[0].id, label: STUB_API_KEYS[0].label, redacted_key: STUB_API_KEYS[0].redacted } },
				{ description: 'Topaz Standard 2 Upscale', quantity: '1', unit_price: '3.47', cost_total: '3.47', currency_code: 'USD' },
			],
		},
		{
			start_time: '2026-11-01T00:00:00+00:00',
			end_time: '2026-12-01T00:00:00+00:00',
			status: 'draft',
			total: '12.16',
			currency_code: 'USD',
			issued_time: null,
			paid_time: null,
			line_items: [{ description: 'Ideogram 3.0 Remix', quantity: '152', unit_price: '0.08', cost_total: '12.16', currency_code: 'USD' }],
		},
	],
};

const API_KEYS = {
	api_keys: STUB_API_KEYS.map((k) => ({
		api_key_id: k.id,
		redacted_api_key: k.redacted,
		creation_time: k.created,
		label: k.label,
		creator_display_label: k.creator,
		status: k.status,
	})),
};

/**
 * The answer to an authenticated request on an account path. `billing`: whether the key's owner
 * has billing access (a member's key gets 404, as Ideogram answers it).
 */
export function accountAnswer(path: string, method: string, query: URLSearchParams, billing: boolean, nowMs: number): AccountAnswer {
	if (method !== 'GET') return { status: 405, error: `Method ${method} not allowed; use GET` };
	if (!billing) return { status: 404, error: NO_BILLING_ACCESS };
	if (path === '/v2/account/usage') return usage(query, nowMs);
	if ([...query.keys()].length) return { status: 400, error: `Unknown query parameter '${[...query.keys()][0]}'` };
	return { status: 200, body: path === '/v2/account/invoices' ? INVOICES : API_KEYS };
}
