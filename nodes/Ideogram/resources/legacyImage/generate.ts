import { FIELDS } from '../../description/fields';
import { LEGACY_FIELDS } from '../../description/legacyFields';
import type { OperationDefinition } from '../../description/operation';
import { ONE_COLOR_PALETTE, RESOLUTION_OR_ASPECT_RATIO } from '../common/imageParts';
import { colorPaletteModels, imageRequestCount, negativePromptModels, styleTypeNeedsV2 } from './common';

export const legacyGenerate: OperationDefinition = {
	resource: 'legacyImage',
	value: 'generate',
	name: 'Generate',
	action: 'Generate images with a legacy model',
	description: 'Create images from a text prompt with Ideogram 1.0, 2.0 or 2a',
	path: '/generate',
	// The one legacy endpoint that takes JSON: {"image_request": {...}}.
	encoding: 'json',
	bodyPrefix: 'image_request.',
	required: [FIELDS.prompt, LEGACY_FIELDS.model],
	optional: [
		LEGACY_FIELDS.aspectRatio,
		FIELDS.colorPaletteName,
		FIELDS.colorPaletteMembers,
		LEGACY_FIELDS.magicPromptOption,
		FIELDS.negativePrompt,
		FIELDS.numImages,
		LEGACY_FIELDS.resolution,
		FIELDS.seed,
		LEGACY_FIELDS.styleType,
	],
	exclusive: [RESOLUTION_OR_ASPECT_RATIO, ONE_COLOR_PALETTE],
	rules: [styleTypeNeedsV2, negativePromptModels, colorPaletteModels],
	output: { kind: 'images' },
	imagesInFlight: imageRequestCount,
};
