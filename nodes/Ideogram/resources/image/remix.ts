import { fileSlotProperties } from '../../description/fileSlots';
import { FIELDS } from '../../description/fields';
import type { OperationDefinition } from '../../description/operation';
import { generate } from './generate';
import {
	ALL_REFERENCES,
	IMAGE_SLOT,
	imagesRequested,
	ONE_COLOR_PALETTE,
	referenceImagesProperty,
	RESOLUTION_OR_ASPECT_RATIO,
	STYLE_CODES_OR_STYLE_TYPE,
} from '../common/imageParts';

export const remix: OperationDefinition = {
	resource: 'image',
	value: 'remix',
	name: 'Remix',
	action: 'Remix an image with a prompt',
	description: 'Make a new image from an input image and a prompt; Image Weight sets how closely it follows the input',
	path: '/v1/ideogram-v3/remix',
	encoding: 'multipart',
	required: [FIELDS.prompt],
	// Everything Generate takes, plus how closely to follow the input image.
	optional: [...generate.optional, FIELDS.imageWeight],
	exclusive: [RESOLUTION_OR_ASPECT_RATIO, STYLE_CODES_OR_STYLE_TYPE, ONE_COLOR_PALETTE],
	extraProperties: [...fileSlotProperties([IMAGE_SLOT]), referenceImagesProperty(ALL_REFERENCES)],
	files: [IMAGE_SLOT, ...ALL_REFERENCES],
	output: { kind: 'images' },
	imagesInFlight: imagesRequested,
};
