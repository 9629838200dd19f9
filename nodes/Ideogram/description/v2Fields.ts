import {
	ASPECT_RATIOS_V4,
	BACKGROUNDS_GPT_IMAGE,
	COLOR_PALETTE_PRESETS_V2,
	ENHANCEMENT_STRENGTHS,
	MAGIC_PROMPT_MODES_V2,
	OUTPUT_RESOLUTIONS_V4,
	QUALITIES_GENERATION,
	QUALITIES_GPT_IMAGE,
	QUALITIES_V45,
	RENDERING_SPEEDS_V2,
	RESOLUTION_TIERS,
	RESOLUTIONS_V3,
	RESOLUTIONS_V4,
	STYLE_PRESETS_V3_V2,
	STYLE_TYPES_V3_V2,
	SUBJECT_DETECTION,
	TRANSPARENT_UPSCALE_FACTORS_V2,
	UPSCALE_FACTORS_V2,
	UPSCALE_TIERS_NANO_BANANA,
} from './enums';
import { asNumber, between, enumOptions, FIELDS, type FieldSpec, oneOf, titleCase, wholeNumber } from './fields';

/**
 * The fields of Ideogram's current API (v2). Where v2 takes a field exactly as 3.0 does (prompt,
 * seed, number of images, negative prompt, custom colour palette, style codes) the 3.0 definition is
 * used as it is; the fields here differ in their values (v2's enums are lowercase) or are new.
 * Which model takes which field is in resources/imageV2/models.ts.
 */

/** A Topaz setting from 0 to 1 that the model picks per image when it is not set. */
const topazLevel = (displayName: string, name: string, wire: string, what: string): FieldSpec => ({
	displayName,
	name,
	wire,
	type: 'number',
	default: 0.5,
	typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
	description: `${what}, from 0 to 1; left out, the model picks per image`,
	check: between(0, 1),
	toWire: asNumber,
});

const WIDTH_X_HEIGHT = /^[1-9][0-9]{1,4}x[1-9][0-9]{1,4}$/;
const labelOf = (value: string) => titleCase(value.toUpperCase());

/** Every size some v2 model offers: Ideogram 4's list, then the 3.0 sizes it lacks. */
const ALL_RESOLUTIONS = [...RESOLUTIONS_V4, ...RESOLUTIONS_V3.filter((r) => !(RESOLUTIONS_V4 as readonly string[]).includes(r))];

/** A prompt of at most `maxLength` characters (v2 endpoints differ: 10,000 for most, 4,000 for Replace Background). */
export function promptUpTo(maxLength: number): FieldSpec {
	return {
		...FIELDS.prompt,
		check: (value) =>
			FIELDS.prompt.check(value) ??
			(String(value).length > maxLength ? `is ${String(value).length} characters long; this endpoint takes at most ${maxLength}` : undefined),
	};
}

/** Every Quality level some v2 model takes, lowest first: Generate's and Reframe's models each take part (models.ts). */
const MODEL_QUALITIES = [...new Set(['auto', ...QUALITIES_GENERATION, ...QUALITIES_V45, ...QUALITIES_GPT_IMAGE])];

/** P-Image's Custom Width and Height: each a multiple of 16 from 16 to 4096 (its spec). */
const sideOf16 = (value: unknown): string | undefined => {
	const n = asNumber(value);
	return typeof n === 'number' && Number.isInteger(n) && n >= 16 && n <= 4096 && n % 16 === 0
		? undefined
		: `must be a multiple of 16 from 16 to 4096 (got ${JSON.stringify(value)})`;
};

export const V2_FIELDS = {
	prompt: promptUpTo(10_000),
	seed: FIELDS.seed,
	numImages: FIELDS.numImages,
	negativePrompt: FIELDS.negativePrompt,
	colorPaletteMembers: FIELDS.colorPaletteMembers,
	styleCodes: FIELDS.styleCodes,
	colorPaletteName: {
		...FIELDS.colorPaletteName,
		default: 'ember',
		options: enumOptions(COLOR_PALETTE_PRESETS_V2, labelOf),
		check: oneOf(COLOR_PALETTE_PRESETS_V2),
	},
	resolution: {
		...FIELDS.resolution,
		description:
			'Exact output size in pixels. Ideogram 4 takes its 38 sizes (1K and 2K), Ideogram 3 its 69; Auto takes any size and serves the closest. Cannot be combined with Aspect Ratio.',
		options: enumOptions(ALL_RESOLUTIONS),
		check: (value) => (WIDTH_X_HEIGHT.test(String(value)) ? undefined : `"${String(value)}" is not a size like 1024x1024`),
	},
	aspectRatio: {
		displayName: 'Aspect Ratio',
		name: 'aspectRatio',
		wire: 'aspect_ratio',
		type: 'options',
		default: 'auto',
		description:
			'Shape of the image; Ideogram picks the size. Each model takes its own ratios (1:4 and 4:1: Ideogram 4 Transparent and Nano Banana 2; 21:9 and 8:1 by expression, as 21x9). Cannot be combined with Resolution.',
		options: enumOptions(ASPECT_RATIOS_V4, (v) => (v === 'auto' ? 'Auto' : v.replace('x', ':'))),
		check: (value) =>
			/^(auto|[1-9][0-9]{0,4}x[1-9][0-9]{0,4})$/.test(String(value)) ? undefined : `"${String(value)}" is not a ratio like 16x9 (or auto)`,
	},
	renderingSpeed: {
		displayName: 'Rendering Speed',
		name: 'renderingSpeed',
		wire: 'rendering_speed',
		type: 'options',
		default: 'default',
		description: 'Faster is cheaper; Quality is slowest and best. Ideogram 4.5 uses Quality instead.',
		options: enumOptions(RENDERING_SPEEDS_V2, labelOf),
		check: oneOf(RENDERING_SPEEDS_V2),
	},
	quality: {
		displayName: 'Quality',
		name: 'quality',
		wire: 'quality',
		type: 'options',
		default: 'high',
		description:
			'Ideogram 4.5 only, in place of Rendering Speed: higher takes longer and costs more. Very Low needs source images.',
		options: enumOptions(QUALITIES_V45, labelOf),
		check: oneOf(QUALITIES_V45),
	},
	size: {
		displayName: 'Size',
		name: 'size',
		wire: 'size',
		type: 'string',
		default: 'auto',
		placeholder: 'e.g. 2048x2048',
		description:
			'Ideogram 4.5 only, in place of Resolution: "auto" picks a size from the prompt, or an exact WIDTHxHEIGHT from its 1K/2K presets',
		check: (value) =>
			/^(auto|source)$/.test(String(value)) || WIDTH_X_HEIGHT.test(String(value))
				? undefined
				: `"${String(value)}" is not "auto", "source" or a size like 2048x2048`,
	},
	magicPrompt: {
		displayName: 'Magic Prompt',
		name: 'magicPrompt',
		wire: 'magic_prompt',
		type: 'options',
		default: 'auto',
		description: 'Whether Ideogram rewrites the prompt to be more detailed. The prompt it used is returned with each image.',
		options: enumOptions(MAGIC_PROMPT_MODES_V2, labelOf),
		check: oneOf(MAGIC_PROMPT_MODES_V2),
	},
	styleType: {
		displayName: 'Style Type',
		name: 'styleType',
		wire: 'style_type',
		type: 'options',
		default: 'general',
		description: 'The broad style (Ideogram 3 models). Ideogram 3 Character takes Auto, Realistic or Fiction. Cannot be combined with Style Codes.',
		options: enumOptions(STYLE_TYPES_V3_V2, labelOf),
		check: oneOf(STYLE_TYPES_V3_V2),
	},
	stylePreset: {
		displayName: 'Style Preset',
		name: 'stylePreset',
		wire: 'style_preset',
		type: 'options',
		default: 'art_deco',
		description: 'A predefined artistic style (Ideogram 3). Cannot be combined with Style Codes or style reference images.',
		options: enumOptions(STYLE_PRESETS_V3_V2, labelOf),
		check: oneOf(STYLE_PRESETS_V3_V2),
	},
	upscaleFactor: {
		displayName: 'Upscale Factor',
		name: 'upscaleFactor',
		wire: 'upscale_factor',
		type: 'options',
		default: 'x1',
		description: 'Ideogram 3 Transparent only: upscale the image after generating it; above X1 costs extra',
		options: enumOptions(TRANSPARENT_UPSCALE_FACTORS_V2, (v) => v.toUpperCase()),
		check: oneOf(TRANSPARENT_UPSCALE_FACTORS_V2),
	},
	outputResolution: {
		displayName: 'Output Resolution',
		name: 'outputResolution',
		wire: 'output_resolution',
		type: 'options',
		default: '1k',
		description: 'Ideogram 4 Transparent only: the size class of the transparent PNG',
		options: enumOptions(OUTPUT_RESOLUTIONS_V4, (v) => v.toUpperCase()),
		check: oneOf(OUTPUT_RESOLUTIONS_V4),
	},
	resolutionTier: {
		displayName: 'Resolution Tier',
		name: 'resolutionTier',
		wire: 'resolution_tier',
		type: 'options',
		default: '1k',
		description:
			'The size class: for Auto it also decides which model can serve the request; Nano Banana 2 and Pro take 1K, 2K or 4K; P-Image 1K or 2K (sent as its Resolution)',
		options: enumOptions(RESOLUTION_TIERS, (v) => v.toUpperCase()),
		check: oneOf(RESOLUTION_TIERS),
	},
	/**
	 * Generate's and Reframe's Quality: one list with every model's levels (Ideogram 4.5's, GPT
	 * Image's, P-Image's), each model's own part checked before sending (models.ts `values`). Edit
	 * keeps `quality`, Ideogram 4.5's list.
	 */
	modelQuality: {
		displayName: 'Quality',
		name: 'quality',
		wire: 'quality',
		type: 'options',
		default: 'high',
		description:
			'Higher takes longer and costs more. Ideogram 4.5 (in place of Rendering Speed): Very Low to High, Very Low needs source images; GPT Image 2.5 Flare and Sunburst: Auto to High; P-Image: Very Low to Very High.',
		options: enumOptions(MODEL_QUALITIES, labelOf),
		check: oneOf(MODEL_QUALITIES),
	},
	background: {
		displayName: 'Background',
		name: 'background',
		wire: 'background',
		type: 'options',
		default: 'auto',
		description: 'GPT Image 2.5 Flare and Sunburst: Transparent returns images with an alpha channel, Opaque a solid background; Auto lets the model decide from the prompt',
		options: enumOptions(BACKGROUNDS_GPT_IMAGE, labelOf),
		check: oneOf(BACKGROUNDS_GPT_IMAGE),
	},
	customWidth: {
		displayName: 'Custom Width',
		name: 'customWidth',
		wire: 'custom_width',
		type: 'number',
		default: 1024,
		typeOptions: { minValue: 16, maxValue: 4096 },
		description:
			'P-Image only: an exact width in pixels, with Custom Height; a multiple of 16, at most 2048x2048 in area. Billed at the tier of its pixel count. Cannot be combined with Aspect Ratio or Resolution Tier.',
		check: sideOf16,
		toWire: asNumber,
	},
	customHeight: {
		displayName: 'Custom Height',
		name: 'customHeight',
		wire: 'custom_height',
		type: 'number',
		default: 1024,
		typeOptions: { minValue: 16, maxValue: 4096 },
		description: 'P-Image only: an exact height in pixels, with Custom Width; a multiple of 16, at most 2048x2048 in area',
		check: sideOf16,
		toWire: asNumber,
	},
	enableCopyrightDetection: {
		displayName: 'Copyright Detection',
		name: 'enableCopyrightDetection',
		wire: 'enable_copyright_detection',
		type: 'boolean',
		default: true,
		description:
			'Whether to check the images for likenesses and logos after generating (adds time). Flagged images come back without a file, marked unsafe.',
	},
	private: {
		displayName: 'Private',
		name: 'private',
		wire: 'private',
		type: 'boolean',
		default: true,
		description:
			'Whether the images stay private to your account. Off publishes them to Ideogram’s public feed. Ideogram keeps them private when this is not set (Auto: your plan decides).',
	},
	// Fields of the image-to-image operations (Remix, Edit, Upscale, Describe, Layerize).
	imageWeight: FIELDS.imageWeight,
	customModelUri: FIELDS.customModelUri,
	contextWindow: {
		displayName: 'Context Window',
		name: 'contextWindow',
		wire: 'context_window',
		type: 'string',
		default: 'auto',
		placeholder: 'e.g. auto, or 0,0,512,512',
		description:
			'Ideogram 4.5 only: the region of the image the edit may look at and change. "none" (Ideogram’s default) edits the whole image; "auto" picks a region around the mask (needs a mask); or y_min,x_min,y_max,x_max in pixels.',
		check: (value) =>
			/^(none|auto|[0-9]+,[0-9]+,[0-9]+,[0-9]+)$/.test(String(value).replace(/\s+/g, ''))
				? undefined
				: `"${String(value)}" is not "none", "auto" or four numbers y_min,x_min,y_max,x_max`,
		toWire: (value) => String(value).replace(/\s+/g, ''),
	},
	includeBbox: {
		displayName: 'Include Bounding Boxes',
		name: 'includeBbox',
		wire: 'include_bbox',
		type: 'boolean',
		default: true,
		description: 'Whether the JSON prompt places each element with a box, so generating from it keeps the layout (Ideogram’s default: on)',
	},
	includeStyleDescriptions: {
		displayName: 'Include Style Description',
		name: 'includeStyleDescriptions',
		wire: 'include_style_descriptions',
		type: 'boolean',
		default: true,
		description: 'Whether the JSON prompt describes the style (aesthetics, lighting, medium); Ideogram leaves it out by default',
	},
	includeTags: {
		displayName: 'Include Tags',
		name: 'includeTags',
		wire: 'include_tags',
		type: 'boolean',
		default: true,
		description: 'Whether the JSON prompt lists free-form tags; Ideogram leaves them out by default',
	},
	guidance: {
		displayName: 'Guidance',
		name: 'guidance',
		wire: 'prompt',
		type: 'string',
		default: '',
		typeOptions: { rows: 2 },
		description:
			'Optional words to guide the model: for Upscale, the detail to bring out (up to 2000 characters for Nano Banana Pro, 1024 for Topaz); for Layerize, what the image shows, to help find its text',
		check: (value) => (String(value).length <= 10000 ? undefined : 'is longer than 10000 characters'),
	},
	upscaleBy: {
		displayName: 'Upscale Factor',
		name: 'upscaleBy',
		wire: 'upscale_factor',
		type: 'options',
		default: 'x2',
		description: 'How much to enlarge the width and height. Ideogram refuses an output over 8192 pixels a side. Not Nano Banana Pro, which takes a Resolution Tier.',
		options: enumOptions(UPSCALE_FACTORS_V2, (v) => v.toUpperCase()),
		check: oneOf(UPSCALE_FACTORS_V2),
	},
	upscaleTier: {
		displayName: 'Resolution Tier',
		name: 'upscaleTier',
		wire: 'resolution_tier',
		type: 'options',
		default: '2K',
		description: 'Nano Banana Pro only: the size class of the output, at the input’s aspect ratio; it must be above the input’s',
		options: enumOptions(UPSCALE_TIERS_NANO_BANANA),
		check: oneOf(UPSCALE_TIERS_NANO_BANANA),
	},
	creativity: {
		displayName: 'Creativity',
		name: 'creativity',
		wire: 'creativity',
		type: 'number',
		default: 3,
		typeOptions: { minValue: 1, maxValue: 9 },
		description: 'Topaz Bloom 2 and Redefine: how freely the model reinterprets the image, from 1 (faithful) to 9 (creative)',
		check: wholeNumber(1, 9),
		toWire: asNumber,
	},
	colorPreservation: {
		displayName: 'Keep Colors',
		name: 'colorPreservation',
		wire: 'color_preservation',
		type: 'boolean',
		default: true,
		description: 'Whether Topaz Bloom 2 keeps the input’s colors (its default) or may adjust them',
	},
	autoprompt: {
		displayName: 'Auto Prompt',
		name: 'autoprompt',
		wire: 'autoprompt',
		type: 'boolean',
		default: false,
		description: 'Whether Topaz Redefine describes the image itself; Guidance is then ignored',
	},
	texture: {
		displayName: 'Texture',
		name: 'texture',
		wire: 'texture',
		type: 'number',
		default: 1,
		typeOptions: { minValue: 1, maxValue: 5 },
		description: 'Topaz Redefine: how much fine texture to add, from 1 to 5 (keep it low at low Creativity)',
		check: wholeNumber(1, 5),
		toWire: asNumber,
	},
	detail: {
		displayName: 'Detail',
		name: 'detail',
		wire: 'detail',
		type: 'boolean',
		default: false,
		description: 'Whether Topaz Redefine applies a detail adjustment after rendering (Detail Strength sets how much)',
	},
	detailStrength: {
		displayName: 'Detail Strength',
		name: 'detailStrength',
		wire: 'detail_strength',
		type: 'number',
		default: 5,
		typeOptions: { minValue: 0, maxValue: 10, numberPrecision: 1 },
		description: 'Topaz Redefine: the detail adjustment’s intensity, from 0 to 10',
		check: between(0, 10),
		toWire: asNumber,
	},
	denoise: topazLevel('Denoise', 'denoise', 'denoise', 'Topaz: noise and grain reduction'),
	sharpen: topazLevel('Sharpen', 'sharpen', 'sharpen', 'Topaz: edge sharpening after enlarging'),
	fixCompression: topazLevel('Fix Compression', 'fixCompression', 'fix_compression', 'Topaz Standard 2 and Text Refine: compression artifact removal'),
	strength: {
		displayName: 'Strength',
		name: 'strength',
		wire: 'strength',
		type: 'number',
		default: 0.5,
		typeOptions: { minValue: 0.01, maxValue: 1, numberPrecision: 2 },
		description:
			'Topaz Standard 2 and Text Refine: overall intensity, from 0.01 to 1 (higher is crisper but can look unreal); left out, the model picks per image',
		check: between(0.01, 1),
		toWire: asNumber,
	},
	faceEnhancement: {
		displayName: 'Face Enhancement',
		name: 'faceEnhancement',
		wire: 'face_enhancement',
		type: 'boolean',
		default: true,
		description: 'Whether Topaz recovers detail in faces; on, it needs Face Enhancement Strength and Face Enhancement Creativity',
	},
	faceEnhancementStrength: topazLevel('Face Enhancement Strength', 'faceEnhancementStrength', 'face_enhancement_strength', 'Topaz: how strongly faces are recovered'),
	faceEnhancementCreativity: topazLevel(
		'Face Enhancement Creativity',
		'faceEnhancementCreativity',
		'face_enhancement_creativity',
		'Topaz: how freely face recovery may reinterpret features',
	),
	subjectDetection: {
		displayName: 'Subject Detection',
		name: 'subjectDetection',
		wire: 'subject_detection',
		type: 'options',
		default: 'all',
		description: 'Topaz: where the enhancements apply; left out, the model picks per image',
		options: enumOptions(SUBJECT_DETECTION, labelOf),
		check: oneOf(SUBJECT_DETECTION),
	},
	numInferenceSteps: {
		displayName: 'Inference Steps',
		name: 'numInferenceSteps',
		wire: 'num_inference_steps',
		type: 'number',
		default: 8,
		typeOptions: { minValue: 1, maxValue: 128 },
		description: 'Z-Image only: how many diffusion steps, from 1 to 128; more takes longer and may look better (left out, the model’s default)',
		check: wholeNumber(1, 128),
		toWire: asNumber,
	},
	enhancementStrength: {
		displayName: 'Enhancement Strength',
		name: 'enhancementStrength',
		wire: 'enhancement_strength',
		type: 'options',
		default: 'medium',
		description: 'Topaz Wonder 3.5: how strongly detail is rebuilt; lower stays closer to the input',
		options: enumOptions(ENHANCEMENT_STRENGTHS, labelOf),
		check: oneOf(ENHANCEMENT_STRENGTHS),
	},
} satisfies Record<string, FieldSpec>;
