import { fileSlotProperties } from '../../description/fileSlots';
import { FIELDS } from '../../description/fields';
import { LEGACY_FIELDS } from '../../description/legacyFields';
import type { OperationDefinition } from '../../description/operation';
import { legacyGenerate } from './generate';
import { ONE_COLOR_PALETTE, RESOLUTION_OR_ASPECT_RATIO } from '../common/imageParts';
import {
	colorPaletteModels,
	IMAGE_FILE_SLOT,
	imageRequestCount,
	negativePromptModels,
	styleTypeNeedsV2,
} from './common';

export const legacyRemix: OperationDefinition = {
	resource: 'legacyImage',
	value: 'remix',
	name: 'Remix',
	action: 'Remix an image with a legacy model',
	description: 'Make a new image from an input image and a prompt with Ideogram 1.0, 2.0 or 2a',
	path: '/remix',
	// Multipart: image_request as one JSON text part, and the image as image_file.
	encoding: 'multipart',
	bodyPrefix: 'image_request.',
	required: [FIELDS.prompt, LEGACY_FIELDS.model],
	// Everything Generate takes, plus how closely to follow the input image.
	optional: [...legacyGenerate.optional, FIELDS.imageWeight],
	exclusive: [RESOLUTION_OR_ASPECT_RATIO, ONE_COLOR_PALETTE],
	rules: [styleTypeNeedsV2, negativePromptModels, colorPaletteModels],
	extraProperties: fileSlotProperties([IMAGE_FILE_SLOT]),
	files: [IMAGE_FILE_SLOT],
	output: { kind: 'images' },
	imagesInFlight: imageRequestCount,
};
