import { fileSlotProperties } from '../../description/fileSlots';
import { FIELDS } from '../../description/fields';
import type { OperationDefinition } from '../../description/operation';
import { IMAGE_SLOT, imagesRequested, ONE_COLOR_PALETTE, referenceImagesProperty, STYLE_REFERENCES } from '../common/imageParts';

export const replaceBackground: OperationDefinition = {
	resource: 'image',
	value: 'replaceBackground',
	name: 'Replace Background',
	action: 'Replace the background of an image',
	description: 'Keep the main subject of the image and paint a new background described by the prompt',
	path: '/v1/ideogram-v3/replace-background',
	encoding: 'multipart',
	required: [FIELDS.prompt],
	optional: [
		FIELDS.colorPaletteName,
		FIELDS.colorPaletteMembers,
		FIELDS.magicPrompt,
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
