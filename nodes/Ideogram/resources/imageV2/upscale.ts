import type { IDataObject } from 'n8n-workflow';

import { fileSlotProperties } from '../../description/fileSlots';
import type { BodyRule, OperationDefinition } from '../../description/operation';
import { V2_FIELDS } from '../../description/v2Fields';
import { imageSlot } from './files';
import { modelFiles, modelProperties, modelRouting, modelRule, UPSCALE_MODELS } from './models';

const DEFAULT_MODEL = 'auto';

const IMAGE = imageSlot(50);

/** The spec's limits on the guiding words: 2000 characters for Nano Banana Pro, 1024 for Topaz. */
const PROMPT_LIMITS: Record<string, number> = { 'nano-banana-pro': 2000, 'topaz-bloom-2': 1024, 'topaz-redefine': 1024 };

/** Face recovery on needs both of its settings (the spec: "strength and creativity are required"). */
const upscaleRules: BodyRule = (fields: IDataObject, slug?: string) => {
	const limit = slug ? PROMPT_LIMITS[slug] : undefined;
	const prompt = fields.prompt;
	if (limit && typeof prompt === 'string' && prompt.length > limit) {
		return { field: 'prompt', problem: `is ${prompt.length} characters; this model takes at most ${limit}`, fix: 'Shorten it.' };
	}
	if (fields.face_enhancement === true) {
		for (const wire of ['face_enhancement_strength', 'face_enhancement_creativity']) {
			if (fields[wire] === undefined) {
				return {
					field: 'face_enhancement',
					problem: `is on without ${wire === 'face_enhancement_strength' ? 'Face Enhancement Strength' : 'Face Enhancement Creativity'}`,
					fix: 'Add Face Enhancement Strength and Face Enhancement Creativity under Additional Fields, or turn Face Enhancement off.',
				};
			}
		}
	}
	return undefined;
};

export const upscale: OperationDefinition = {
	resource: 'imageV2',
	value: 'upscale',
	name: 'Upscale',
	action: 'Upscale an image',
	description: 'Enlarge an image 2, 4 or 8 times with Ideogram’s pick, Topaz or Nano Banana Pro',
	...modelRouting('image/upscale', UPSCALE_MODELS, DEFAULT_MODEL, 'the resource "Legacy Image (v1 API)" → Upscale'),
	quotable: true,
	// Sent as a job and polled (runtime/jobs.ts), as Generate is; the endpoint takes `async`.
	job: { kind: 'submit', asyncField: true, webhook: true },
	encoding: 'multipart',
	required: [],
	optional: [
		V2_FIELDS.upscaleBy,
		V2_FIELDS.upscaleTier,
		V2_FIELDS.guidance,
		V2_FIELDS.autoprompt,
		V2_FIELDS.colorPreservation,
		V2_FIELDS.creativity,
		V2_FIELDS.denoise,
		V2_FIELDS.detail,
		V2_FIELDS.detailStrength,
		V2_FIELDS.enhancementStrength,
		V2_FIELDS.faceEnhancement,
		V2_FIELDS.faceEnhancementCreativity,
		V2_FIELDS.faceEnhancementStrength,
		V2_FIELDS.fixCompression,
		V2_FIELDS.private,
		V2_FIELDS.seed,
		V2_FIELDS.sharpen,
		V2_FIELDS.strength,
		V2_FIELDS.subjectDetection,
		V2_FIELDS.texture,
	],
	// The prompt is optional here and only some models take it, so it is in the tables too.
	rules: [modelRule(UPSCALE_MODELS, { always: [] }), upscaleRules],
	extraProperties: [...modelProperties(UPSCALE_MODELS, DEFAULT_MODEL), ...fileSlotProperties([IMAGE])],
	files: modelFiles(UPSCALE_MODELS, [IMAGE], DEFAULT_MODEL),
	output: { kind: 'images' },
	imagesInFlight: () => 1,
};
