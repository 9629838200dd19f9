import type { IDataObject } from 'n8n-workflow';

import { fileSlotProperties } from '../../description/fileSlots';
import { talksToIdeogram } from '../../description/providers';
import { FIELDS } from '../../description/fields';
import type { OperationDefinition } from '../../description/operation';
import {
	ALL_REFERENCES,
	IMAGE_SLOT,
	imagesRequested,
	MASK_SLOT,
	ONE_COLOR_PALETTE,
	referenceImagesProperty,
	STYLE_CODES_OR_STYLE_TYPE,
} from '../common/imageParts';

/** Ideogram's current name for masked editing. */
export const INPAINT_PATH = '/v1/ideogram-v3/inpaint';
/** The older name: still served by Ideogram as an alias, and the only one resellers document and route. */
export const EDIT_ALIAS_PATH = '/v1/ideogram-v3/edit';

/**
 * The path follows the credential: Ideogram itself (talksToIdeogram, description/providers.ts) gets
 * /inpaint, because Ideogram has announced that /edit will be
 * removed; every reseller gets /edit, because their gateways route only the paths they document
 * and none documents /inpaint. The body is identical on both.
 *
 * Decided per item in runtime/runItem.ts (OperationDefinition.pathFor), not by a `$credentials`
 * expression in the routing URL: n8n 1.x evaluates an operation option's routing without
 * `$credentials`, so such an expression sent every 1.x Edit to the bare base URL.
 */
export function editPath(credentials: IDataObject): string {
	return talksToIdeogram(credentials) ? INPAINT_PATH : EDIT_ALIAS_PATH;
}

export const edit: OperationDefinition = {
	resource: 'image',
	value: 'edit',
	name: 'Edit',
	action: 'Edit part of an image with a mask',
	description: 'Regenerate the black area of a mask on the input image, following the prompt (inpainting)',
	path: INPAINT_PATH,
	pathFor: editPath,
	encoding: 'multipart',
	required: [FIELDS.prompt],
	optional: [
		FIELDS.colorPaletteName,
		FIELDS.colorPaletteMembers,
		FIELDS.customModelUri,
		FIELDS.magicPrompt,
		FIELDS.numImages,
		FIELDS.renderingSpeed,
		FIELDS.seed,
		FIELDS.styleCodes,
		FIELDS.stylePreset,
		FIELDS.styleType,
	],
	exclusive: [STYLE_CODES_OR_STYLE_TYPE, ONE_COLOR_PALETTE],
	extraProperties: [...fileSlotProperties([IMAGE_SLOT, MASK_SLOT]), referenceImagesProperty(ALL_REFERENCES)],
	files: [IMAGE_SLOT, MASK_SLOT, ...ALL_REFERENCES],
	output: { kind: 'images' },
	imagesInFlight: imagesRequested,
};
