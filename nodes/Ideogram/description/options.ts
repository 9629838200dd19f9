import type { IDataObject, IExecuteSingleFunctions, INodeProperties } from 'n8n-workflow';

import type { JobSpec } from './operation';

/**
 * The Options collections' properties, one definition each: the image options every image-producing
 * operation has, the job options, the cost options. The runtime reads their values by these names
 * (limits/retry.ts, runtime/jobs.ts, billing/cost.ts); the defaults below are the ones it falls back to.
 */

/**
 * The item's Options, read once per item and shared by every reader (limits, jobs, costs,
 * downloads, output). Each getNodeParameter('options') evaluates every expression inside the
 * collection again (on n8n 2.x, each a trip into the expression sandbox); one read per item also
 * means every reader sees the same values. Read only: the object is shared.
 */
const itemOptionsRead = new WeakMap<IExecuteSingleFunctions, IDataObject>();
export function itemOptions(ctx: IExecuteSingleFunctions): IDataObject {
	let options = itemOptionsRead.get(ctx);
	if (!options) {
		options = (ctx.getNodeParameter('options', {}) ?? {}) as IDataObject;
		itemOptionsRead.set(ctx, options);
	}
	return options;
}

export const DEFAULT_MAX_IMAGES_IN_FLIGHT = 10;
export const DEFAULT_MAX_RETRIES = 5;
export const DEFAULT_MAX_RETRY_WAIT_SECONDS = 180;
/**
 * Ideogram answers synchronously: QUALITY takes up to about 25 s for one image, and eight images
 * take longer still. Three minutes leaves room for that on a busy day while catching a hung
 * connection sooner than n8n's own five-minute default.
 */
export const DEFAULT_TIMEOUT_SECONDS = 180;

/**
 * Video operations wait longer: a video takes minutes to make (Seedance 2.5 makes up to 30 s at
 * 1080p), and a file of tens of megabytes takes a while to download. Fifteen minutes covers the
 * long ones; a job still running then is reported with its id and collected later (never sent
 * again). Only the video operations have this default; the image operations keep theirs.
 */
export const DEFAULT_VIDEO_TIMEOUT_SECONDS = 900;

/** The options every image-producing operation has: where the files go, or links only. */
export const outputOptions: INodeProperties[] = [
	{
		displayName: 'Download Images',
		name: 'downloadImages',
		type: 'boolean',
		default: true,
		description:
			"Whether to download each image into the item's binary data. Ideogram's links expire after about a day; turn this off to get the links only.",
	},
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyOutput',
		type: 'string',
		default: 'data',
		description: 'The binary field each downloaded image is written to',
	},
	{
		displayName: 'Max Images in Flight',
		name: 'maxImagesInFlight',
		type: 'number',
		default: DEFAULT_MAX_IMAGES_IN_FLIGHT,
		typeOptions: { minValue: 1, maxValue: 1000 },
		description:
			"How many images this credential may have in the making at once, across all items (Number of Images counts). Ideogram's default limit is 10 per organization, shared with every other workflow and app; items beyond wait their turn instead of being refused.",
	},
	{
		displayName: 'Max Retries',
		name: 'maxRetries',
		type: 'number',
		default: DEFAULT_MAX_RETRIES,
		typeOptions: { minValue: 0, maxValue: 50 },
		description:
			'How many times one item is tried again after a 429 (too many in flight), a 503 or a connection reset before any answer. Nothing else is retried: other errors would repeat, or the images may already be billed.',
	},
	{
		displayName: 'Max Retry Wait (Seconds)',
		name: 'maxRetryWait',
		type: 'number',
		default: DEFAULT_MAX_RETRY_WAIT_SECONDS,
		typeOptions: { minValue: 0, numberPrecision: 1 },
		description:
			"The most one item waits between tries, in total. Each wait follows the server's Retry-After, or else doubles from about 2 s (with jitter); waits are cut short to fit.",
	},
	{
		displayName: 'Timeout (Seconds)',
		name: 'timeout',
		type: 'number',
		default: DEFAULT_TIMEOUT_SECONDS,
		typeOptions: { minValue: 1, numberPrecision: 1 },
		description:
			'How long to wait for Ideogram to answer one request, and for each image download. Quality with 8 images can take minutes. A request that times out is not retried: it may still finish, and be billed.',
	},
];

/** Describe makes no images, so the options about downloading them do not apply. */
const IMAGE_OUTPUT_OPTIONS = ['downloadImages', 'binaryPropertyOutput'];

/** The Options of Describe and Magic Prompt. */
export const describeOptions: INodeProperties[] = [
	{
		displayName: 'Pass Through Input Files',
		name: 'passThroughBinary',
		type: 'boolean',
		default: true,
		description:
			"Whether the output item keeps the input item's binary data (the described image), so a later node can post or store the same file with its description",
	},
	...outputOptions.filter((option) => !IMAGE_OUTPUT_OPTIONS.includes(option.name)),
];

const WAIT_FOR_COMPLETION: INodeProperties = {
	displayName: 'Wait for Completion',
	name: 'waitForCompletion',
	type: 'boolean',
	default: true,
	description:
		'Whether to wait until the images are ready and output them. Off: each item outputs its generation_id at once; collect the images later with Get Generation. The wait is bounded by Timeout.',
};

const WEBHOOK_URL: INodeProperties = {
	displayName: 'Webhook URL',
	name: 'webhookUrl',
	type: 'string',
	default: '',
	placeholder: 'e.g. https://example.com/webhook/ideogram',
	description:
		'An https address Ideogram posts the result to when the images are ready (signed with Ed25519). Public hosts only.',
	hint: "To run a workflow when the result arrives, paste an Ideogram Trigger node's Production URL here: it checks Ideogram's signature",
};

/**
 * The Options of the video operations: the image options with words for videos (Ideogram counts
 * videos in progress against the same limit as images, so the limit option is the same one), and
 * their own Timeout default.
 */
const imageOption = (name: string): INodeProperties => outputOptions.find((option) => option.name === name)!;
export const videoOutputOptions: INodeProperties[] = [
	{
		displayName: 'Download Videos',
		name: 'downloadVideos',
		type: 'boolean',
		default: true,
		description:
			"Whether to download each video into the item's binary data (streamed to n8n's binary data store). Ideogram's links expire; turn this off to get the links only.",
	},
	{ ...imageOption('binaryPropertyOutput'), description: 'The binary field each downloaded video is written to' },
	{
		...imageOption('maxImagesInFlight'),
		displayName: 'Max Images and Videos in Flight',
		description:
			"How many images and videos this credential may have in the making at once, across all items and workflows of this n8n. Ideogram counts both against one limit, 10 per organization by default; items beyond wait their turn instead of being refused.",
	},
	imageOption('maxRetries'),
	imageOption('maxRetryWait'),
	{
		...imageOption('timeout'),
		default: DEFAULT_VIDEO_TIMEOUT_SECONDS,
		description:
			'How long to wait for Ideogram to make one video, and for each download. Videos take minutes; a job still running at the Timeout is reported with its generation ID (collect it later with Get Generation) and never sent again.',
	},
];

const WAIT_FOR_VIDEO: INodeProperties = {
	displayName: 'Wait for Completion',
	name: 'waitForCompletion',
	type: 'boolean',
	default: true,
	description:
		'Whether to wait until the video is ready and output it. Off: each item outputs its generation_id at once; collect the video later with Image → Get Generation. The wait is bounded by Timeout.',
};

/** The job options of the video operations (after the video options): the image ones in words for videos. */
export function videoJobOptionsFor(job: JobSpec): INodeProperties[] {
	const webhook = { ...WEBHOOK_URL, description: 'An https address Ideogram posts the result to when the video is ready (signed with Ed25519). Public hosts only.' };
	return job.webhook ? [WAIT_FOR_VIDEO, webhook] : [WAIT_FOR_VIDEO];
}

/** The Options of an operation that runs as a job (after the image options). */
export function jobOptionsFor(job: JobSpec): INodeProperties[] {
	return job.webhook ? [WAIT_FOR_COMPLETION, WEBHOOK_URL] : [WAIT_FOR_COMPLETION];
}

/** The Options of a billed v2 operation whose endpoints declare dry_run (after the image options). */
export const COST_OPTIONS: INodeProperties[] = [
	{
		displayName: 'Max Spend per Execution (USD)',
		name: 'maxSpendUsd',
		type: 'number',
		default: 1,
		typeOptions: { minValue: 0, numberPrecision: 2 },
		description:
			'The most this execution may spend with this credential on items that have this option. Each item is priced first (a free quote) and is not sent if its price would cross the cap; estimates count at their upper bound.',
	},
	{
		displayName: 'Price Quote Only',
		name: 'priceQuoteOnly',
		type: 'boolean',
		default: false,
		description:
			"Whether to ask Ideogram what the item would cost instead of running it (the same request with dry_run=true). The item's output is the quote; nothing is generated or billed.",
	},
];

/** How Get Usage lays out its items (its Output parameter): each line item, or totals per one of its identifiers. */
export const USAGE_LAYOUTS = ['lineItems', 'product', 'endpoint', 'apiKey'] as const;
export type UsageLayout = (typeof USAGE_LAYOUTS)[number];
