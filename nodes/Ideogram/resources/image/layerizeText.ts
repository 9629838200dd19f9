import { fileSlotProperties } from '../../description/fileSlots';
import { FIELDS } from '../../description/fields';
import type { OperationDefinition } from '../../description/operation';
import { IMAGE_SLOT } from '../common/imageParts';

export const layerizeText: OperationDefinition = {
	resource: 'image',
	value: 'layerizeText',
	name: 'Layerize Text',
	action: 'Separate the text from an image',
	description:
		'Get the image with its text removed (as the file) and each text block found in it (position, text, font, color) in the JSON',
	path: '/v1/ideogram-v3/layerize-text',
	encoding: 'multipart',
	required: [],
	optional: [
		{
			...FIELDS.prompt,
			description: 'A short description of the image, to help find the text. Ideogram writes one when empty.',
		},
		FIELDS.seed,
	],
	extraProperties: fileSlotProperties([IMAGE_SLOT]),
	files: [IMAGE_SLOT],
	output: { kind: 'layerize' },
	imagesInFlight: () => 1,
};
