import { NodeOperationError, type IDataObject, type IExecuteSingleFunctions, type INodeProperties } from 'n8n-workflow';

import {
	ASPECT_RATIOS_V3_V2,
	ASPECT_RATIOS_V4,
	RESOLUTIONS_V3,
	RESOLUTIONS_V4,
} from '../../shared/enums';
import type { BodyRule, RuleViolation } from '../../shared/operation';

/**
 * The models of an Ideogram v2 operation: the path ends in the model's slug, and each model takes
 * its own set of fields. The node refuses a field the chosen model does not take before sending,
 * naming the models that do take it. test/unit/modelsV2.test.ts holds these tables against
 * Ideogram's spec (test/contract/ideogram-v2-openapi.json).
 */
export interface ModelSpec {
	slug: string;
	name: string;
	description: string;
	/** The body fields (top-level wire names) the model takes, besides the prompt. */
	fields: readonly string[];
	/** Where the model takes only part of a field's list. */
	values?: Record<string, readonly string[]>;
	/** Reference-image slots (wire names) it takes; `required` ones it cannot do without. */
	files?: readonly string[];
	requiredFiles?: readonly string[];
}

/** The parameter value that switches to a typed-in slug, for models released after this build. */
export const OTHER_MODEL = 'other';

const SHARED = ['magic_prompt', 'num_images', 'seed'] as const;
const IDEOGRAM_3 = [...SHARED, 'aspect_ratio', 'enable_copyright_detection', 'negative_prompt', 'private', 'rendering_speed'] as const;

/** Generate's models, newest first (the order of the model list). */
export const GENERATE_MODELS: readonly ModelSpec[] = [
	{
		slug: 'ideogram-4-5',
		name: 'Ideogram 4.5',
		description: 'Newest: Quality and Size in place of Rendering Speed and Resolution',
		fields: [...SHARED, 'enable_copyright_detection', 'private', 'quality', 'size'],
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
	{
		slug: 'auto',
		name: 'Auto',
		description: 'Ideogram picks the model for the prompt',
		fields: [...SHARED, 'aspect_ratio', 'negative_prompt', 'private', 'resolution', 'resolution_tier'],
	},
];

/** The Model parameter and the slug box behind its "Other" choice. */
export function modelProperties(models: readonly ModelSpec[], defaultSlug: string): INodeProperties[] {
	return [
		{
			displayName: 'Model',
			name: 'model',
			type: 'options',
			default: defaultSlug,
			description: 'Which Ideogram model makes the images; each takes its own fields (see each field’s hint)',
			options: [
				...models.map((m) => ({ name: m.name, value: m.slug, description: `${m.description} (${m.slug})` })),
				{ name: 'Other (Enter a Model Slug)', value: OTHER_MODEL, description: 'A model released after this version of the node' },
			],
		},
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
export function modelRule(models: readonly ModelSpec[]): BodyRule {
	return (fields: IDataObject, slug?: string): RuleViolation | undefined => {
		const model = models.find((m) => m.slug === slug);
		if (!model) return undefined;
		for (const [wire, value] of Object.entries(fields)) {
			if (wire === 'prompt' || value === undefined) continue;
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
