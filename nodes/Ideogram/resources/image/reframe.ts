import { fileSlotProperties } from '../../description/fileSlots';
import { FIELDS } from '../../description/fields';
import type { OperationDefinition } from '../../description/operation';
import { IMAGE_SLOT, imagesRequested, ONE_COLOR_PALETTE, REFRAME_RESOLUTION, referenceImagesProperty, STYLE_REFERENCES } from '../common/imageParts';

export const reframe: OperationDefinition = {
	resource: 'image',
	value: 'reframe',
	name: 'Reframe',
	action: 'Extend an image to a new size',
	description: 'Outpaint a (preferably square) image to the chosen resolution; takes no prompt',
	path: '/v1/ideogram-v3/reframe',
	encoding: 'multipart',
	// The property v2 Reframe shares (its condition never hides it here).
	required: [REFRAME_RESOLUTION],
	optional: [
		FIELDS.colorPaletteName,
		FIELDS.colorPaletteMembers,
		FIELDS.numImages,
		FIELDS.renderingSpeed,
		FIELDS.seed,
		FIELDS.styleCodes,
		FIELDS.stylePreset,
	],
	exclusive: [ONE_COLOR_PALETTE],
	extraProperties: [...fileSlotProperties([IMAGE_SLOT]), referenceImagesProperty(STYLE_REFERENCES)],
	files: [IMAGE_SLOT, ...STYLE_REFERENCES],
	output: { kind: 'images' },
	imagesInFlight: imagesRequested,
};
