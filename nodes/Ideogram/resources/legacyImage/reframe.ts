import { fileSlotProperties } from '../../description/fileSlots';
import { FIELDS } from '../../description/fields';
import { LEGACY_FIELDS } from '../../description/legacyFields';
import type { OperationDefinition } from '../../description/operation';
import { imagesRequested } from '../common/imageParts';
import { IMAGE_FILE_SLOT, styleTypeNeedsV2 } from './common';

export const legacyReframe: OperationDefinition = {
	resource: 'legacyImage',
	value: 'reframe',
	name: 'Reframe',
	action: 'Extend an image with a legacy model',
	description: 'Outpaint a square image to the chosen resolution with Ideogram 1.0, 2.0 or 2a; takes no prompt',
	path: '/reframe',
	// Multipart with flat fields (no image_request); Resolution and Model are required.
	encoding: 'multipart',
	required: [LEGACY_FIELDS.resolution, LEGACY_FIELDS.model],
	optional: [FIELDS.numImages, FIELDS.seed, LEGACY_FIELDS.styleType],
	rules: [styleTypeNeedsV2],
	extraProperties: fileSlotProperties([IMAGE_FILE_SLOT]),
	files: [IMAGE_FILE_SLOT],
	output: { kind: 'images' },
	imagesInFlight: imagesRequested,
};
