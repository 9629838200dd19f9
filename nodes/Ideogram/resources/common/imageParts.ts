import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { FIELDS, type FieldSpec } from '../../description/fields';
import { fileSlotCollection, type FileSlotSpec } from '../../description/fileSlots';
import type { ExclusiveRule } from '../../description/operation';

/** Pieces the Ideogram 3.0 operations share: their file slots and the pairs of fields Ideogram refuses together. */

const TEN_MB = 10 * 1024 * 1024;

export const IMAGE_SLOT: FileSlotSpec = {
	wire: 'image',
	param: 'image',
	displayName: 'Image',
	description: 'The input image: JPEG, PNG or WebP, up to 10 MB.',
	required: true,
	allowUrl: true,
	default: 'data',
};

export const MASK_SLOT: FileSlotSpec = {
	wire: 'mask',
	param: 'mask',
	displayName: 'Mask',
	description:
		'A black-and-white image exactly the size of the input image: black marks the area to regenerate, white is kept.',
	required: true,
	sameSizeAs: 'image',
	allowUrl: true,
	default: 'mask',
};

export const STYLE_REFERENCE_SLOT: FileSlotSpec = {
	wire: 'style_reference_images',
	param: 'referenceImages.styleReferenceImages',
	displayName: 'Style Reference Images',
	description: 'Images whose look the result should take on, 10 MB in all. Cannot be combined with Style Codes.',
	multiple: true,
	maxTotalBytes: TEN_MB,
	allowUrl: true,
	notWith: ['style_codes'],
};

export const CHARACTER_REFERENCE_SLOT: FileSlotSpec = {
	wire: 'character_reference_images',
	param: 'referenceImages.characterReferenceImages',
	displayName: 'Character Reference Image',
	description:
		'A picture of the person or character to keep consistent (Ideogram takes one). Billed at character-reference prices.',
	multiple: true,
	maxCount: 1,
	maxTotalBytes: TEN_MB,
	allowUrl: true,
};

export const CHARACTER_MASK_SLOT: FileSlotSpec = {
	wire: 'character_reference_images_mask',
	param: 'referenceImages.characterReferenceImagesMask',
	displayName: 'Character Reference Mask',
	description: 'Optional grayscale mask of the character in the reference image, the same size as it.',
	multiple: true,
	maxCount: 1,
	sameSizeAs: 'character_reference_images',
	allowUrl: true,
};

/** The input image of the v1 endpoints that name it image_file (Legacy, Ideogram 4 Describe). */
export const IMAGE_FILE_SLOT: FileSlotSpec = { ...IMAGE_SLOT, wire: 'image_file' };

export const STYLE_REFERENCES = [STYLE_REFERENCE_SLOT];
export const ALL_REFERENCES = [STYLE_REFERENCE_SLOT, CHARACTER_REFERENCE_SLOT, CHARACTER_MASK_SLOT];

/** The optional reference-image slots of an operation, under one "Reference Images" collection. */
export const referenceImagesProperty = (slots: FileSlotSpec[]): INodeProperties =>
	fileSlotCollection(
		{
			name: 'referenceImages',
			displayName: 'Reference Images',
			placeholder: 'Add Reference Image',
			description: 'Images that guide the style or the character of the result',
		},
		slots,
	);

export const RESOLUTION_OR_ASPECT_RATIO: ExclusiveRule = {
	fields: ['resolution', 'aspect_ratio'],
	fix: 'Keep either Resolution (exact size) or Aspect Ratio (shape), and remove the other.',
};
export const STYLE_CODES_OR_STYLE_TYPE: ExclusiveRule = {
	fields: ['style_codes', 'style_type'],
	fix: 'Style codes already fix the style: remove Style Type, or remove Style Codes.',
};
export const ONE_COLOR_PALETTE: ExclusiveRule = {
	fields: ['color_palette.name', 'color_palette.members'],
	fix: 'Use either a preset Color Palette or a Custom Color Palette, not both.',
};

/** Ideogram's concurrency limit counts images, so a request holds as many slots as it asks images. */
export const imagesRequested = (body: IDataObject) => Number(body.num_images ?? 1);

/**
 * The models of v2 Reframe that take an aspect ratio in place of a resolution (resources/imageV2/
 * models.ts holds them, and a unit test holds this list to that table). Here because Reframe's
 * Resolution is one property shared with 3.0's Reframe (description/properties.ts, mergeCopies):
 * both must carry the same condition. 3.0's nodes have no Model parameter, so it never hides there.
 */
export const REFRAME_BY_ASPECT_RATIO = ['auto', 'bria-expand', 'gpt-image-2-5-flare', 'nano-banana-2', 'nano-banana-pro'] as const;

/** Reframe's required Resolution, hidden (and so not asked for) for the models that take an aspect ratio instead. */
export const REFRAME_RESOLUTION: FieldSpec = { ...FIELDS.resolution, hide: { model: [...REFRAME_BY_ASPECT_RATIO] } };
