import { fileSlotProperties } from '../../description/fileSlots';
import { FIELDS } from '../../description/fields';
import { LEGACY_FIELDS } from '../../description/legacyFields';
import type { OperationDefinition } from '../../description/operation';
import { imagesRequested } from '../common/imageParts';
import { editModels, IMAGE_FILE_SLOT, LEGACY_MASK_SLOT, styleTypeNeedsV2 } from './common';

export const legacyEdit: OperationDefinition = {
	resource: 'legacyImage',
	value: 'edit',
	name: 'Edit',
	action: 'Edit part of an image with Ideogram 2.0',
	description: 'Regenerate the black area of a mask on the input image with Ideogram 2.0 or 2.0 Turbo',
	path: '/edit',
	// Multipart with flat fields (no image_request).
	encoding: 'multipart',
	required: [FIELDS.prompt, LEGACY_FIELDS.editModel],
	optional: [LEGACY_FIELDS.magicPromptOption, FIELDS.numImages, FIELDS.seed, LEGACY_FIELDS.styleType],
	rules: [editModels, styleTypeNeedsV2],
	extraProperties: fileSlotProperties([IMAGE_FILE_SLOT, LEGACY_MASK_SLOT]),
	files: [IMAGE_FILE_SLOT, LEGACY_MASK_SLOT],
	output: { kind: 'images' },
	imagesInFlight: imagesRequested,
};
