import { fileSlotProperties } from '../../description/fileSlots';
import { FIELDS } from '../../description/fields';
import { LEGACY_FIELDS } from '../../description/legacyFields';
import type { OperationDefinition } from '../../description/operation';
import { IMAGE_FILE_SLOT, imageRequestCount } from './common';

export const upscale: OperationDefinition = {
	resource: 'legacyImage',
	value: 'upscale',
	name: 'Upscale',
	action: 'Upscale an image',
	description: 'Enlarge any image to about twice its size, adding detail; works with every model',
	path: '/upscale',
	// Multipart: image_request as one JSON text part, and the image as image_file. Resemblance and
	// Detail are up front, so image_request (required by the API) is never missing.
	encoding: 'multipart',
	bodyPrefix: 'image_request.',
	required: [LEGACY_FIELDS.resemblance, LEGACY_FIELDS.detail],
	optional: [LEGACY_FIELDS.magicPromptOption, FIELDS.numImages, LEGACY_FIELDS.upscalePrompt, FIELDS.seed],
	extraProperties: fileSlotProperties([IMAGE_FILE_SLOT]),
	files: [IMAGE_FILE_SLOT],
	output: { kind: 'images' },
	imagesInFlight: imageRequestCount,
};
