import type { FileSlotSpec } from '../../description/fileSlots';
import { CHARACTER_REFERENCE_SLOT, IMAGE_SLOT, MASK_SLOT, STYLE_REFERENCE_SLOT } from '../common/imageParts';

/**
 * The input files of the v2 operations: the 3.0 slots with v2's upload limits, which the spec gives
 * per endpoint (and, for the image, per operation: 10 MB to describe, 25 MB to reframe, 50 MB to
 * remix). The spec has no total for a reference set on v2, only a size per file.
 */
const MB = 1024 * 1024;

/** The image to work on, with the operation's limit in its description. */
export const imageSlot = (megabytes: number): FileSlotSpec => ({
	...IMAGE_SLOT,
	description: `The input image: JPEG, PNG or WebP, up to ${megabytes} MB.`,
	maxBytes: megabytes * MB,
});

export const STYLE_REFERENCES_V2: FileSlotSpec = {
	...STYLE_REFERENCE_SLOT,
	description: 'Images whose look the result should take on: up to 10, 25 MB each. Cannot be combined with Style Codes or a Style Preset.',
	maxBytes: 25 * MB,
	maxTotalBytes: undefined,
	maxCount: 10,
	notWith: ['style_codes', 'style_preset'],
};
export const CHARACTER_REFERENCE_V2: FileSlotSpec = { ...CHARACTER_REFERENCE_SLOT, maxBytes: 25 * MB, maxTotalBytes: undefined };

/** Remix's character mask: v2 names it character_reference_mask and takes one file (v1: ..._images_mask). */
export const CHARACTER_MASK_V2: FileSlotSpec = {
	wire: 'character_reference_mask',
	param: 'referenceImages.characterReferenceMask',
	displayName: 'Character Reference Mask',
	description: 'Optional grayscale mask of where the character is in the reference image, the same size as it.',
	sameSizeAs: 'character_reference_images',
	allowUrl: true,
	maxBytes: 25 * MB,
};

/** Edit's mask: needed by Ideogram 3 (modelFiles asks for it), optional for Ideogram 4.5, so no default name. */
export const editMask = (megabytes: number): FileSlotSpec => ({
	...MASK_SLOT,
	description: `${MASK_SLOT.description} Up to ${megabytes} MB.`,
	required: false,
	default: undefined,
	maxBytes: megabytes * MB,
});

/** Ideogram 4.5's guide images: never edited themselves. A mask takes one of the four places (rule in edit.ts). */
export const GUIDE_IMAGES: FileSlotSpec = {
	wire: 'reference_images',
	param: 'referenceImages.guideImages',
	displayName: 'Guide Images',
	description: 'Images the edit should draw on (Ideogram 4.5): up to 4, or 3 with a mask, 50 MB each.',
	multiple: true,
	maxCount: 4,
	maxBytes: 50 * MB,
	allowUrl: true,
};

/**
 * The images GPT Image and Nano Banana edit on Generate (their spec's `images`): with them the prompt
 * is an edit instruction, without them the model generates from the prompt alone. GPT Image takes
 * up to 16, Nano Banana up to 10 (sourceImagesFor).
 */
export const SOURCE_IMAGES: FileSlotSpec = {
	wire: 'images',
	param: 'referenceImages.sourceImages',
	displayName: 'Source Images',
	description:
		'GPT Image and Nano Banana only: images to edit with the prompt, up to 16 (Nano Banana: 10), 25 MB each. Left empty, the model generates from the prompt alone.',
	multiple: true,
	maxCount: 16,
	maxBytes: 25 * MB,
	allowUrl: true,
};

/** Nano Banana's limit on source images (its spec's maxItems). */
export const NANO_BANANA_SOURCE_IMAGES: FileSlotSpec = { ...SOURCE_IMAGES, maxCount: 10 };

/**
 * GPT Image 2.5's mask for the first source image. Not `sameSizeAs`: that pairs files one to one,
 * and this one mask goes with the first of up to 16 images (Ideogram checks its size).
 */
export const SOURCE_MASK: FileSlotSpec = {
	wire: 'mask',
	param: 'referenceImages.sourceMask',
	displayName: 'Source Mask',
	description:
		'GPT Image 2.5 Flare and Sunburst only: a mask for the first source image, the same size as it: fully transparent pixels mark the areas to edit. Needs Source Images. Up to 25 MB.',
	allowUrl: true,
	maxBytes: 25 * MB,
};
