/**
 * The time range of Get Usage: presets computed in UTC (Ideogram's buckets are UTC days and hours)
 * and the API's limits, checked before sending so a range Ideogram would refuse costs no request.
 */
export const RANGE_PRESETS = ['today', 'yesterday', 'last7Days', 'thisMonth', 'lastMonth', 'custom'] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];

export const BUCKET_WIDTHS = ['1d', '1h'] as const;
export type BucketWidth = (typeof BUCKET_WIDTHS)[number];

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** GET /v2/account/usage: `1d` allows ranges up to 92 days per request, `1h` up to 168 hours. */
export const BUCKET_LIMITS: Record<BucketWidth, { unitMs: number; max: number; unit: string }> = {
	'1d': { unitMs: DAY_MS, max: 92, unit: 'days' },
	'1h': { unitMs: HOUR_MS, max: 168, unit: 'hours' },
};

/** A range to ask for; no `end` means "until now" (the API's default, sent as no end_time). */
export interface UsageRange {
	start: Date;
	end?: Date;
}

const startOfDay = (t: Date) => new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate()));
const startOfMonth = (t: Date, monthsBack = 0) => new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() - monthsBack, 1));
const daysBefore = (t: Date, days: number) => new Date(t.getTime() - days * DAY_MS);

/**
 * The range a preset stands for at `now`. Closed periods end at a day or month boundary; today and
 * this month run until now. Last 7 Days is the seven whole days before today.
 */
export function presetRange(preset: Exclude<RangePreset, 'custom'>, now: Date): UsageRange {
	const today = startOfDay(now);
	switch (preset) {
		case 'today':
			return { start: today };
		case 'yesterday':
			return { start: daysBefore(today, 1), end: today };
		case 'last7Days':
			return { start: daysBefore(today, 7), end: today };
		case 'thisMonth':
			return { start: startOfMonth(now) };
		case 'lastMonth':
			return { start: startOfMonth(now, 1), end: startOfMonth(now) };
	}
}

const HAS_ZONE = /(?:Z|[+-]\d{2}:?\d{2})$/i;

/**
 * A date-time parameter as a Date: an ISO string (read as UTC when it names no zone, as n8n's date
 * picker gives none), a Date, a Luxon DateTime from an expression such as {{ $now }}, or epoch ms.
 * Undefined when it is none of these.
 */
export function parseTime(value: unknown): Date | undefined {
	let date: Date | undefined;
	if (value instanceof Date) date = value;
	else if (typeof value === 'number') date = new Date(value);
	else if (value && typeof value === 'object' && typeof (value as { toJSDate?: unknown }).toJSDate === 'function')
		date = (value as { toJSDate: () => Date }).toJSDate();
	else if (typeof value === 'string' && value.trim()) {
		const text = value.trim();
		const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(text);
		date = new Date(dateOnly || HAS_ZONE.test(text) ? text : `${text}Z`);
	}
	return date && Number.isFinite(date.getTime()) ? date : undefined;
}

/** RFC 3339 in UTC, without milliseconds: 2026-11-28T00:00:00Z. */
export const rfc3339 = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** What is wrong with a range for a bucket width, and the fix; undefined when Ideogram takes it. */
export function rangeProblem(range: UsageRange, width: BucketWidth, now: Date): { problem: string; fix: string } | undefined {
	const end = range.end ?? now;
	if (range.start.getTime() >= end.getTime()) {
		return range.end
			? { problem: `starts at ${rfc3339(range.start)}, not before its end (${rfc3339(end)})`, fix: 'Pick a Start Time before the End Time.' }
			: { problem: `starts at ${rfc3339(range.start)}, which is not in the past`, fix: 'Pick a Start Time before now.' };
	}
	// Ideogram snaps the start down and the end up to bucket boundaries (UTC): the limit counts whole buckets.
	const { unitMs, max, unit } = BUCKET_LIMITS[width];
	const buckets = Math.ceil(end.getTime() / unitMs) - Math.floor(range.start.getTime() / unitMs);
	if (buckets <= max) return undefined;
	return {
		problem: `covers ${buckets} ${unit}, more than the ${max} ${unit} Ideogram allows with ${width === '1d' ? 'daily' : 'hourly'} buckets`,
		fix:
			width === '1h'
				? 'Pick Bucket Width: Day, or a range of at most 7 days (168 hours). For longer histories, run one request per period.'
				: 'Pick a range of at most 92 days; for longer histories, run one request per period (e.g. one item per month).',
	};
}
