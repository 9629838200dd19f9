import { fileSlotProperties, readFileSlots } from '../../hooks/inputFiles';
import { toImageItems } from '../../hooks/toImageItems';
import type { OperationDefinition } from '../../shared/operation';
import { IMAGE_SLOT } from './common';

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
	inputFiles: readFileSlots([IMAGE_SLOT]),
	output: toImageItems,
	imagesInFlight: () => 1,
};
