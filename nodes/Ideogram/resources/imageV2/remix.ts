import type { IDataObject } from 'n8n-workflow';

import { fileSlotProperties } from '../../description/fileSlots';
import type { BodyRule, OperationDefinition } from '../../description/operation';
import { V2_FIELDS } from '../../description/v2Fields';
import {
	imagesRequested,
	ONE_COLOR_PALETTE,
	referenceImagesProperty,
	RESOLUTION_OR_ASPECT_RATIO,
	STYLE_CODES_OR_STYLE_TYPE,
} from '../common/imageParts';
import { CHARACTER_MASK_V2, CHARACTER_REFERENCE_V2, imageSlot, STYLE_REFERENCES_V2 } from './files';
import { modelFiles, modelProperties, modelRouting, modelRule, REMIX_MODELS, STYLE_PRESET_OR_CODES } from './models';

const DEFAULT_MODEL = 'ideogram-4';

const IMAGE = imageSlot(50);

/** Auto picks a model that takes the style settings only at 1K (the spec, on resolution_tier). */
const STYLE_AT_1K: BodyRule = (fields: IDataObject, slug?: string) => {
	if (slug !== 'auto' || fields.resolution_tier !== '2k') return undefined;
	const style = ['color_palette', 'style_codes', 'style_preset'].find((wire) => fields[wire] !== undefined);
	const styled = style ?? (fields.style_type !== undefined && fields.style_type !== 'auto' ? 'style_type' : undefined);
	if (!styled) return undefined;
	return {
		field: 'resolution_tier',
		problem: 'is 2K, but Auto remixes with style settings at 1K only',
		fix: 'Set Resolution Tier to 1K, or remove the Color Palette, Style Codes, Style Preset and Style Type.',
	};
};
const REFERENCES = [STYLE_REFERENCES_V2, CHARACTER_REFERENCE_V2, CHARACTER_MASK_V2];

export const remix: OperationDefinition = {
	resource: 'imageV2',
	value: 'remix',
	name: 'Remix',
	action: 'Remix an image with a prompt',
	description: 'Make new images from an input image and a prompt; Image Weight sets how closely they follow it',
	...modelRouting('image/remix', REMIX_MODELS, DEFAULT_MODEL, 'the resource "Image (Ideogram 3.0, v1 API)" → Remix'),
	quotable: true,
	// Sent as a job and polled (runtime/jobs.ts), as Generate is; the endpoint takes `async`.
	job: { kind: 'submit', asyncField: true, webhook: true },
	encoding: 'multipart',
	required: [V2_FIELDS.prompt],
	optional: [
		V2_FIELDS.aspectRatio,
		V2_FIELDS.colorPaletteName,
		V2_FIELDS.colorPaletteMembers,
		V2_FIELDS.customModelUri,
		V2_FIELDS.enableCopyrightDetection,
		V2_FIELDS.imageWeight,
		V2_FIELDS.magicPrompt,
		V2_FIELDS.negativePrompt,
		V2_FIELDS.numImages,
		V2_FIELDS.private,
		V2_FIELDS.renderingSpeed,
		V2_FIELDS.resolution,
		V2_FIELDS.resolutionTier,
		V2_FIELDS.seed,
		V2_FIELDS.styleCodes,
		V2_FIELDS.stylePreset,
		V2_FIELDS.styleType,
	],
	exclusive: [RESOLUTION_OR_ASPECT_RATIO, STYLE_CODES_OR_STYLE_TYPE, STYLE_PRESET_OR_CODES, ONE_COLOR_PALETTE],
	rules: [modelRule(REMIX_MODELS), STYLE_AT_1K],
	extraProperties: [...modelProperties(REMIX_MODELS, DEFAULT_MODEL), ...fileSlotProperties([IMAGE]), referenceImagesProperty(REFERENCES)],
	files: modelFiles(REMIX_MODELS, [IMAGE, ...REFERENCES], DEFAULT_MODEL),
	output: { kind: 'images' },
	imagesInFlight: imagesRequested,
};
