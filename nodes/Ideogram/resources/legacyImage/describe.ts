import { fileSlotProperties } from '../../description/fileSlots';
import { LEGACY_FIELDS } from '../../description/legacyFields';
import type { OperationDefinition } from '../../description/operation';
import { describeOptions } from '../../description/options';
import { IMAGE_FILE_SLOT } from './common';

export const describeImage: OperationDefinition = {
	resource: 'legacyImage',
	value: 'describe',
	name: 'Describe',
	action: 'Describe an image in words',
	description: 'Get text descriptions of any image, e.g. for captions, alt text or prompts',
	path: '/describe',
	encoding: 'multipart',
	// Only the image up front; Ideogram describes with V_3 unless told otherwise.
	required: [],
	optional: [LEGACY_FIELDS.describeModelVersion],
	extraProperties: fileSlotProperties([IMAGE_FILE_SLOT]),
	files: [IMAGE_FILE_SLOT],
	output: { kind: 'describe' },
	options: describeOptions,
	imagesInFlight: () => 1,
};
