import { NodeOperationError, type IDataObject, type IExecuteSingleFunctions, type INodeProperties } from 'n8n-workflow';

import {
	VIDEO_ASPECT_RATIOS_KLING,
	VIDEO_ASPECT_RATIOS_MINIMAX,
	VIDEO_ASPECT_RATIOS_SEEDANCE,
	VIDEO_RESOLUTIONS_MINIMAX,
	VIDEO_RESOLUTIONS_SEEDANCE_2,
	VIDEO_RESOLUTIONS_SEEDANCE_2_5,
} from '../../description/enums';
import type { BodyRule, RuleViolation } from '../../description/operation';

/**
 * The video models and what each of their endpoints takes. Every video endpoint is
 * `/v2/video/generate/{model}-{mode}-to-video`, and each has its own fields, values and length
 * range (Seedance 2.5's image-to-video has no aspect ratio, Kling has no reference mode, MiniMax no
 * audio): the node checks a request against the endpoint's own entry before sending, naming the
 * model and what it takes. test/unit/resources/video-models.test.ts holds this table against Ideogram's spec
 * (test/contract/ideogram-v2-more-openapi.json).
 */

/** What the video starts from: the prompt alone, a first frame (and an optional last one), or references. */
export type VideoMode = 'text' | 'image' | 'reference';
export const VIDEO_MODES: readonly VideoMode[] = ['text', 'image', 'reference'];
export const MODE_NAMES: Record<VideoMode, string> = { text: 'text to video', image: 'image to video', reference: 'reference to video' };

/** One endpoint: one model in one mode. */
export interface VideoEndpoint {
	/** Body fields (wire names) it takes besides the prompt and the webhook. */
	fields: readonly string[];
	/** Where it takes only part of a field's list. */
	values?: Record<string, readonly string[]>;
	/** Its range of `duration`, in whole seconds. */
	duration: { min: number; max: number };
	/** The file parts (wire names) it takes, the most files of each, and those it cannot do without. */
	files?: readonly string[];
	maxFiles?: Record<string, number>;
	requiredFiles?: readonly string[];
	/**
	 * How long each audio file of a part (wire name) must be, and the most all of them may last
	 * together, in seconds. The spec states these only in the part's description (no schema
	 * keyword says them); test/unit/resources/video-models.test.ts reads them from there.
	 */
	audioSeconds?: Record<string, { min: number; max: number; total: number }>;
}

export interface VideoModelSpec {
	/** The model part of the endpoint's name. */
	slug: string;
	name: string;
	description: string;
	modes: Partial<Record<VideoMode, VideoEndpoint>>;
	/** How its prompt names the first reference image and audio, for the reference fields' hints. */
	referenceWords?: string;
}

/** The parameter value that switches to a typed-in slug, for models released after this build. */
export const OTHER_VIDEO_MODEL = 'other';

const FIRST_AND_LAST_FRAME = ['image', 'end_image'] as const;
const REFERENCES = ['reference_images', 'reference_audios'] as const;
const SEEDANCE = ['aspect_ratio', 'duration', 'generate_audio', 'private', 'resolution', 'target_collection_id'] as const;
const KLING = ['aspect_ratio', 'cfg_scale', 'duration', 'generate_audio', 'negative_prompt', 'private', 'shot_type', 'target_collection_id'] as const;
const MINIMAX = ['aspect_ratio', 'duration', 'private', 'resolution', 'target_collection_id'] as const;
const without = (fields: readonly string[], wire: string) => fields.filter((f) => f !== wire);

/** Generate's models, newest first (the order of the model list). */
export const VIDEO_MODELS: readonly VideoModelSpec[] = [
	{
		slug: 'seedance-2-5',
		name: 'Seedance 2.5',
		description: 'Newest: up to 30 s and 1080p, with sound; references written [Image1], [Audio1] in the prompt',
		referenceWords: '[Image1], [Audio1]',
		modes: {
			text: {
				fields: SEEDANCE,
				values: { aspect_ratio: VIDEO_ASPECT_RATIOS_SEEDANCE, resolution: VIDEO_RESOLUTIONS_SEEDANCE_2_5 },
				duration: { min: 4, max: 30 },
			},
			// The video takes its shape from the first frame: no aspect_ratio here.
			image: {
				fields: without(SEEDANCE, 'aspect_ratio'),
				values: { resolution: VIDEO_RESOLUTIONS_SEEDANCE_2_5 },
				duration: { min: 4, max: 30 },
				files: FIRST_AND_LAST_FRAME,
				requiredFiles: ['image'],
			},
			reference: {
				fields: SEEDANCE,
				values: { aspect_ratio: VIDEO_ASPECT_RATIOS_SEEDANCE, resolution: VIDEO_RESOLUTIONS_SEEDANCE_2_5 },
				duration: { min: 4, max: 30 },
				files: REFERENCES,
				maxFiles: { reference_images: 9, reference_audios: 10 },
				requiredFiles: ['reference_images'],
				audioSeconds: { reference_audios: { min: 2, max: 30, total: 30 } },
			},
		},
	},
	{
		slug: 'seedance-2',
		name: 'Seedance 2',
		description: 'Up to 15 s at 480p or 720p, with sound; references written @Image1, @Audio1 in the prompt',
		referenceWords: '@Image1, @Audio1',
		modes: {
			text: {
				fields: SEEDANCE,
				values: { aspect_ratio: VIDEO_ASPECT_RATIOS_SEEDANCE, resolution: VIDEO_RESOLUTIONS_SEEDANCE_2 },
				duration: { min: 4, max: 15 },
			},
			image: {
				fields: SEEDANCE,
				values: { aspect_ratio: VIDEO_ASPECT_RATIOS_SEEDANCE, resolution: VIDEO_RESOLUTIONS_SEEDANCE_2 },
				duration: { min: 4, max: 15 },
				files: FIRST_AND_LAST_FRAME,
				requiredFiles: ['image'],
			},
			reference: {
				fields: SEEDANCE,
				values: { aspect_ratio: VIDEO_ASPECT_RATIOS_SEEDANCE, resolution: VIDEO_RESOLUTIONS_SEEDANCE_2 },
				duration: { min: 4, max: 15 },
				files: REFERENCES,
				maxFiles: { reference_images: 9, reference_audios: 3 },
				requiredFiles: ['reference_images'],
				audioSeconds: { reference_audios: { min: 2, max: 15, total: 15 } },
			},
		},
	},
	{
		slug: 'kling-3-standard',
		name: 'Kling 3 Standard',
		description: 'Negative prompt, CFG scale and shot type, 3–15 s with sound; from text or an image (no references)',
		modes: {
			text: { fields: KLING, values: { aspect_ratio: VIDEO_ASPECT_RATIOS_KLING }, duration: { min: 3, max: 15 } },
			image: { fields: without(KLING, 'aspect_ratio'), duration: { min: 3, max: 15 }, files: FIRST_AND_LAST_FRAME, requiredFiles: ['image'] },
		},
	},
	{
		slug: 'minimax-h3',
		name: 'MiniMax H3',
		description: 'Up to 4K (upscaled from 768P), 5–15 s, no sound track; references written Image 1, Audio 1 in the prompt',
		referenceWords: 'Image 1, Audio 1',
		modes: {
			text: {
				fields: MINIMAX,
				values: { aspect_ratio: VIDEO_ASPECT_RATIOS_MINIMAX, resolution: VIDEO_RESOLUTIONS_MINIMAX },
				duration: { min: 5, max: 15 },
			},
			image: {
				fields: without(MINIMAX, 'aspect_ratio'),
				values: { resolution: VIDEO_RESOLUTIONS_MINIMAX },
				duration: { min: 5, max: 15 },
				files: FIRST_AND_LAST_FRAME,
				requiredFiles: ['image'],
			},
			// References are optional here: with none, the video comes from the prompt alone.
			reference: {
				fields: [...MINIMAX, 'prompt_expansion_mode'],
				values: { aspect_ratio: VIDEO_ASPECT_RATIOS_MINIMAX, resolution: VIDEO_RESOLUTIONS_MINIMAX },
				duration: { min: 5, max: 15 },
				files: REFERENCES,
				maxFiles: { reference_images: 9, reference_audios: 3 },
				// The spec's 15 s "in all" counts video references too; this node sends none, so it is the audio's.
				audioSeconds: { reference_audios: { min: 2, max: 15, total: 15 } },
			},
		},
	},
];

/** An endpoint in words, for messages: "Seedance 2 (reference to video)". */
export const endpointName = (model: VideoModelSpec, mode: VideoMode) => `${model.name} (${MODE_NAMES[mode]})`;

/** The last part of a video endpoint: `seedance-2-5-text-to-video`. */
export const endpointSlug = (model: string, mode: VideoMode) => `${model}-${mode}-to-video`;

/** Every listed endpoint, by its slug. */
export const VIDEO_ENDPOINTS: ReadonlyMap<string, { model: VideoModelSpec; mode: VideoMode; endpoint: VideoEndpoint }> = new Map(
	VIDEO_MODELS.flatMap((model) =>
		VIDEO_MODES.filter((mode) => model.modes[mode]).map((mode) => [endpointSlug(model.slug, mode), { model, mode, endpoint: model.modes[mode]! }] as const),
	),
);

/** The Model parameter, and the slug box behind its "Other" choice. */
export function videoModelProperties(defaultSlug: string): INodeProperties[] {
	return [
		{
			displayName: 'Model',
			name: 'model',
			type: 'options',
			default: defaultSlug,
			description: 'Which model makes the video; each takes its own fields, lengths and resolutions (see each field’s hint)',
			options: [
				...VIDEO_MODELS.map((m) => ({ name: m.name, value: m.slug, description: `${m.description} (${m.slug})` })),
				{ name: 'Other (Enter a Model Slug)', value: OTHER_VIDEO_MODEL, description: 'A video model released after this version of the node' },
			],
		},
		{
			displayName: 'Model Slug',
			name: 'modelSlug',
			type: 'string',
			default: '',
			// Not `required`, as on the image operations: modelSlugOf() refuses an empty slug when it is used.
			placeholder: 'e.g. kling-4',
			description:
				'The model part of the endpoint’s name in Ideogram’s API reference: kling-4 reaches /v2/video/generate/kling-4-text-to-video (the node adds the mode). A full name ending in -to-video is used as it is. The node sends your fields as they are; Ideogram checks them.',
			displayOptions: { show: { model: [OTHER_VIDEO_MODEL] } },
		},
	];
}

const SLUG = /^[a-z0-9][a-z0-9.-]{0,63}$/;

/** The item's mode, refused when an expression gives something else. */
export function videoModeOf(ctx: IExecuteSingleFunctions): VideoMode {
	const mode = String(ctx.getNodeParameter('mode', 'text'));
	if ((VIDEO_MODES as readonly string[]).includes(mode)) return mode as VideoMode;
	throw new NodeOperationError(ctx.getNode(), `Mode "${mode.slice(0, 60)}" is not a video mode`, {
		itemIndex: ctx.getItemIndex(),
		description: 'Pick Text to Video, Image to Video or Reference to Video (as an expression: text, image or reference).',
	});
}

/**
 * The item's endpoint slug: the chosen model in the chosen mode, refused when the model has no
 * such endpoint (Kling has no reference mode); or the typed-in slug, with the mode added unless it
 * names a whole endpoint already.
 */
export function videoEndpointOf(ctx: IExecuteSingleFunctions, defaultSlug: string): string {
	const mode = videoModeOf(ctx);
	const chosen = String(ctx.getNodeParameter('model', defaultSlug));
	if (chosen === OTHER_VIDEO_MODEL) {
		const typed = String(ctx.getNodeParameter('modelSlug', '')).trim();
		if (!SLUG.test(typed)) {
			throw new NodeOperationError(ctx.getNode(), typed ? `Model Slug "${typed.slice(0, 60)}" is not a model slug` : 'Model Slug is empty', {
				itemIndex: ctx.getItemIndex(),
				description: 'Enter the model part of the endpoint’s name (lowercase letters, digits, dots and dashes, such as kling-4), or pick a model from the list.',
			});
		}
		return typed.endsWith('-to-video') ? typed : endpointSlug(typed, mode);
	}
	const model = VIDEO_MODELS.find((m) => m.slug === chosen);
	if (!model) {
		throw new NodeOperationError(ctx.getNode(), `Model "${chosen.slice(0, 60)}" is not a video model this node knows`, {
			itemIndex: ctx.getItemIndex(),
			description: `Pick one of: ${VIDEO_MODELS.map((m) => `${m.name} (${m.slug})`).join(', ')}, or Other with its slug.`,
		});
	}
	if (!model.modes[mode]) {
		const takers = VIDEO_MODELS.filter((m) => m.modes[mode]).map((m) => m.name);
		throw new NodeOperationError(ctx.getNode(), `${model.name} does not make videos ${mode === 'reference' ? 'from references' : `from ${mode === 'text' ? 'text' : 'an image'}`}`, {
			itemIndex: ctx.getItemIndex(),
			description: `Pick a model that does (${takers.join(', ')}), or another Mode for ${model.name} (${VIDEO_MODES.filter((m) => model.modes[m]).map((m) => MODE_NAMES[m]).join(', ')}).`,
		});
	}
	return endpointSlug(model.slug, mode);
}

/**
 * The per-endpoint check: every field set must be one the endpoint takes, with a value from its
 * own list, and the duration within its range. A typed-in slug is not checked: the node cannot
 * know a model newer than itself.
 */
export const videoModelRule: BodyRule = (fields: IDataObject, slug?: string): RuleViolation | undefined => {
	const found = slug === undefined ? undefined : VIDEO_ENDPOINTS.get(slug);
	if (!found) return undefined;
	const { model, mode, endpoint } = found;
	const which = endpointName(model, mode);
	for (const [wire, value] of Object.entries(fields)) {
		if (wire === 'prompt' || value === undefined) continue;
		if (!endpoint.fields.includes(wire)) {
			const takers = VIDEO_MODELS.filter((m) => m.modes[mode]?.fields.includes(wire)).map((m) => m.name);
			const shape = wire === 'aspect_ratio' && mode === 'image' ? ' From an image, the video takes the first frame’s shape.' : '';
			return {
				field: wire,
				problem: `is not taken by ${which}`,
				fix: `Remove it from Additional Fields${takers.length ? `, or pick a model that takes it in this mode: ${takers.join(', ')}` : ''}.${shape}`,
			};
		}
		const allowed = endpoint.values?.[wire];
		if (allowed && !allowed.includes(String(value))) {
			return { field: wire, problem: `"${String(value)}" is not one of the values ${which} takes`, fix: `${model.name} takes ${allowed.join(', ')}.` };
		}
		if (wire === 'duration') {
			const { min, max } = endpoint.duration;
			const seconds = Number(value);
			if (seconds < min || seconds > max) {
				return {
					field: wire,
					problem: `is ${seconds} s, but ${which} makes videos of ${min} to ${max} s`,
					fix: `Enter a whole number of seconds from ${min} to ${max}, or remove Duration and let the model choose.`,
				};
			}
		}
	}
	return undefined;
};
