import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import {
	ASPECT_RATIOS_V3,
	COLOR_PALETTE_PRESETS,
	MAGIC_PROMPT_OPTIONS,
	RENDERING_SPEEDS,
	RESOLUTIONS_V3,
	STYLE_PRESETS_V3,
	STYLE_TYPES_V3,
	UPSCALE_FACTORS,
} from './enums';

/**
 * One Ideogram request field: its wire name, how it looks in n8n, and how a value is checked and
 * encoded. The UI property (fieldProperty) and the request body (input/body.ts) are both
 * derived from this, so a field is defined once for every operation that takes it.
 */
export interface FieldSpec {
	/** n8n parameter name: the wire name in camelCase. */
	name: string;
	/** Path in the request body, e.g. 'rendering_speed' or 'color_palette.name'. */
	wire: string;
	displayName: string;
	description: string;
	type: 'string' | 'number' | 'boolean' | 'options' | 'fixedCollection';
	default: INodeProperties['default'];
	options?: INodePropertyOptions[];
	placeholder?: string;
	typeOptions?: INodeProperties['typeOptions'];
	/** For fixedCollection fields: the sub-properties. */
	collection?: INodeProperties['options'];
	/** Returns what is wrong with a value, in words for the user; undefined when it is fine. */
	check?: (value: unknown) => string | undefined;
	/** Turns the n8n parameter value into the wire value (e.g. a comma list into an array). */
	toWire?: (value: unknown) => unknown;
	/**
	 * Parameter values that hide this field (and waive its being required), e.g. the text prompt
	 * when Prompt Type is JSON. `hide`, not `show`: a condition on a parameter the operation does
	 * not show (Prompt Type for Ideogram 3) must leave the field shown.
	 */
	hide?: Record<string, string[]>;
}

export function enumOptions(values: readonly string[], label: (v: string) => string = (v) => v): INodePropertyOptions[] {
	return values.map((value) => ({ name: label(value), value }));
}

/** Upper-snake enum values as Title Case labels: 'RENDER_3D' → 'Render 3D'. */
export function titleCase(value: string): string {
	return value
		.split('_')
		.map((w) => (w.length ? w[0] + w.slice(1).toLowerCase() : w))
		.join(' ');
}

export const oneOf =
	(values: readonly string[]) =>
	(value: unknown): string | undefined =>
		values.includes(String(value))
			? undefined
			: `"${String(value)}" is not one of the values Ideogram accepts (${values.length <= 10 ? values.join(', ') : `${values.slice(0, 6).join(', ')}, … ${values.length} in all`})`;

export const wholeNumber =
	(min: number, max: number) =>
	(value: unknown): string | undefined => {
		const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
		return typeof n === 'number' && Number.isInteger(n) && n >= min && n <= max
			? undefined
			: `must be a whole number from ${min} to ${max} (got ${JSON.stringify(value)})`;
	};

export const asNumber = (value: unknown) => (typeof value === 'string' ? Number(value) : value);

/** A check: a number within a range, fractions allowed (the Topaz settings, Kling's cfg_scale). */
export const between =
	(min: number, max: number) =>
	(value: unknown): string | undefined => {
		const n = asNumber(value);
		return typeof n === 'number' && Number.isFinite(n) && n >= min && n <= max
			? undefined
			: `must be a number from ${min} to ${max} (got ${JSON.stringify(value)})`;
	};

export const nonEmptyText = (value: unknown): string | undefined =>
	typeof value === 'string' && value.trim() !== '' ? undefined : 'is empty: enter some text';

/** A comma- or newline-separated list, or an array from an expression. */
export function splitList(value: unknown): string[] {
	const parts = Array.isArray(value) ? value.map(String) : String(value ?? '').split(/[,\n]/);
	return parts.map((s) => s.trim()).filter((s) => s !== '');
}

const HEX_COLOR = /^#([0-9a-fA-F]{3}){1,2}$/;
const STYLE_CODE = /^[0-9a-fA-F]{8}$/;
const CUSTOM_MODEL_URI = /^model\/[^/\s]+\/version\/[^/\s]+$/;

type PaletteMember = { colorHex?: string; colorWeight?: number };
const paletteMembers = (value: unknown): PaletteMember[] =>
	((value as { member?: PaletteMember[] })?.member ?? []) as PaletteMember[];

/** Ideogram 4 Generate's choice of a text or a JSON prompt (resources/imageV2/jsonPrompt.ts). */
export const PROMPT_TYPE = 'promptType';

export const FIELDS = {
	prompt: {
		displayName: 'Prompt',
		name: 'prompt',
		wire: 'prompt',
		type: 'string',
		default: '',
		placeholder: 'e.g. A poster of a red fox reading a newspaper, bold headline "FOX NEWS"',
		// One description for every operation (Replace Background's too): one property then serves them all.
		description: 'What the image should show (for Replace Background: the new background). Put any text to render in quotes.',
		typeOptions: { rows: 3 },
		check: nonEmptyText,
		// Hidden while Prompt Type is JSON, which only Ideogram 4's Generate offers. Every prompt has
		// the condition, so one property serves them all and n8n reads `prompt` once per item, not
		// once per copy (description/operation.ts, mergeCopies).
		hide: { [PROMPT_TYPE]: ['json'] },
	},
	seed: {
		displayName: 'Seed',
		name: 'seed',
		wire: 'seed',
		type: 'number',
		default: 0,
		description: 'Fixes the random seed so the same request gives the same image (0–2147483647)',
		check: wholeNumber(0, 2147483647),
		toWire: asNumber,
	},
	resolution: {
		displayName: 'Resolution',
		name: 'resolution',
		wire: 'resolution',
		type: 'options',
		default: '1024x1024',
		description: 'Exact output size in pixels. Cannot be combined with Aspect Ratio.',
		options: enumOptions(RESOLUTIONS_V3),
		check: oneOf(RESOLUTIONS_V3),
	},
	aspectRatio: {
		displayName: 'Aspect Ratio',
		name: 'aspectRatio',
		wire: 'aspect_ratio',
		type: 'options',
		default: '1x1',
		description: 'Shape of the image; Ideogram picks the size. Cannot be combined with Resolution.',
		options: enumOptions(ASPECT_RATIOS_V3, (v) => v.replace('x', ':')),
		check: oneOf(ASPECT_RATIOS_V3),
	},
	renderingSpeed: {
		displayName: 'Rendering Speed',
		name: 'renderingSpeed',
		wire: 'rendering_speed',
		type: 'options',
		default: 'DEFAULT',
		description: 'Faster is cheaper; Quality is slowest and best',
		options: enumOptions(RENDERING_SPEEDS, titleCase),
		check: oneOf(RENDERING_SPEEDS),
	},
	magicPrompt: {
		displayName: 'Magic Prompt',
		name: 'magicPrompt',
		wire: 'magic_prompt',
		type: 'options',
		default: 'AUTO',
		description: 'Whether Ideogram rewrites the prompt to be more detailed. The rewritten prompt is returned with each image.',
		options: enumOptions(MAGIC_PROMPT_OPTIONS, titleCase),
		check: oneOf(MAGIC_PROMPT_OPTIONS),
	},
	negativePrompt: {
		displayName: 'Negative Prompt',
		name: 'negativePrompt',
		wire: 'negative_prompt',
		type: 'string',
		default: '',
		placeholder: 'e.g. blurry, watermark',
		description: 'What to keep out of the image. The prompt wins where the two conflict.',
		check: nonEmptyText,
	},
	numImages: {
		displayName: 'Number of Images',
		name: 'numImages',
		wire: 'num_images',
		type: 'number',
		default: 1,
		typeOptions: { minValue: 1, maxValue: 8 },
		description: 'How many images to make for each input item (1–8); each becomes its own output item',
		check: wholeNumber(1, 8),
		toWire: asNumber,
	},
	colorPaletteName: {
		displayName: 'Color Palette',
		name: 'colorPaletteName',
		wire: 'color_palette.name',
		type: 'options',
		default: 'EMBER',
		description: 'A preset palette. Cannot be combined with Custom Color Palette.',
		options: enumOptions(COLOR_PALETTE_PRESETS, titleCase),
		check: oneOf(COLOR_PALETTE_PRESETS),
	},
	colorPaletteMembers: {
		displayName: 'Custom Color Palette',
		name: 'colorPaletteMembers',
		wire: 'color_palette.members',
		type: 'fixedCollection',
		default: {},
		typeOptions: { multipleValues: true },
		description: 'Up to 8 colors, heaviest first. Cannot be combined with a preset Color Palette.',
		placeholder: 'Add Color',
		collection: [
			{
				displayName: 'Color',
				name: 'member',
				values: [
					{
						displayName: 'Color',
						name: 'colorHex',
						type: 'color',
						default: '#000000',
						description: 'Hex color, e.g. #FF5733',
					},
					{
						displayName: 'Weight',
						name: 'colorWeight',
						type: 'number',
						default: 0.5,
						typeOptions: { minValue: 0.05, maxValue: 1, numberPrecision: 2 },
						description: 'How much of this color to use (0.05–1)',
					},
				],
			},
		],
		check: (value) => {
			const members = paletteMembers(value);
			if (members.length < 1 || members.length > 8) return `needs 1 to 8 colors (got ${members.length})`;
			for (const [i, m] of members.entries()) {
				if (!HEX_COLOR.test(String(m.colorHex ?? '')))
					return `color ${i + 1} "${m.colorHex}" is not a hex color like #FF5733`;
				const w = Number(m.colorWeight);
				if (m.colorWeight !== undefined && !(w >= 0.05 && w <= 1))
					return `color ${i + 1} has weight ${m.colorWeight}; weights go from 0.05 to 1`;
			}
			return undefined;
		},
		toWire: (value) =>
			paletteMembers(value).map((m) =>
				m.colorWeight === undefined
					? { color_hex: m.colorHex }
					: { color_hex: m.colorHex, color_weight: Number(m.colorWeight) },
			),
	},
	styleCodes: {
		displayName: 'Style Codes',
		name: 'styleCodes',
		wire: 'style_codes',
		type: 'string',
		default: '',
		placeholder: 'e.g. AAFF5733, 0133FF57',
		description:
			'8-character hex style codes, separated by commas. Cannot be combined with Style Type or style reference images.',
		check: (value) => {
			const codes = splitList(value);
			if (!codes.length) return 'is empty: enter at least one 8-character hex code';
			const bad = codes.find((c) => !STYLE_CODE.test(c));
			return bad ? `"${bad}" is not an 8-character hex code like AAFF5733` : undefined;
		},
		toWire: splitList,
	},
	styleType: {
		displayName: 'Style Type',
		name: 'styleType',
		wire: 'style_type',
		type: 'options',
		default: 'GENERAL',
		description: 'The broad style. Cannot be combined with Style Codes.',
		options: enumOptions(STYLE_TYPES_V3, titleCase),
		check: oneOf(STYLE_TYPES_V3),
	},
	stylePreset: {
		displayName: 'Style Preset',
		name: 'stylePreset',
		wire: 'style_preset',
		type: 'options',
		default: 'ART_DECO',
		description: 'A predefined artistic style',
		options: enumOptions(STYLE_PRESETS_V3, titleCase),
		check: oneOf(STYLE_PRESETS_V3),
	},
	customModelUri: {
		displayName: 'Custom Model URI',
		name: 'customModelUri',
		wire: 'custom_model_uri',
		type: 'string',
		default: '',
		placeholder: 'e.g. model/my-brand-model/version/1',
		description: 'A trained custom model to generate with; its style replaces Style Type',
		check: (value) =>
			CUSTOM_MODEL_URI.test(String(value).trim())
				? undefined
				: `"${String(value)}" is not a custom model URI of the form model/<model name>/version/<version>`,
	},
	imageWeight: {
		displayName: 'Image Weight',
		name: 'imageWeight',
		wire: 'image_weight',
		type: 'number',
		default: 50,
		typeOptions: { minValue: 1, maxValue: 100 },
		description: 'How closely the result follows the input image (1–100)',
		check: wholeNumber(1, 100),
		toWire: asNumber,
	},
	upscaleFactor: {
		displayName: 'Upscale Factor',
		name: 'upscaleFactor',
		wire: 'upscale_factor',
		type: 'options',
		default: 'X1',
		description: 'Upscale the transparent image after generating it; above X1 costs extra',
		options: enumOptions(UPSCALE_FACTORS),
		check: oneOf(UPSCALE_FACTORS),
	},
	transparentBackground: {
		displayName: 'Transparent Background',
		name: 'transparentBackground',
		wire: 'transparent_background',
		type: 'boolean',
		default: false,
		description: 'Whether the edited image gets a transparent background (PNG with alpha)',
	},
	imageUrls: {
		displayName: 'Ideogram Image URLs',
		name: 'imageUrls',
		wire: 'image_urls',
		type: 'string',
		default: '',
		placeholder: 'e.g. https://ideogram.ai/api/images/ephemeral/abc.png?exp=…',
		description:
			'Links to images Ideogram made or stored (from an earlier response), separated by commas; sent as links, not uploaded. Up to 10.',
		check: (value) => {
			const urls = splitList(value);
			if (!urls.length) return 'is empty: enter at least one link';
			if (urls.length > 10) return `has ${urls.length} links; Ideogram takes at most 10`;
			const bad = urls.find((u) => !/^https?:\/\/\S+$/i.test(u));
			return bad ? `"${bad.slice(0, 60)}" is not an http(s) link` : undefined;
		},
		toWire: splitList,
	},
} satisfies Record<string, FieldSpec>;
