import { fileSlotProperties } from '../../description/fileSlots';
import type { OperationDefinition } from '../../description/operation';
import { IMAGE_SLOT } from '../common/imageParts';

export const removeBackground: OperationDefinition = {
	resource: 'image',
	value: 'removeBackground',
	name: 'Remove Background',
	action: 'Remove the background of an image',
	description: 'Cut out the main subject: one PNG with a transparent background',
	path: '/v1/remove-background',
	encoding: 'multipart',
	required: [],
	optional: [],
	extraProperties: fileSlotProperties([IMAGE_SLOT]),
	files: [IMAGE_SLOT],
	output: { kind: 'images' },
	imagesInFlight: () => 1,
};
