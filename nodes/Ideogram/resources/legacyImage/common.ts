import type { IDataObject } from 'n8n-workflow';

import { getPath } from '../../description/objectPath';
import type { FileSlotSpec } from '../../description/fileSlots';
import { LEGACY_EDIT_MODELS, modelLabel } from '../../description/legacyFields';
import type { BodyRule } from '../../description/operation';
import { IMAGE_FILE_SLOT, MASK_SLOT } from '../common/imageParts';

// What the legacy operations share: the model-dependent rules of Ideogram's legacy schema and the
// input file slots (the 3.0 slots under the legacy part names).
export { IMAGE_FILE_SLOT };
//
// The rules are checked before sending, so the user gets the fix instead of a 400 (and, on
// resellers, possibly a charge). The server's default model is V_2, so an unset model counts as V_2.

const modelOf = (fields: IDataObject) => String(fields.model ?? 'V_2');

const NO_STYLE_TYPE = ['V_1', 'V_1_TURBO'];
const NEGATIVE_PROMPT_MODELS = ['V_1', 'V_1_TURBO', 'V_2', 'V_2_TURBO'];
const NO_COLOR_PALETTE = ['V_1', 'V_1_TURBO', 'V_2A', 'V_2A_TURBO'];

/** style_type only with V_2 and later. */
export const styleTypeNeedsV2: BodyRule = (fields) => {
	const model = modelOf(fields);
	if (fields.style_type === undefined || !NO_STYLE_TYPE.includes(model)) return undefined;
	return {
		field: 'style_type',
		problem: `is not available with Model ${modelLabel(model)}`,
		fix: 'Ideogram 1.0 has no style types. Remove Style Type, or choose Model Ideogram 2.0, 2.0 Turbo, 2a or 2a Turbo.',
	};
};

/** negative_prompt only with V_1, V_1_TURBO, V_2 and V_2_TURBO. */
export const negativePromptModels: BodyRule = (fields) => {
	const model = modelOf(fields);
	if (fields.negative_prompt === undefined || NEGATIVE_PROMPT_MODELS.includes(model)) return undefined;
	return {
		field: 'negative_prompt',
		problem: `is not available with Model ${modelLabel(model)}`,
		fix: 'Remove Negative Prompt (say what you want in the prompt instead), or choose Model Ideogram 1.0, 1.0 Turbo, 2.0 or 2.0 Turbo.',
	};
};

/** color_palette not with V_1, V_1_TURBO, V_2A and V_2A_TURBO. */
export const colorPaletteModels: BodyRule = (fields) => {
	const model = modelOf(fields);
	const palette = fields.color_palette as IDataObject | undefined;
	if (palette === undefined || !NO_COLOR_PALETTE.includes(model)) return undefined;
	return {
		field: palette.members !== undefined ? 'color_palette.members' : 'color_palette.name',
		problem: `is not available with Model ${modelLabel(model)}`,
		fix: 'Only Ideogram 2.0 takes a color palette. Remove the palette, or choose Model Ideogram 2.0 or 2.0 Turbo.',
	};
};

/** /edit works only with V_2 and V_2_TURBO. */
export const editModels: BodyRule = (fields) => {
	const model = modelOf(fields);
	if ((LEGACY_EDIT_MODELS as readonly string[]).includes(model)) return undefined;
	return {
		field: 'model',
		problem: `${modelLabel(model)} cannot edit images`,
		fix: 'Legacy Edit works only with Ideogram 2.0 (V_2) and Ideogram 2.0 Turbo (V_2_TURBO): choose one of those, or use Edit in the Image resource (Ideogram 3.0).',
	};
};


/** Legacy Edit's mask, paired with image_file. */
export const LEGACY_MASK_SLOT: FileSlotSpec = { ...MASK_SLOT, sameSizeAs: 'image_file' };

/** Images in flight for the endpoints that nest their fields in image_request (flat ones use imagesRequested). */
export const imageRequestCount = (body: IDataObject) => Number(getPath(body, 'image_request.num_images') ?? 1);
