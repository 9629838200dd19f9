import {
	ASSET_TYPES,
	KLING_SHOT_TYPES,
	LIVING_IMAGE_QUALITIES,
	MINIMAX_PROMPT_EXPANSION_MODES,
	PRODUCT_360_DIRECTIONS,
	VIDEO_ASPECT_RATIOS_SEEDANCE,
	VIDEO_RESOLUTIONS_MINIMAX,
	VIDEO_RESOLUTIONS_SEEDANCE_2,
	VIDEO_RESOLUTIONS_SEEDANCE_2_5,
} from './enums';
import { asNumber, between, enumOptions, FIELDS, type FieldSpec, oneOf, titleCase, wholeNumber } from './fields';
import { promptUpTo } from './v2Fields';

/**
 * The fields of Ideogram's video endpoints. One definition each for every video model: the UI offers
 * the union of the models' values and ranges, and the model table (resources/video/models.ts)
 * narrows them per model before sending, naming the model and what it takes.
 */

/** Every resolution some video model takes: Seedance's lowercase tiers, then MiniMax's own spelling. */
const VIDEO_RESOLUTIONS = [...VIDEO_RESOLUTIONS_SEEDANCE_2_5, ...VIDEO_RESOLUTIONS_MINIMAX];

const upTo = (maxLength: number) => (value: unknown) =>
	FIELDS.negativePrompt.check(value) ??
	(String(value).length > maxLength ? `is ${String(value).length} characters long; Ideogram takes at most ${maxLength}` : undefined);

/** Ideogram's collection ids are URL-safe base64. */
const COLLECTION_ID = /^[A-Za-z0-9_-]{1,64}$/;

export const VIDEO_FIELDS = {
	/** The spec caps every video prompt at 2,000 characters. The UI property is the shared Prompt's. */
	prompt: promptUpTo(2_000),
	aspectRatio: {
		displayName: 'Aspect Ratio',
		name: 'aspectRatio',
		wire: 'aspect_ratio',
		type: 'options',
		default: '16x9',
		description:
			'Shape of the video. Seedance also takes Auto (the model picks from the prompt); Kling 3 Standard takes 16:9, 9:16 and 1:1. From an image, the video takes the first frame’s shape (only Seedance 2 takes this field there).',
		options: enumOptions(VIDEO_ASPECT_RATIOS_SEEDANCE, (v) => (v === 'auto' ? 'Auto' : v.replace('x', ':'))),
		check: oneOf(VIDEO_ASPECT_RATIOS_SEEDANCE),
	},
	duration: {
		displayName: 'Duration (Seconds)',
		name: 'duration',
		wire: 'duration',
		type: 'number',
		default: 5,
		typeOptions: { minValue: 3, maxValue: 30 },
		description:
			'Length of the video: Seedance 2.5 takes 4–30 s, Seedance 2 4–15, Kling 3 Standard 3–15, MiniMax H3 5–15. Left out, Seedance and Kling pick a length for the prompt and MiniMax makes 5 s.',
		check: wholeNumber(3, 30),
		toWire: asNumber,
	},
	resolution: {
		displayName: 'Resolution',
		name: 'resolution',
		wire: 'resolution',
		type: 'options',
		default: '720p',
		description:
			'Resolution tier: Seedance takes 480p and 720p (Seedance 2.5 also 1080p); MiniMax H3 takes 480P, 768P, 2K and 4K (2K and 4K upscaled from 768P). Higher costs more. Kling 3 Standard takes none.',
		options: enumOptions(VIDEO_RESOLUTIONS, (v) => (v.endsWith('P') ? `${v} (MiniMax H3)` : v === '1080p' ? '1080p (Seedance 2.5)' : v)),
		check: oneOf(VIDEO_RESOLUTIONS),
	},
	generateAudio: {
		displayName: 'Generate Audio',
		name: 'generateAudio',
		wire: 'generate_audio',
		type: 'boolean',
		default: true,
		description:
			'Whether the video gets a generated sound track (Seedance and Kling; not MiniMax H3). Audio roughly doubles the price and its output is moderated more strictly.',
	},
	negativePrompt: {
		...FIELDS.negativePrompt,
		description: 'What to keep out of the video (Kling 3 Standard), up to 2,000 characters',
		check: upTo(2_000),
	},
	cfgScale: {
		displayName: 'CFG Scale',
		name: 'cfgScale',
		wire: 'cfg_scale',
		type: 'number',
		default: 0.5,
		typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
		description: 'Kling 3 Standard: how closely the video follows the prompt, from 0 (freely) to 1 (strictly)',
		check: between(0, 1),
		toWire: asNumber,
	},
	shotType: {
		displayName: 'Shot Type',
		name: 'shotType',
		wire: 'shot_type',
		type: 'options',
		default: 'customize',
		description: 'Kling 3 Standard: Customize follows the prompt as written; Intelligent lets the model divide it into its own shots',
		options: enumOptions(KLING_SHOT_TYPES, (v) => titleCase(v.toUpperCase())),
		check: oneOf(KLING_SHOT_TYPES),
	},
	promptExpansionMode: {
		displayName: 'Prompt Expansion',
		name: 'promptExpansionMode',
		wire: 'prompt_expansion_mode',
		type: 'options',
		default: 'balanced',
		description:
			'MiniMax H3 from references: how much the model may rewrite the prompt first. Disabled uses it as written; the others trade time for a richer rewrite (Ideogram’s default: Balanced).',
		options: enumOptions(MINIMAX_PROMPT_EXPANSION_MODES, (v) => titleCase(v.toUpperCase())),
		check: oneOf(MINIMAX_PROMPT_EXPANSION_MODES),
	},
	private: {
		displayName: 'Private',
		name: 'private',
		wire: 'private',
		type: 'boolean',
		default: true,
		description: 'Whether the video stays private to your account. Off publishes it to Ideogram’s public feed. Enterprise accounts are always private.',
	},
	targetCollectionId: {
		displayName: 'Target Collection ID',
		name: 'targetCollectionId',
		wire: 'target_collection_id',
		type: 'string',
		default: '',
		placeholder: 'e.g. 7uS_VESkRI6O3-sVgHQp_A',
		description: 'An Ideogram collection you can write to, by its ID (the last part of the collection’s address on ideogram.ai): the video is added to it when done',
		check: (value) => (COLLECTION_ID.test(String(value).trim()) ? undefined : `"${String(value).slice(0, 60)}" is not a collection ID (letters, digits, - and _)`),
		toWire: (value) => String(value).trim(),
	},
} satisfies Record<string, FieldSpec>;

// ------------------------------------------------------------------------------------------------
// Asset identifiers: Edit, Living Image and Product 360 Video start from something stored at Ideogram.

const ASSET_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * An asset's ID, sent as `{object}.asset_id`. Nothing in n8n outputs one (docs/video.md says where
 * to find it), so the description says what it is.
 */
const assetId = (name: string, wire: string, displayName: string, what: string): FieldSpec => ({
	displayName,
	name,
	wire,
	type: 'string',
	default: '',
	placeholder: 'e.g. 7uS_VESkRI6O3-sVgHQp_A',
	description: `${what}, named by its Ideogram asset ID: the URL-safe ID Ideogram gives an image or video stored in your account (one it made for you, or one you uploaded). Nothing in n8n outputs one; see the node’s docs (Video) for where to find it.`,
	check: (value) => (ASSET_ID.test(String(value).trim()) ? undefined : `"${String(value).slice(0, 60)}" is not an asset ID (letters, digits, - and _)`),
	toWire: (value) => String(value).trim(),
});

const ASSET_TYPE_LABELS: Record<string, string> = {
	ASSET: 'Asset',
	CANVAS_ASSET: 'Canvas Asset',
	LAYERED_ASSET: 'Layered Asset',
	RESPONSE: 'Response (Made by Ideogram)',
	UPLOAD: 'Upload',
};

export const ASSET_FIELDS = {
	/** One UI property for every operation's asset (required fields carry no routing, so one copy serves all). */
	assetType: (object: string): FieldSpec => ({
		displayName: 'Asset Type',
		name: 'assetType',
		wire: `${object}.asset_type`,
		type: 'options',
		default: 'RESPONSE',
		description: 'What kind of asset the ID names: Response for an image or video Ideogram made, Upload for a file uploaded to Ideogram',
		options: enumOptions(ASSET_TYPES, (v) => ASSET_TYPE_LABELS[v] ?? v),
		check: oneOf(ASSET_TYPES),
	}),
	imageAssetId: assetId('imageAssetId', 'image_asset_identifier.asset_id', 'Image Asset ID', 'The image to start from'),
	videoAssetId: assetId('videoAssetId', 'video_asset_identifier.asset_id', 'Video Asset ID', 'The video to edit'),
};

/** A length in whole seconds within one endpoint's range. */
const durationBetween = (min: number, max: number, fallback: number, what: string): FieldSpec => ({
	...VIDEO_FIELDS.duration,
	default: fallback,
	typeOptions: { minValue: min, maxValue: max },
	description: `${what}, from ${min} to ${max} seconds`,
	check: wholeNumber(min, max),
});

const atLeastZero = (value: unknown) => {
	const n = asNumber(value);
	return typeof n === 'number' && Number.isFinite(n) && n >= 0 ? undefined : `must be a number of seconds, 0 or more (got ${JSON.stringify(value)})`;
};

const resolutions = (values: readonly string[]): FieldSpec => ({
	...VIDEO_FIELDS.resolution,
	description: 'Resolution tier; higher costs more',
	options: enumOptions(values),
	check: oneOf(values),
});

export const TOOL_FIELDS = {
	startFrameTime: {
		displayName: 'Start Frame Time (Seconds)',
		name: 'startFrameTime',
		wire: 'start_frame_time',
		type: 'number',
		default: 0,
		typeOptions: { minValue: 0, numberPrecision: 2 },
		description: 'Where the replaced span of the video begins, in seconds from its start; everything before it is kept',
		check: atLeastZero,
		toWire: asNumber,
	},
	endFrameTime: {
		displayName: 'End Frame Time (Seconds)',
		name: 'endFrameTime',
		wire: 'end_frame_time',
		type: 'number',
		default: 1,
		typeOptions: { minValue: 0, numberPrecision: 2 },
		description: 'Where the replaced span ends, after Start Frame Time; everything from here on is kept. A time past the video’s end is refused by Ideogram.',
		check: atLeastZero,
		toWire: asNumber,
	},
	isStartFrameIncluded: {
		displayName: 'Include Start Frame',
		name: 'isStartFrameIncluded',
		wire: 'is_start_frame_included',
		type: 'boolean',
		default: true,
		description: 'Whether the new clip opens on the frame already at Start Frame Time, so it joins the footage before it (Ideogram’s default: on)',
	},
	isEndFrameIncluded: {
		displayName: 'Include End Frame',
		name: 'isEndFrameIncluded',
		wire: 'is_end_frame_included',
		type: 'boolean',
		default: true,
		description: 'Whether the new clip lands on the frame at End Frame Time, so it joins the footage after it (Ideogram’s default: off)',
	},
	editDuration: durationBetween(4, 15, 5, 'Length of the new clip (the edited video’s length changes by the difference to the span); left out, the model picks'),
	editResolution: resolutions(VIDEO_RESOLUTIONS_SEEDANCE_2),
	livingDuration: durationBetween(5, 15, 8, 'Length of the loop (Ideogram’s default: 8)'),
	livingQuality: {
		displayName: 'Quality',
		name: 'quality',
		wire: 'quality',
		type: 'options',
		default: 'standard',
		description: 'Standard renders at 768P, High at 2K (costs more)',
		options: enumOptions(LIVING_IMAGE_QUALITIES, (v) => titleCase(v.toUpperCase())),
		check: oneOf(LIVING_IMAGE_QUALITIES),
	},
	direction: {
		displayName: 'Direction',
		name: 'direction',
		wire: 'direction',
		type: 'options',
		default: 'clockwise',
		description: 'Which way the product turns around its vertical axis',
		options: enumOptions(PRODUCT_360_DIRECTIONS, (v) => titleCase(v.replace('-', '_').toUpperCase()).replace(' ', '-')),
		check: oneOf(PRODUCT_360_DIRECTIONS),
	},
	product360Duration: durationBetween(4, 30, 5, 'Length of the turn; left out, the model picks'),
	productDescription: {
		displayName: 'Product Description',
		name: 'productDescription',
		wire: 'product_description',
		type: 'string',
		default: '',
		placeholder: 'e.g. a white ceramic mug with a bamboo lid',
		description: 'Optional plain description of the product in the image, up to 200 characters',
		check: (value) => (String(value).length <= 200 ? undefined : `is ${String(value).length} characters long; Ideogram takes at most 200`),
	},
	product360Resolution: resolutions(VIDEO_RESOLUTIONS_SEEDANCE_2_5),
} satisfies Record<string, FieldSpec>;
