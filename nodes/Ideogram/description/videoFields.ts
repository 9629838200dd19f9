import {
	KLING_SHOT_TYPES,
	MINIMAX_PROMPT_EXPANSION_MODES,
	VIDEO_ASPECT_RATIOS_SEEDANCE,
	VIDEO_RESOLUTIONS_MINIMAX,
	VIDEO_RESOLUTIONS_SEEDANCE_2_5,
} from './enums';
import { asNumber, enumOptions, FIELDS, oneOf, titleCase, wholeNumber, type FieldSpec } from './fields';
import { promptUpTo } from './v2Fields';

/**
 * The fields of Ideogram's video endpoints. One definition each for every video model: the UI offers
 * the union of the models' values and ranges, and the model table (resources/video/models.ts)
 * narrows them per model before sending, naming the model and what it takes.
 */

/** Every resolution some video model takes: Seedance's lowercase tiers, then MiniMax's own spelling. */
const VIDEO_RESOLUTIONS = [...VIDEO_RESOLUTIONS_SEEDANCE_2_5, ...VIDEO_RESOLUTIONS_MINIMAX];

/** A number within a range, not only whole numbers (Kling's cfg_scale). */
const between =
	(min: number, max: number) =>
	(value: unknown): string | undefined => {
		const n = asNumber(value);
		return typeof n === 'number' && Number.isFinite(n) && n >= min && n <= max
			? undefined
			: `must be a number from ${min} to ${max} (got ${JSON.stringify(value)})`;
	};

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
