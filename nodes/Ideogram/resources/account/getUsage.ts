import type { IExecuteSingleFunctions } from 'n8n-workflow';

import { USAGE_LAYOUTS } from '../../description/options';
import type { OperationDefinition } from '../../description/operation';
import {
	BUCKET_WIDTHS,
	parseTime,
	presetRange,
	RANGE_PRESETS,
	rangeProblem,
	rfc3339,
	type BucketWidth,
	type RangePreset,
	type UsageRange,
} from './usageRange';
import { accountRead, badParameter } from './common';

const SOURCES = ['api', 'app'];

const PRESET_NAMES: Record<RangePreset, string> = {
	today: 'Today',
	yesterday: 'Yesterday',
	last7Days: 'Last 7 Days',
	thisMonth: 'This Month',
	lastMonth: 'Last Month',
	custom: 'Custom',
};

function listedValue<T extends string>(ctx: IExecuteSingleFunctions, parameter: string, label: string, values: readonly T[], fallback: T): T {
	const value = String(ctx.getNodeParameter(parameter, fallback));
	if ((values as readonly string[]).includes(value)) return value as T;
	throw badParameter(ctx, `${label} "${value.slice(0, 40)}" is not one of ${values.join(', ')}`, `Pick ${label} from the list, or make the expression give one of those values.`);
}

function customRange(ctx: IExecuteSingleFunctions): UsageRange {
	const startValue = ctx.getNodeParameter('startTime', '');
	const endValue = ctx.getNodeParameter('endTime', '');
	const start = parseTime(startValue);
	if (!start) {
		throw badParameter(
			ctx,
			startValue ? `Start Time "${String(startValue).slice(0, 40)}" is not a date and time` : 'Start Time is required for a custom range',
			'Enter a date and time, e.g. 2026-11-01T00:00:00Z, or map one such as {{ $now.minus({ days: 3 }) }}. Times without a zone are read as UTC.',
		);
	}
	if (endValue === '' || endValue === undefined || endValue === null) return { start };
	const end = parseTime(endValue);
	if (!end) {
		throw badParameter(ctx, `End Time "${String(endValue).slice(0, 40)}" is not a date and time`, 'Enter a date and time, e.g. 2026-11-08T00:00:00Z, or leave it empty for "until now".');
	}
	return { start, end };
}

function sourcesOf(ctx: IExecuteSingleFunctions): string[] {
	const value = ctx.getNodeParameter('sources', SOURCES);
	const list = (Array.isArray(value) ? value : String(value).split(',')).map((s) => String(s).trim()).filter(Boolean);
	const unknown = list.find((s) => !SOURCES.includes(s));
	if (unknown !== undefined) throw badParameter(ctx, `Sources "${unknown.slice(0, 40)}" is not api or app`, 'Pick API, App or both.');
	if (!list.length) throw badParameter(ctx, 'Sources is empty', 'Pick API (usage through API keys), App (usage in the web app) or both.');
	return [...new Set(list)];
}

export const getUsage: OperationDefinition = {
	...accountRead,
	value: 'getUsage',
	name: 'Get Usage',
	action: 'Get the usage and spend of the account',
	description: 'What the organization spent, by day or hour, product, endpoint and API key (needs a key with billing access)',
	path: '/v2/account/usage',
	query() {
		const now = new Date();
		const preset = listedValue(this, 'range', 'Time Range', RANGE_PRESETS, 'yesterday');
		const width = listedValue<BucketWidth>(this, 'bucketWidth', 'Bucket Width', BUCKET_WIDTHS, '1d');
		const range = preset === 'custom' ? customRange(this) : presetRange(preset, now);
		const problem = rangeProblem(range, width, now);
		if (problem) throw badParameter(this, `Time Range (${PRESET_NAMES[preset]}) ${problem.problem}`, problem.fix);
		const query: Array<[string, string]> = [['start_time', rfc3339(range.start)]];
		if (range.end) query.push(['end_time', rfc3339(range.end)]);
		query.push(['bucket_width', width]);
		for (const source of sourcesOf(this)) query.push(['sources', source]);
		// Read here so a wrong value fails before the request, not after it was answered.
		listedValue(this, 'output', 'Output', USAGE_LAYOUTS, 'lineItems');
		return query;
	},
	extraProperties: [
		{
			displayName: 'Time Range',
			name: 'range',
			type: 'options',
			default: 'yesterday',
			options: [
				{ name: 'Custom', value: 'custom', description: 'From Start Time to End Time' },
				{ name: 'Last 7 Days', value: 'last7Days', description: 'The seven whole days before today (UTC)' },
				{ name: 'Last Month', value: 'lastMonth', description: 'The whole of last month (UTC)' },
				{ name: 'This Month', value: 'thisMonth', description: 'From the 1st of this month (UTC) until now' },
				{ name: 'Today', value: 'today', description: 'From midnight UTC until now' },
				{ name: 'Yesterday', value: 'yesterday', description: 'The whole of yesterday (UTC)' },
			],
			description: "Days are UTC days, as Ideogram's buckets are. Ideogram reports up to 92 days per request with daily buckets, 168 hours with hourly ones.",
		},
		{
			displayName: 'Start Time',
			name: 'startTime',
			type: 'dateTime',
			default: '',
			required: true,
			displayOptions: { show: { range: ['custom'] } },
			description: 'Where the range starts; Ideogram rounds it down to the start of its bucket (UTC). Read as UTC when it names no time zone.',
		},
		{
			displayName: 'End Time',
			name: 'endTime',
			type: 'dateTime',
			default: '',
			displayOptions: { show: { range: ['custom'] } },
			description: 'Where the range ends (not included); empty means now. Ideogram rounds it up to the end of its bucket (UTC).',
		},
		{
			displayName: 'Bucket Width',
			name: 'bucketWidth',
			type: 'options',
			default: '1d',
			options: [
				{ name: 'Day', value: '1d', description: 'Ranges up to 92 days' },
				{ name: 'Hour', value: '1h', description: 'Ranges up to 168 hours (7 days)' },
			],
			description: 'The time window of each usage bucket',
		},
		{
			displayName: 'Sources',
			name: 'sources',
			type: 'multiOptions',
			default: ['api', 'app'],
			options: [
				{ name: 'API', value: 'api', description: 'Requests made with API keys' },
				{ name: 'App', value: 'app', description: 'Use of the Ideogram web app, by member' },
			],
			description: 'Which usage to include; both add up to what the invoices bill',
		},
		{
			displayName: 'Output',
			name: 'output',
			type: 'options',
			default: 'lineItems',
			options: [
				{ name: 'One Item per Line Item', value: 'lineItems', description: 'Each line item Ideogram reports, with its bucket’s start and end' },
				{ name: 'Totals per Product', value: 'product', description: 'One item per product (e.g. ideogram_v4_generation) and currency' },
				{ name: 'Totals per Endpoint', value: 'endpoint', description: 'One item per API endpoint and currency' },
				{ name: 'Totals per API Key', value: 'apiKey', description: 'One item per API key and currency; usage without a key (web app) has api_key null' },
			],
			description: 'Totals are exact sums, written as decimal strings like the API’s amounts. A range without usage gives no items (turn on the node setting Always Output Data to continue with an empty item).',
		},
	],
	output: { kind: 'usage' },
};
