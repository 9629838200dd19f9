import {
	DESCRIBE_MODEL_VERSIONS,
	LEGACY_ASPECT_RATIOS,
	LEGACY_MODELS,
	LEGACY_RESOLUTIONS,
	LEGACY_STYLE_TYPES,
	MAGIC_PROMPT_OPTIONS,
} from './enums';
import { enumOptions, FIELDS, oneOf, titleCase, wholeNumber, type FieldSpec } from './fields';

// Fields of the legacy endpoints (/generate, /remix, /edit, /reframe, /upscale, /describe) whose
// wire format differs from Ideogram 3.0: ASPECT_* and RESOLUTION_* enums, magic_prompt_option,
// the model choice and the upscale/describe knobs. Fields that are the same on the wire (prompt,
// seed, num_images, negative_prompt, color_palette, image_weight) are taken from FIELDS.

/** Models that can edit (legacy /edit). */
export const LEGACY_EDIT_MODELS = ['V_2', 'V_2_TURBO'] as const;

const MODEL_LABELS: Record<string, string> = {
	V_1: 'Ideogram 1.0',
	V_1_TURBO: 'Ideogram 1.0 Turbo',
	V_2: 'Ideogram 2.0',
	V_2_TURBO: 'Ideogram 2.0 Turbo',
	V_2A: 'Ideogram 2a',
	V_2A_TURBO: 'Ideogram 2a Turbo',
};

/** 'V_2A_TURBO' → 'Ideogram 2a Turbo (V_2A_TURBO)': the name users know plus the wire value. */
export function modelLabel(model: string): string {
	return MODEL_LABELS[model] ? `${MODEL_LABELS[model]} (${model})` : model;
}

const asNumber = (value: unknown) => (typeof value === 'string' ? Number(value) : value);

const model = {
	displayName: 'Model',
	name: 'model',
	wire: 'model',
	type: 'options',
	default: 'V_2',
	description:
		'The Ideogram model generation. Style Type needs 2.0 or later; Negative Prompt needs 1.0 or 2.0; Color Palette needs 2.0 (not 2a).',
	options: enumOptions(LEGACY_MODELS, modelLabel),
	check: oneOf(LEGACY_MODELS),
} satisfies FieldSpec;

export const LEGACY_FIELDS = {
	model,
	/** Edit offers only the models /edit accepts; the rule editModels in resources/legacyImage/common.ts covers expressions. */
	editModel: {
		...model,
		description: 'The Ideogram model. Legacy Edit works only with Ideogram 2.0 and 2.0 Turbo.',
		options: enumOptions(LEGACY_EDIT_MODELS, modelLabel),
	},
	magicPromptOption: {
		displayName: 'Magic Prompt',
		name: 'magicPromptOption',
		wire: 'magic_prompt_option',
		type: 'options',
		default: 'AUTO',
		description: 'Whether Ideogram rewrites the prompt to be more detailed. The rewritten prompt is returned with each image.',
		options: enumOptions(MAGIC_PROMPT_OPTIONS, titleCase),
		check: oneOf(MAGIC_PROMPT_OPTIONS),
	},
	aspectRatio: {
		displayName: 'Aspect Ratio',
		name: 'aspectRatio',
		wire: 'aspect_ratio',
		type: 'options',
		default: 'ASPECT_1_1',
		description: 'Shape of the image; Ideogram picks the size. Cannot be combined with Resolution.',
		// 'ASPECT_16_9' → '16:9'
		options: enumOptions(LEGACY_ASPECT_RATIOS, (v) => v.replace('ASPECT_', '').replace('_', ':')),
		check: oneOf(LEGACY_ASPECT_RATIOS),
	},
	resolution: {
		displayName: 'Resolution',
		name: 'resolution',
		wire: 'resolution',
		type: 'options',
		default: 'RESOLUTION_1024_1024',
		description: 'Exact output size in pixels (Ideogram documents it for 2.0 models). Cannot be combined with Aspect Ratio.',
		// 'RESOLUTION_1280_720' → '1280x720'
		options: enumOptions(LEGACY_RESOLUTIONS, (v) => v.replace('RESOLUTION_', '').replace('_', 'x')),
		check: oneOf(LEGACY_RESOLUTIONS),
	},
	styleType: {
		displayName: 'Style Type',
		name: 'styleType',
		wire: 'style_type',
		type: 'options',
		default: 'AUTO',
		description: 'The broad style. Needs Ideogram 2.0 or later (not 1.0).',
		options: enumOptions(LEGACY_STYLE_TYPES, titleCase),
		check: oneOf(LEGACY_STYLE_TYPES),
	},
	resemblance: {
		displayName: 'Resemblance',
		name: 'resemblance',
		wire: 'resemblance',
		type: 'number',
		default: 50,
		typeOptions: { minValue: 1, maxValue: 100 },
		description: 'How closely the upscaled image keeps to the original (1–100)',
		check: wholeNumber(1, 100),
		toWire: asNumber,
	},
	detail: {
		displayName: 'Detail',
		name: 'detail',
		wire: 'detail',
		type: 'number',
		default: 50,
		typeOptions: { minValue: 1, maxValue: 100 },
		description: 'How much new detail the upscale adds (1–100)',
		check: wholeNumber(1, 100),
		toWire: asNumber,
	},
	describeModelVersion: {
		displayName: 'Describe Model Version',
		name: 'describeModelVersion',
		wire: 'describe_model_version',
		type: 'options',
		default: 'V_3',
		description: 'Which Ideogram model writes the description',
		options: enumOptions(DESCRIBE_MODEL_VERSIONS, (v) => (v === 'V_3' ? 'Ideogram 3.0 (V_3)' : 'Ideogram 2.0 (V_2)')),
		check: oneOf(DESCRIBE_MODEL_VERSIONS),
	},
	/** Upscale's prompt is an optional guide, not the subject. */
	upscalePrompt: {
		...FIELDS.prompt,
		description: 'An optional description of the image that guides the upscale',
	},
} satisfies Record<string, FieldSpec>;
