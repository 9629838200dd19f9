import {
	ASPECT_RATIOS_V4,
	COLOR_PALETTE_PRESETS_V2,
	MAGIC_PROMPT_MODES_V2,
	OUTPUT_RESOLUTIONS_V4,
	QUALITIES_V45,
	RENDERING_SPEEDS_V2,
	RESOLUTION_TIERS,
	RESOLUTIONS_V3,
	RESOLUTIONS_V4,
	STYLE_PRESETS_V3_V2,
	STYLE_TYPES_V3_V2,
	TRANSPARENT_UPSCALE_FACTORS_V2,
} from './enums';
import { enumOptions, FIELDS, oneOf, titleCase, type FieldSpec } from './fields';

/**
 * The fields of Ideogram's current API (v2). Where v2 takes a field exactly as 3.0 does (prompt,
 * seed, number of images, negative prompt, custom colour palette, style codes) the 3.0 definition is
 * used as it is; the fields here differ in their values (v2's enums are lowercase) or are new.
 * Which model takes which field is in resources/imageV2/models.ts.
 */

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
		displayName: 'Resolution',
		name: 'resolution',
		wire: 'resolution',
		type: 'options',
		default: '1024x1024',
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
			'Shape of the image; Ideogram picks the size. 1:4 and 4:1 are Ideogram 4 Transparent only. Cannot be combined with Resolution.',
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
		description: 'Auto only: the size class, which also decides which model can serve the request',
		options: enumOptions(RESOLUTION_TIERS, (v) => v.toUpperCase()),
		check: oneOf(RESOLUTION_TIERS),
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
} satisfies Record<string, FieldSpec>;
