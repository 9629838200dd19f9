import { fileSlotProperties, type FileSlotSpec } from '../../description/fileSlots';
import type { OperationDefinition } from '../../description/operation';
import { V2_FIELDS } from '../../description/v2Fields';
import { MASK_SLOT } from '../common/imageParts';
import { V2_IMAGE_SLOT } from './replaceBackground';

/** The opposite of Edit's mask: white marks what goes. */
const OBJECT_MASK_SLOT: FileSlotSpec = {
	...MASK_SLOT,
	description:
		'A black-and-white image exactly the size of the input image. White marks the object to remove; black is kept. (The opposite of Edit’s mask, where black marks the area to change.) Up to 50 MB.',
	maxBytes: 50 * 1024 * 1024,
};

export const removeObject: OperationDefinition = {
	resource: 'imageV2',
	value: 'removeObject',
	name: 'Remove Object',
	action: 'Remove an object from an image',
	description: 'Erase what a mask marks in white, and fill the gap with what would be behind it',
	path: '/v2/image/remove-object/ideogram-1',
	officialOnly: {},
	quotable: true,
	// Ideogram runs it only as a job: it always answers with a generation id.
	job: { kind: 'submit' },
	encoding: 'multipart',
	required: [],
	optional: [V2_FIELDS.seed],
	extraProperties: fileSlotProperties([V2_IMAGE_SLOT, OBJECT_MASK_SLOT]),
	files: [V2_IMAGE_SLOT, OBJECT_MASK_SLOT],
	output: { kind: 'images' },
};
