import { NodeOperationError, type IExecuteSingleFunctions } from 'n8n-workflow';

import { readFileSlots, slotLocation, type FileSlotSpec } from '../../hooks/inputFiles';
import { toImageItems } from '../../hooks/toImageItems';
import type { OperationDefinition } from '../../shared/operation';
import { V2_FIELDS } from '../../shared/v2Fields';
import {
	CHARACTER_REFERENCE_SLOT,
	imagesRequested,
	ONE_COLOR_PALETTE,
	referenceImagesProperty,
	RESOLUTION_OR_ASPECT_RATIO,
	STYLE_CODES_OR_STYLE_TYPE,
	STYLE_REFERENCE_SLOT,
} from '../image/common';
import { fillV2JsonPrompt, JSON_PROMPT_MODELS, promptTypeProperties, withPromptType } from './jsonPrompt';
import { GENERATE_MODELS, modelProperties, modelRule, modelSlug } from './models';

const MB = 1024 * 1024;
const DEFAULT_MODEL = 'ideogram-4';

/** v2 takes up to 10 style references of 25 MB each (no 10 MB total as on v1) and one character reference. */
const REFERENCE_SLOTS: FileSlotSpec[] = [
	{ ...STYLE_REFERENCE_SLOT, maxBytes: 25 * MB, maxTotalBytes: undefined, maxCount: 10 },
	{ ...CHARACTER_REFERENCE_SLOT, maxBytes: 25 * MB, maxTotalBytes: undefined },
];
const readReferences = readFileSlots(REFERENCE_SLOTS);

/** Reference images only for the models that take them, and the character model only with its reference. */
async function referenceImages(this: IExecuteSingleFunctions, body: Parameters<typeof readReferences>[0]) {
	const slug = modelSlug(this, DEFAULT_MODEL);
	const model = GENERATE_MODELS.find((m) => m.slug === slug);
	if (model) {
		for (const slot of REFERENCE_SLOTS) {
			const given = String(this.getNodeParameter(slot.param, '') ?? '').trim() !== '';
			const takes = model.files?.includes(slot.wire) ?? false;
			if (given && !takes) {
				const takers = GENERATE_MODELS.filter((m) => m.files?.includes(slot.wire)).map((m) => m.name);
				throw new NodeOperationError(this.getNode(), `${slotLocation(slot)} is not taken by ${model.name} (${model.slug})`, {
					itemIndex: this.getItemIndex(),
					description: `Remove it, or pick a model that takes it: ${takers.join(', ')}.`,
				});
			}
			if (!given && model.requiredFiles?.includes(slot.wire)) {
				throw new NodeOperationError(this.getNode(), `${model.name} needs ${slotLocation(slot)}`, {
					itemIndex: this.getItemIndex(),
					description: `Add a ${slot.displayName} under Reference Images: the binary field (or link) with a picture of the person or character.`,
				});
			}
		}
	}
	return await readReferences.call(this, body);
}

export const generate: OperationDefinition = {
	resource: 'imageV2',
	value: 'generate',
	name: 'Generate',
	action: 'Generate images from a prompt',
	description: 'Create images from a text prompt, or a JSON prompt for Ideogram 4 and 4.5, with any current Ideogram model',
	path: '/v2/image/generate/ideogram-4',
	pathFor() {
		return `/v2/image/generate/${modelSlug(this, DEFAULT_MODEL)}`;
	},
	model() {
		return modelSlug(this, DEFAULT_MODEL);
	},
	officialOnly: { instead: 'the resource "Image (Ideogram 3.0, v1 API)" → Generate' },
	job: { kind: 'submit', asyncField: true, webhook: true },
	// JSON unless reference images are attached (then multipart, as Ideogram 3's models take them).
	encoding: 'json',
	required: [withPromptType(V2_FIELDS.prompt)],
	optional: [
		V2_FIELDS.aspectRatio,
		V2_FIELDS.colorPaletteName,
		V2_FIELDS.colorPaletteMembers,
		V2_FIELDS.enableCopyrightDetection,
		V2_FIELDS.magicPrompt,
		V2_FIELDS.negativePrompt,
		V2_FIELDS.numImages,
		V2_FIELDS.outputResolution,
		V2_FIELDS.private,
		V2_FIELDS.quality,
		V2_FIELDS.renderingSpeed,
		V2_FIELDS.resolution,
		V2_FIELDS.resolutionTier,
		V2_FIELDS.seed,
		V2_FIELDS.size,
		V2_FIELDS.styleCodes,
		V2_FIELDS.stylePreset,
		V2_FIELDS.styleType,
		V2_FIELDS.upscaleFactor,
	],
	exclusive: [RESOLUTION_OR_ASPECT_RATIO, STYLE_CODES_OR_STYLE_TYPE, ONE_COLOR_PALETTE],
	rules: [modelRule(GENERATE_MODELS)],
	fillBody: fillV2JsonPrompt(DEFAULT_MODEL),
	extraProperties: [
		...modelProperties(GENERATE_MODELS, DEFAULT_MODEL),
		...promptTypeProperties(JSON_PROMPT_MODELS),
		referenceImagesProperty(REFERENCE_SLOTS),
	],
	inputFiles: referenceImages,
	output: toImageItems,
	imagesInFlight: imagesRequested,
};
