import { NodeOperationError, type IDataObject, type IExecuteSingleFunctions, type INodeProperties } from 'n8n-workflow';

import { slotLocation, sourceCount, type FileSlotSpec } from '../../description/fileSlots';
import {
	ASPECT_RATIOS_NANO_BANANA_2,
	ASPECT_RATIOS_NANO_BANANA_PRO,
	ASPECT_RATIOS_V3,
	ASPECT_RATIOS_V3_V2,
	ASPECT_RATIOS_V4,
	QUALITIES_GENERATION,
	QUALITIES_GPT_IMAGE,
	QUALITIES_V45,
	RESOLUTION_TIERS,
	RESOLUTIONS_P_IMAGE,
	RESOLUTIONS_V3,
	RESOLUTIONS_V4,
	STYLE_TYPES_V2,
} from '../../description/enums';
import type { BodyRule, ExclusiveRule, RuleViolation } from '../../description/operation';

/**
 * The models of an Ideogram v2 operation: the path ends in the model's slug, and each model takes
 * its own set of fields. The node refuses a field the chosen model does not take before sending,
 * naming the models that do take it. test/unit/resources/imageV2-models.test.ts holds these tables against
 * Ideogram's spec (test/contract/ideogram-v2-openapi.json).
 */
export interface ModelSpec {
	slug: string;
	name: string;
	description: string;
	/** The body fields (top-level wire names) the model takes, besides the prompt. */
	fields: readonly string[];
	/** Where the model takes only part of a field's list (in the node's form: 16x9, 1k; see `sends`). */
	values?: Record<string, readonly string[]>;
	/** Where the model takes fewer than the field allows (Reframe's partner models: 4 images). */
	max?: Record<string, number>;
	/**
	 * Where the model writes a field otherwise than the node's field does, applied after every check
	 * (modelWire): under another name (P-Image's size class is its `resolution`), or in another form
	 * (GPT Image and Nano Banana write the node's 16x9 as 16:9, Nano Banana the tier 1k as 1K).
	 */
	sends?: Record<string, WireForm>;
	/** Reference-image slots (wire names) it takes; `required` ones it cannot do without. */
	files?: readonly string[];
	requiredFiles?: readonly string[];
	/** Body fields the model cannot do without (Ideogram 3 Custom Model's model URI). */
	requiredFields?: readonly string[];
	/** The endpoint, where an operation's models sit under different actions (Edit: inpaint, precise-edit). */
	path?: string;
}

/** How a model writes one field on the wire (ModelSpec.sends). */
export interface WireForm {
	as?: string;
	value?: (value: string) => string;
}

/** Ratios as GPT Image and Nano Banana write them: the node's 16x9 is their 16:9. */
const COLON_RATIO: WireForm = { value: (v) => v.replace('x', ':') };
/** Nano Banana's size classes are upper-case (1K); the node's Resolution Tier is Auto's 1k. */
const UPPER_TIER: WireForm = { value: (v) => v.toUpperCase() };
/** The node's form of a ratio the spec writes 16:9. */
const nodeRatios = (ratios: readonly string[]) => ratios.map((r) => r.replace(':', 'x'));

/** The parameter value that switches to a typed-in slug, for models released after this build. */
export const OTHER_MODEL = 'other';

const SHARED = ['magic_prompt', 'num_images', 'seed'] as const;
const IDEOGRAM_3 = [...SHARED, 'aspect_ratio', 'enable_copyright_detection', 'negative_prompt', 'private', 'rendering_speed'] as const;
/** GPT Image 2 and Nano Banana: no Magic Prompt (SHARED's) nor copyright detection. */
const PARTNER = ['num_images', 'private', 'seed'] as const;
const GPT_IMAGE = [...PARTNER, 'aspect_ratio', 'resolution'] as const;
const GPT_IMAGE_2_5 = [...GPT_IMAGE, 'background', 'quality'] as const;
const NANO_BANANA = [...PARTNER, 'aspect_ratio', 'resolution_tier'] as const;
const TOPAZ_CLEANUP = ['denoise', 'face_enhancement', 'face_enhancement_creativity', 'face_enhancement_strength', 'sharpen', 'subject_detection'] as const;

/** What GPT Image 2.5 Flare and Sunburst share: the same fields, values, wire forms and files. */
const GPT_IMAGE_2_5_MODEL = {
	fields: GPT_IMAGE_2_5,
	values: { quality: QUALITIES_GPT_IMAGE },
	sends: { aspect_ratio: COLON_RATIO },
	files: ['images', 'mask'],
} as const;

/** Generate's models, newest first (the order of the model list). */
export const GENERATE_MODELS: readonly ModelSpec[] = [
	{
		slug: 'ideogram-4-5',
		name: 'Ideogram 4.5',
		description: 'Newest: Quality and Size in place of Rendering Speed and Resolution',
		fields: [...SHARED, 'enable_copyright_detection', 'private', 'quality', 'size'],
		values: { quality: QUALITIES_V45 },
	},
	{
		slug: 'ideogram-4',
		name: 'Ideogram 4',
		description: 'Text or a JSON prompt; sizes up to 2K',
		fields: [...SHARED, 'enable_copyright_detection', 'private', 'rendering_speed', 'resolution'],
		values: { resolution: RESOLUTIONS_V4 },
	},
	{
		slug: 'ideogram-4-transparent',
		name: 'Ideogram 4 Transparent',
		description: 'A PNG with a transparent background, up to 8K',
		fields: [...SHARED, 'aspect_ratio', 'enable_copyright_detection', 'output_resolution', 'private', 'rendering_speed'],
		values: { aspect_ratio: ASPECT_RATIOS_V4 },
	},
	{
		slug: 'ideogram-3',
		name: 'Ideogram 3',
		description: 'Style types, presets, codes, palettes and style reference images',
		fields: [...IDEOGRAM_3, 'color_palette', 'resolution', 'style_codes', 'style_preset', 'style_type'],
		values: { resolution: RESOLUTIONS_V3, aspect_ratio: ASPECT_RATIOS_V3_V2 },
		files: ['style_reference_images'],
	},
	// Custom models (test/contract/ideogram-v2-more-openapi.json): a model trained on Ideogram 4 or 3,
	// named by its Custom Model URI, with its base model's fields.
	{
		slug: 'ideogram-4-custom-model',
		name: 'Ideogram 4 Custom Model',
		description: 'A custom model trained on Ideogram 4 (needs its Custom Model URI); text prompts, sizes up to 2K',
		fields: [...SHARED, 'custom_model_uri', 'enable_copyright_detection', 'private', 'rendering_speed', 'resolution'],
		values: { resolution: RESOLUTIONS_V4 },
		requiredFields: ['custom_model_uri'],
	},
	{
		slug: 'ideogram-3-custom-model',
		name: 'Ideogram 3 Custom Model',
		description: 'A custom model trained on Ideogram 3 (needs its Custom Model URI), with Ideogram 3’s styles',
		fields: [...IDEOGRAM_3, 'color_palette', 'custom_model_uri', 'resolution', 'style_codes', 'style_preset'],
		values: { resolution: RESOLUTIONS_V3, aspect_ratio: ASPECT_RATIOS_V3_V2 },
		files: ['style_reference_images'],
		requiredFields: ['custom_model_uri'],
	},
	{
		slug: 'ideogram-3-character',
		name: 'Ideogram 3 Character',
		description: 'Keeps a person or character from a reference image consistent',
		fields: [...IDEOGRAM_3, 'resolution', 'style_type'],
		values: { resolution: RESOLUTIONS_V3, aspect_ratio: ASPECT_RATIOS_V3_V2, style_type: ['auto', 'realistic', 'fiction'] },
		files: ['style_reference_images', 'character_reference_images'],
		requiredFiles: ['character_reference_images'],
	},
	{
		slug: 'ideogram-3-transparent',
		name: 'Ideogram 3 Transparent',
		description: 'A PNG with a transparent background',
		fields: [...IDEOGRAM_3, 'upscale_factor'],
		values: { aspect_ratio: ASPECT_RATIOS_V3_V2 },
	},
	// Ideogram 2a and 2 on the current API (test/contract/ideogram-v2-more-openapi.json); Legacy Image
	// reaches them on v1. Their style types include 3D Render and Anime, which the Style Type list
	// (Ideogram 3's) does not offer.
	{
		slug: 'ideogram-2a',
		name: 'Ideogram 2a',
		description: 'The fast 2a model: style types, aspect ratios; no negative prompt',
		fields: [...SHARED, 'aspect_ratio', 'enable_copyright_detection', 'private', 'rendering_speed', 'style_type'],
		values: { aspect_ratio: ASPECT_RATIOS_V3_V2, style_type: STYLE_TYPES_V2 },
	},
	{
		slug: 'ideogram-2',
		name: 'Ideogram 2',
		description: 'The 2.0 model: style types, aspect ratios and a negative prompt',
		fields: [...SHARED, 'aspect_ratio', 'enable_copyright_detection', 'negative_prompt', 'private', 'rendering_speed', 'style_type'],
		values: { aspect_ratio: ASPECT_RATIOS_V3_V2, style_type: STYLE_TYPES_V2 },
	},
	{
		slug: 'z-image',
		name: 'Z-Image',
		description: 'A fast partner model: exact sizes up to 1024x1024 in steps of 16, and Inference Steps',
		fields: ['num_images', 'num_inference_steps', 'private', 'resolution', 'seed'],
	},
	// Partner models (test/contract/ideogram-v2-more-openapi.json). GPT Image and Nano Banana edit
	// the source images when given (Reference Images → Source Images), else generate from the prompt.
	{
		slug: 'gpt-image-2-5-flare',
		name: 'GPT Image 2.5 Flare',
		description: 'The fast GPT Image 2.5: ratios or exact sizes, Quality, Background; edits up to 16 source images, with a mask',
		...GPT_IMAGE_2_5_MODEL,
	},
	{
		slug: 'gpt-image-2-5-sunburst',
		name: 'GPT Image 2.5 Sunburst',
		description: 'The quality GPT Image 2.5, finer and slower than Flare: as Flare',
		...GPT_IMAGE_2_5_MODEL,
	},
	{
		slug: 'gpt-image-2',
		name: 'GPT Image 2',
		description: 'Ratios or exact sizes up to 3840 px a side; edits up to 16 source images',
		fields: GPT_IMAGE,
		sends: { aspect_ratio: COLON_RATIO },
		files: ['images'],
	},
	{
		slug: 'nano-banana-2',
		name: 'Nano Banana 2',
		description: 'Ratios from 8:1 to 1:8, Resolution Tier 1K to 4K; edits up to 10 source images',
		fields: NANO_BANANA,
		values: { aspect_ratio: nodeRatios(ASPECT_RATIOS_NANO_BANANA_2) },
		sends: { aspect_ratio: COLON_RATIO, resolution_tier: UPPER_TIER },
		files: ['images'],
	},
	{
		slug: 'nano-banana-pro',
		name: 'Nano Banana Pro',
		description: 'Ratios from 21:9 to 9:16, Resolution Tier 1K to 4K; edits up to 10 source images',
		fields: NANO_BANANA,
		values: { aspect_ratio: nodeRatios(ASPECT_RATIOS_NANO_BANANA_PRO) },
		sends: { aspect_ratio: COLON_RATIO, resolution_tier: UPPER_TIER },
		files: ['images'],
	},
	{
		slug: 'p-image-ideogram',
		name: 'P-Image Ideogram',
		description: 'A fast model: Quality from Very Low to Very High, a 1K or 2K Resolution Tier, or an exact Custom Width and Height',
		fields: [...SHARED, 'aspect_ratio', 'custom_height', 'custom_width', 'enable_copyright_detection', 'private', 'quality', 'resolution_tier'],
		values: { aspect_ratio: ASPECT_RATIOS_V3, quality: QUALITIES_GENERATION, resolution_tier: RESOLUTIONS_P_IMAGE },
		sends: { resolution_tier: { as: 'resolution' } },
	},
	{
		slug: 'auto',
		name: 'Auto',
		description: 'Ideogram picks the model for the prompt',
		fields: [...SHARED, 'aspect_ratio', 'negative_prompt', 'private', 'resolution', 'resolution_tier'],
	},
];

/** v2's Ideogram 3 endpoints refuse a style preset with style codes (and with style reference images: the slots' notWith). */
export const STYLE_PRESET_OR_CODES: ExclusiveRule = {
	fields: ['style_preset', 'style_codes'],
	fix: 'Keep either the Style Preset or the Style Codes, and remove the other.',
};

/** Remix's models, newest first. The spec's remix/ideogram-3 takes the 15 ratios without "auto". */
export const REMIX_MODELS: readonly ModelSpec[] = [
	{
		slug: 'ideogram-4',
		name: 'Ideogram 4',
		description: 'Reads the prompt as an edit instruction; sizes up to 2K',
		fields: ['enable_copyright_detection', 'image_weight', 'num_images', 'private', 'rendering_speed', 'resolution'],
		values: { resolution: RESOLUTIONS_V4 },
	},
	{
		slug: 'ideogram-3',
		name: 'Ideogram 3',
		description: 'Style types, presets, codes, palettes and style reference images',
		fields: [...IDEOGRAM_3, 'color_palette', 'image_weight', 'resolution', 'style_codes', 'style_preset', 'style_type'],
		values: { resolution: RESOLUTIONS_V3, aspect_ratio: ASPECT_RATIOS_V3 },
		files: ['style_reference_images'],
	},
	{
		slug: 'ideogram-3-character',
		name: 'Ideogram 3 Character',
		description: 'Puts a person or character from a reference image into the remix',
		fields: [...IDEOGRAM_3, 'image_weight', 'resolution', 'style_type'],
		values: { resolution: RESOLUTIONS_V3, aspect_ratio: ASPECT_RATIOS_V3, style_type: ['auto', 'realistic', 'fiction'] },
		files: ['style_reference_images', 'character_reference_images', 'character_reference_mask'],
		requiredFiles: ['character_reference_images'],
	},
	{
		slug: 'ideogram-3-custom-model',
		name: 'Ideogram 3 Custom Model',
		description: 'Remixes with a custom model trained on Ideogram 3 (needs its Custom Model URI)',
		fields: [...IDEOGRAM_3, 'color_palette', 'custom_model_uri', 'image_weight', 'resolution', 'style_codes', 'style_preset'],
		values: { resolution: RESOLUTIONS_V3, aspect_ratio: ASPECT_RATIOS_V3 },
		files: ['style_reference_images'],
		requiredFields: ['custom_model_uri'],
	},
	{
		slug: 'auto',
		name: 'Auto',
		description: 'Ideogram picks the model; style settings limit it to 1K',
		fields: [...SHARED, 'aspect_ratio', 'color_palette', 'enable_copyright_detection', 'image_weight', 'negative_prompt', 'private', 'resolution', 'resolution_tier', 'style_codes', 'style_preset', 'style_type'],
		values: { aspect_ratio: ASPECT_RATIOS_V4, resolution_tier: RESOLUTION_TIERS.filter((t) => t !== '4k') },
	},
];

/**
 * Edit's models: each is its own endpoint. Ideogram 4.5 edits by instruction (a mask optional, up to
 * four guide images); Ideogram 3 repaints the black area of a mask it cannot do without.
 */
export const EDIT_MODELS: readonly ModelSpec[] = [
	{
		slug: 'ideogram-4-5',
		name: 'Ideogram 4.5 (Precise Edit)',
		description: 'Follows an edit instruction; mask optional, up to 4 guide images',
		path: '/v2/image/precise-edit/ideogram-4-5',
		fields: ['context_window', 'enable_copyright_detection', 'num_images', 'private', 'quality', 'seed'],
		files: ['mask', 'reference_images'],
	},
	{
		slug: 'ideogram-3',
		name: 'Ideogram 3 (Inpaint)',
		description: 'Repaints the black area of a mask, with Ideogram 3’s styles',
		path: '/v2/image/inpaint/ideogram-3',
		fields: ['enable_copyright_detection', 'magic_prompt', 'num_images', 'private', 'rendering_speed', 'seed', 'style_codes', 'style_preset', 'style_type'],
		files: ['mask', 'style_reference_images'],
		requiredFiles: ['mask'],
	},
	// Both in test/contract/ideogram-v2-more-openapi.json.
	{
		slug: 'ideogram-3-character',
		name: 'Ideogram 3 Character (Inpaint)',
		description: 'Repaints the black area of a mask with a person or character from a reference image',
		path: '/v2/image/inpaint/ideogram-3-character',
		fields: ['enable_copyright_detection', 'magic_prompt', 'num_images', 'private', 'rendering_speed', 'seed', 'style_codes', 'style_type'],
		values: { style_type: ['auto', 'realistic', 'fiction'] },
		files: ['mask', 'style_reference_images', 'character_reference_images', 'character_reference_mask'],
		requiredFiles: ['mask', 'character_reference_images'],
	},
	{
		slug: 'ideogram-3-custom-model',
		name: 'Ideogram 3 Custom Model (Inpaint)',
		description: 'Repaints the black area of a mask with a custom model trained on Ideogram 3 (needs its Custom Model URI)',
		path: '/v2/image/inpaint/ideogram-3-custom-model',
		fields: ['custom_model_uri', 'enable_copyright_detection', 'magic_prompt', 'num_images', 'private', 'rendering_speed', 'seed', 'style_codes', 'style_preset'],
		files: ['mask', 'style_reference_images'],
		requiredFiles: ['mask'],
		requiredFields: ['custom_model_uri'],
	},
];

/** The partner Reframe models' ratios: Nano Banana's lists without auto (the spec's *ReframeAspectRatio). */
const reframeRatios = (ratios: readonly string[]) => nodeRatios(ratios.filter((r) => r !== 'auto'));
/**
 * Reframe's partner models (test/contract/ideogram-v2-more-openapi.json): an aspect ratio in place
 * of Resolution (needed; REFRAME_BY_ASPECT_RATIO hides Resolution for them), at most 4 images, and
 * always a job (no `async` field).
 */
const BY_RATIO = { requiredFields: ['aspect_ratio'], sends: { aspect_ratio: COLON_RATIO } } as const;

export const REFRAME_MODELS: readonly ModelSpec[] = [
	{
		slug: 'ideogram-3',
		name: 'Ideogram 3',
		description: 'Extends the image to the chosen size',
		fields: ['color_palette', 'num_images', 'rendering_speed', 'resolution', 'seed', 'style_codes', 'style_preset'],
		values: { resolution: RESOLUTIONS_V3 },
		files: ['style_reference_images'],
	},
	{
		slug: 'auto',
		name: 'Auto',
		description: 'Ideogram picks the model; to an aspect ratio (Additional Fields, needed)',
		fields: ['aspect_ratio', 'num_images', 'private', 'seed'],
		max: { num_images: 4 },
		...BY_RATIO,
	},
	{
		slug: 'bria-expand',
		name: 'Bria Expand',
		description: 'Keeps every source pixel and paints only the added area; to an aspect ratio (needed)',
		fields: ['aspect_ratio', 'private', 'seed'],
		...BY_RATIO,
	},
	{
		slug: 'gpt-image-2-5-flare',
		name: 'GPT Image 2.5 Flare',
		description: 'Recomposes the image for an aspect ratio (needed), with Quality',
		fields: ['aspect_ratio', 'num_images', 'private', 'quality', 'seed'],
		values: { quality: QUALITIES_GPT_IMAGE },
		max: { num_images: 4 },
		...BY_RATIO,
	},
	{
		slug: 'nano-banana-2',
		name: 'Nano Banana 2',
		description: 'Expands the image to an aspect ratio from 8:1 to 1:8 (needed)',
		fields: ['aspect_ratio', 'num_images', 'private', 'seed'],
		values: { aspect_ratio: reframeRatios(ASPECT_RATIOS_NANO_BANANA_2) },
		max: { num_images: 4 },
		...BY_RATIO,
	},
	{
		slug: 'nano-banana-pro',
		name: 'Nano Banana Pro',
		description: 'Recomposes the image for an aspect ratio from 21:9 to 9:16 (needed), at a 1K, 2K or 4K Resolution Tier',
		fields: ['aspect_ratio', 'num_images', 'private', 'resolution_tier', 'seed'],
		values: { aspect_ratio: reframeRatios(ASPECT_RATIOS_NANO_BANANA_PRO) },
		max: { num_images: 4 },
		requiredFields: ['aspect_ratio'],
		sends: { aspect_ratio: COLON_RATIO, resolution_tier: UPPER_TIER },
	},
];

export const REMOVE_BACKGROUND_MODELS: readonly ModelSpec[] = [
	{ slug: 'ideogram-1', name: 'Ideogram 1', description: 'A PNG of the foreground on a transparent background', fields: ['private'] },
];

/** Upscale's models: Ideogram's choice first, then the partner models by what they are for. */
export const UPSCALE_MODELS: readonly ModelSpec[] = [
	{
		slug: 'auto',
		name: 'Auto',
		description: 'Ideogram picks the upscaler',
		fields: ['private', 'seed', 'upscale_factor'],
	},
	{
		slug: 'topaz-standard-2',
		name: 'Topaz Standard 2',
		description: 'Faithful enlargement with denoise, sharpen and face recovery',
		fields: [...TOPAZ_CLEANUP, 'fix_compression', 'private', 'strength', 'upscale_factor'],
	},
	{
		slug: 'topaz-text-refine',
		name: 'Topaz Text Refine',
		description: 'Keeps lettering crisp',
		fields: [...TOPAZ_CLEANUP, 'fix_compression', 'private', 'seed', 'strength', 'upscale_factor'],
	},
	{
		slug: 'topaz-bloom-2',
		name: 'Topaz Bloom 2',
		description: 'Generative: adds detail, optionally guided by words',
		fields: ['color_preservation', 'creativity', 'private', 'prompt', 'seed', 'upscale_factor'],
	},
	{
		slug: 'topaz-redefine',
		name: 'Topaz Redefine',
		description: 'Generative, with texture, detail and face controls',
		fields: [...TOPAZ_CLEANUP, 'autoprompt', 'creativity', 'detail', 'detail_strength', 'private', 'prompt', 'seed', 'texture', 'upscale_factor'],
	},
	{
		slug: 'topaz-wonder-3-5',
		name: 'Topaz Wonder 3.5',
		description: 'Generative, with one strength setting',
		fields: ['enhancement_strength', 'private', 'seed', 'upscale_factor'],
	},
	{
		slug: 'nano-banana-pro',
		name: 'Nano Banana Pro',
		description: 'Sized by Resolution Tier (1K, 2K, 4K) instead of a factor',
		fields: ['private', 'prompt', 'resolution_tier', 'seed'],
	},
];

export const DESCRIBE_MODELS: readonly ModelSpec[] = [
	{
		slug: 'ideogram-4',
		name: 'Ideogram 4 (JSON Prompt)',
		description: 'A structured JSON prompt to generate from again',
		fields: ['include_bbox', 'include_style_descriptions', 'include_tags'],
	},
	{ slug: 'ideogram-3', name: 'Ideogram 3 (Text)', description: 'Descriptions in words', fields: [] },
];

export const LAYERIZE_MODELS: readonly ModelSpec[] = [
	{ slug: 'ideogram-3', name: 'Ideogram 3', description: 'Finds the text, and returns the image without it', fields: ['prompt', 'private', 'seed'] },
];

/**
 * Whether an operation offers "Other (Enter a Model Slug)": where one path ends in a choice of
 * models, a typed-in slug reaches a model newer than the node. Not where the operation has a single
 * model, nor where its models sit on different paths (Edit).
 */
const offersOther = (models: readonly ModelSpec[]) => models.length > 1 && !models.some((m) => m.path);

/** The Model parameter and, where the operation offers it, the slug box behind its "Other" choice. */
export function modelProperties(models: readonly ModelSpec[], defaultSlug: string): INodeProperties[] {
	const other = offersOther(models);
	const choice: INodeProperties = {
		displayName: 'Model',
		name: 'model',
		type: 'options',
		default: defaultSlug,
		description: 'Which model does the work; each takes its own fields (see each field’s hint)',
		options: [
			...models.map((m) => ({ name: m.name, value: m.slug, description: `${m.description} (${m.slug})` })),
			...(other ? [{ name: 'Other (Enter a Model Slug)', value: OTHER_MODEL, description: 'A model released after this version of the node' }] : []),
		],
	};
	if (!other) return [choice];
	return [
		choice,
		{
			displayName: 'Model Slug',
			name: 'modelSlug',
			type: 'string',
			default: '',
			// Not `required`: with Model set by an expression n8n shows (and would demand) this box for
			// every model; modelSlug() refuses an empty slug when it is really used.
			placeholder: 'e.g. ideogram-4-6',
			description:
				'The last part of the model’s endpoint in Ideogram’s API reference. The node sends your fields as they are; Ideogram checks them.',
			displayOptions: { show: { model: [OTHER_MODEL] } },
		},
	];
}

const SLUG = /^[a-z0-9][a-z0-9.-]{0,63}$/;

/** The item's model slug: the choice, or the typed-in slug (checked, as it becomes part of the path). */
export function modelSlug(ctx: IExecuteSingleFunctions, defaultSlug: string): string {
	const chosen = String(ctx.getNodeParameter('model', defaultSlug));
	if (chosen !== OTHER_MODEL) return chosen;
	const typed = String(ctx.getNodeParameter('modelSlug', '')).trim();
	if (!SLUG.test(typed)) {
		throw new NodeOperationError(
			ctx.getNode(),
			typed ? `Model Slug "${typed.slice(0, 60)}" is not a model slug` : 'Model Slug is empty',
			{
				itemIndex: ctx.getItemIndex(),
				description:
					'Enter the last part of the model’s endpoint (lowercase letters, digits, dots and dashes, such as ideogram-4-6), or pick a model from the list.',
			},
		);
	}
	return typed;
}

const listOf = (models: readonly ModelSpec[]) => models.map((m) => m.name).join(', ');

/**
 * The per-model check: every field set must be one the model takes, with a value from the model's
 * own list. A typed-in slug is not checked: the node cannot know a model newer than itself.
 */
export function modelRule(models: readonly ModelSpec[], { always = ['prompt'] } = {}): BodyRule {
	return (fields: IDataObject, slug?: string): RuleViolation | undefined => {
		const model = models.find((m) => m.slug === slug);
		if (!model) return undefined;
		for (const wire of model.requiredFields ?? []) {
			if (fields[wire] === undefined) {
				return { field: wire, problem: `is needed by ${model.name} (${model.slug})`, fix: `Add it under Additional Fields, or pick another model.` };
			}
		}
		for (const [wire, value] of Object.entries(fields)) {
			// Fields every model of the operation takes (Generate's prompt) are not in the tables.
			if (always.includes(wire) || value === undefined) continue;
			if (!model.fields.includes(wire)) {
				const takers = models.filter((m) => m.fields.includes(wire));
				return {
					field: wire,
					problem: `is not taken by ${model.name} (${model.slug})`,
					fix: takers.length
						? `Remove it from Additional Fields, or pick a model that takes it: ${listOf(takers)}.`
						: 'Remove it from Additional Fields.',
				};
			}
			const max = model.max?.[wire];
			if (max !== undefined && Number(value) > max) {
				return { field: wire, problem: `${String(value)} is more than ${model.name} takes`, fix: `${model.name} takes at most ${max}.` };
			}
			const allowed = model.values?.[wire];
			if (allowed && !allowed.includes(String(value))) {
				return {
					field: wire,
					problem: `"${String(value)}" is not one of the values ${model.name} takes`,
					fix: `${model.name} takes ${allowed.length > 12 ? `${allowed.slice(0, 8).join(', ')}, … (${allowed.length} in all)` : allowed.join(', ')}.`,
				};
			}
		}
		return undefined;
	};
}

/** Where a field goes on the wire for the model, and in which form (ModelSpec.sends). */
export function wireOf(model: ModelSpec | undefined, wire: string, value: unknown): [string, unknown] {
	const form = model?.sends?.[wire];
	if (!form) return [wire, value];
	return [form.as ?? wire, form.value && typeof value === 'string' ? form.value(value) : value];
}

/**
 * The checked fields in the chosen model's wire form (OperationDefinition.modelWire): checks and
 * rules read the node's form, which every model of the operation shares; a typed-in slug gets the
 * fields as they are.
 */
export function modelWire(models: readonly ModelSpec[]) {
	return (fields: IDataObject, slug?: string): void => {
		const model = models.find((m) => m.slug === slug);
		for (const wire of Object.keys(model?.sends ?? {})) {
			if (fields[wire] === undefined) continue;
			const [name, value] = wireOf(model, wire, fields[wire]);
			delete fields[wire];
			fields[name] = value as IDataObject[string];
		}
	};
}

/**
 * An operation's input files read per model: a file the model does not take is refused (naming the
 * models that do), one it cannot do without is asked for, and `slotsFor` may give each model its
 * own slots (Edit's upload limits differ by endpoint). A typed-in slug gets every slot as it is.
 */
export function modelFiles(
	models: readonly ModelSpec[],
	slots: readonly FileSlotSpec[],
	defaultSlug: string,
	slotsFor: (model: ModelSpec | undefined) => readonly FileSlotSpec[] = () => slots,
) {
	return function (this: IExecuteSingleFunctions): readonly FileSlotSpec[] {
		const slug = modelSlug(this, defaultSlug);
		const model = models.find((m) => m.slug === slug);
		if (model) {
			for (const slot of slots) {
				// Slots every model takes (the image itself) are not in the tables.
				const listed = models.some((m) => m.files?.includes(slot.wire));
				if (!listed) continue;
				const given = sourceCount(slot, this.getNodeParameter(slot.param, '')) > 0;
				const takes = model.files?.includes(slot.wire) ?? false;
				if (given && !takes) {
					const takers = models.filter((m) => m.files?.includes(slot.wire)).map((m) => m.name);
					throw new NodeOperationError(this.getNode(), `${slotLocation(slot)} is not taken by ${model.name} (${model.slug})`, {
						itemIndex: this.getItemIndex(),
						description: `Remove it, or pick a model that takes it: ${takers.join(', ')}.`,
					});
				}
				if (!given && model.requiredFiles?.includes(slot.wire)) {
					throw new NodeOperationError(this.getNode(), `${model.name} needs ${slotLocation(slot)}`, {
						itemIndex: this.getItemIndex(),
						description: `Enter the binary field (or link) of the ${slot.displayName.toLowerCase()}: ${slot.description ?? ''}`.trim(),
					});
				}
			}
		}
		return slotsFor(model);
	};
}

/**
 * The routing of a v2 operation whose path ends in the model: `/v2/{action}/{slug}`, or the model's
 * own `path` where its endpoint has another action (Edit). Reseller credentials are refused, naming
 * the v1 operation that works with them. Without "Other" in its list, an operation refuses a slug
 * that is not one of its models (from an expression, or kept from another operation's Model).
 */
export function modelRouting(action: string, models: readonly ModelSpec[], defaultSlug: string, instead: string) {
	const slugOf = (ctx: IExecuteSingleFunctions) => {
		if (offersOther(models)) return modelSlug(ctx, defaultSlug);
		const slug = String(ctx.getNodeParameter('model', defaultSlug));
		if (!models.some((m) => m.slug === slug)) {
			throw new NodeOperationError(ctx.getNode(), `Model "${slug.slice(0, 60)}" is not one this operation offers`, {
				itemIndex: ctx.getItemIndex(),
				description: `Pick one of: ${models.map((m) => `${m.name} (${m.slug})`).join(', ')}.`,
			});
		}
		return slug;
	};
	const pathOf = (slug: string) => models.find((m) => m.slug === slug)?.path ?? `/v2/${action}/${slug}`;
	return {
		path: pathOf(defaultSlug),
		pathFor(this: IExecuteSingleFunctions) {
			return pathOf(slugOf(this));
		},
		model(this: IExecuteSingleFunctions) {
			return slugOf(this);
		},
		officialOnly: { instead },
	};
}
