import { FIELDS } from '../../description/fields';
import type { OperationDefinition } from '../../description/operation';
import {
	ALL_REFERENCES,
	imagesRequested,
	ONE_COLOR_PALETTE,
	referenceImagesProperty,
	RESOLUTION_OR_ASPECT_RATIO,
	STYLE_CODES_OR_STYLE_TYPE,
} from '../common/imageParts';

export const generate: OperationDefinition = {
	resource: 'image',
	value: 'generate',
	name: 'Generate',
	action: 'Generate images from a prompt',
	description: 'Create images from a text prompt with Ideogram 3.0',
	path: '/v1/ideogram-v3/generate',
	// Ideogram's schema and every reseller accept JSON here; reference images switch it to multipart.
	encoding: 'json',
	required: [FIELDS.prompt],
	optional: [
		FIELDS.aspectRatio,
		FIELDS.colorPaletteName,
		FIELDS.colorPaletteMembers,
		FIELDS.customModelUri,
		FIELDS.magicPrompt,
		FIELDS.negativePrompt,
		FIELDS.numImages,
		FIELDS.renderingSpeed,
		FIELDS.resolution,
		FIELDS.seed,
		FIELDS.styleCodes,
		FIELDS.stylePreset,
		FIELDS.styleType,
	],
	exclusive: [RESOLUTION_OR_ASPECT_RATIO, STYLE_CODES_OR_STYLE_TYPE, ONE_COLOR_PALETTE],
	extraProperties: [referenceImagesProperty(ALL_REFERENCES)],
	files: ALL_REFERENCES,
	output: { kind: 'images' },
	imagesInFlight: imagesRequested,
};
