import { NodeOperationError, type IDataObject, type IExecuteSingleFunctions } from 'n8n-workflow';

import { fileSlotProperties, slotLocation, sourceCount } from '../../description/fileSlots';
import type { OperationDefinition } from '../../description/operation';
import { V2_FIELDS } from '../../description/v2Fields';
import { imagesRequested, MASK_SLOT, referenceImagesProperty, STYLE_CODES_OR_STYLE_TYPE } from '../common/imageParts';
import { CHARACTER_MASK_V2, CHARACTER_REFERENCE_V2, editMask, GUIDE_IMAGES, imageSlot, STYLE_REFERENCES_V2 } from './files';
import { EDIT_MODELS, modelFiles, modelProperties, modelRouting, modelRule, STYLE_PRESET_OR_CODES } from './models';

const DEFAULT_MODEL = 'ideogram-4-5';

/**
 * One Edit with the model choosing the endpoint: Ideogram 4.5 is precise-edit (an instruction, a
 * mask optional), Ideogram 3 is inpaint (a mask needed). Both change part of one image after a
 * prompt and return it at its own size, so a user picks a model, not an API action. The slots shown
 * are the union; the limits are each endpoint's own (4.5: 50 MB, 3: 25 MB).
 */
const MASK_45 = editMask(50);
const SLOTS_45 = [imageSlot(50), MASK_45, GUIDE_IMAGES];
const SLOTS_3 = [imageSlot(25), editMask(25), STYLE_REFERENCES_V2];
/** Ideogram 3 Character's inpaint adds the character and its optional mask to Ideogram 3's slots. */
const SLOTS_3_CHARACTER = [...SLOTS_3, CHARACTER_REFERENCE_V2, CHARACTER_MASK_V2];
const REFERENCES = [STYLE_REFERENCES_V2, GUIDE_IMAGES, CHARACTER_REFERENCE_V2, CHARACTER_MASK_V2];
/** The inpaint models (Ideogram 3 and its Character and Custom Model) take Ideogram 3's slots; Ideogram 4.5 its own. */
const slotsOf = (slug: string | undefined) =>
	slug === 'ideogram-3-character' ? SLOTS_3_CHARACTER : slug === 'ideogram-3' || slug === 'ideogram-3-custom-model' ? SLOTS_3 : SLOTS_45;
const readFiles = modelFiles(EDIT_MODELS, [...SLOTS_45, STYLE_REFERENCES_V2, CHARACTER_REFERENCE_V2, CHARACTER_MASK_V2], DEFAULT_MODEL, (model) => slotsOf(model?.slug));

/** The region rules of the spec's context_window, checked where they need the mask (which is a file, not a field). */
const MIN_SIDE = 256;
const MAX_AREA = 4194304;
function contextWindowProblem(value: string, hasMask: boolean): string | undefined {
	if (value === 'auto') return hasMask ? undefined : '"auto" needs a mask to find the region around';
	if (value === 'none') return undefined;
	const [yMin, xMin, yMax, xMax] = value.split(',').map(Number);
	const [h, w] = [yMax - yMin, xMax - xMin];
	if (h < MIN_SIDE || w < MIN_SIDE) return `the region is ${Math.max(w, 0)}x${Math.max(h, 0)} pixels; each side must be at least ${MIN_SIDE}`;
	if (w / h > 6 || h / w > 6) return `the region is ${w}x${h} pixels, more than 6 times as long as it is wide`;
	if (w * h > MAX_AREA) return `the region is ${w}x${h} = ${w * h} pixels; at most ${MAX_AREA} (2048x2048)`;
	return undefined;
}

function editFiles(this: IExecuteSingleFunctions, body: IDataObject) {
	if (this.getNodeParameter('model', DEFAULT_MODEL) === 'ideogram-4-5') {
		const masks = sourceCount(MASK_45, this.getNodeParameter(MASK_45.param, ''));
		const guides = sourceCount(GUIDE_IMAGES, this.getNodeParameter(GUIDE_IMAGES.param, ''));
		if (masks && guides > 3) {
			throw new NodeOperationError(this.getNode(), `${slotLocation(GUIDE_IMAGES)} names ${guides} files, but with a mask Ideogram takes at most 3`, {
				itemIndex: this.getItemIndex(),
				description: 'The mask takes one of the four reference places: remove a guide image, or the mask.',
			});
		}
		const window = body.context_window;
		const problem = typeof window === 'string' ? contextWindowProblem(window, masks > 0) : undefined;
		if (problem) {
			throw new NodeOperationError(this.getNode(), `Additional Fields → Context Window: ${problem}`, {
				itemIndex: this.getItemIndex(),
				description: 'Use "none" to edit the whole image, "auto" with a mask, or a region y_min,x_min,y_max,x_max inside the image, at least 256 pixels a side, no longer than 6:1 and at most 2048x2048 in area.',
			});
		}
	}
	return readFiles.call(this);
}

export const edit: OperationDefinition = {
	resource: 'imageV2',
	value: 'edit',
	name: 'Edit',
	action: 'Edit part of an image with a prompt',
	description: 'Change an image by instruction (Ideogram 4.5, mask optional) or repaint the black area of a mask (Ideogram 3)',
	...modelRouting('image/edit', EDIT_MODELS, DEFAULT_MODEL, 'the resource "Image (Ideogram 3.0, v1 API)" → Edit'),
	quotable: true,
	// Sent as a job and polled (runtime/jobs.ts), as Generate is; the endpoint takes `async`. The
	// custom model's inpaint takes no webhook_url (the spec lists none).
	job: { kind: 'submit', asyncField: true, webhook: true, noWebhookModels: ['ideogram-3-custom-model'] },
	encoding: 'multipart',
	required: [V2_FIELDS.prompt],
	optional: [
		V2_FIELDS.contextWindow,
		V2_FIELDS.customModelUri,
		V2_FIELDS.enableCopyrightDetection,
		V2_FIELDS.magicPrompt,
		V2_FIELDS.numImages,
		V2_FIELDS.private,
		V2_FIELDS.quality,
		V2_FIELDS.renderingSpeed,
		V2_FIELDS.seed,
		V2_FIELDS.styleCodes,
		V2_FIELDS.stylePreset,
		V2_FIELDS.styleType,
	],
	exclusive: [STYLE_CODES_OR_STYLE_TYPE, STYLE_PRESET_OR_CODES],
	rules: [modelRule(EDIT_MODELS)],
	extraProperties: [
		...modelProperties(EDIT_MODELS, DEFAULT_MODEL),
		// One Image and one Mask box for both models, so their descriptions give both limits.
		...fileSlotProperties([
			{ ...SLOTS_45[0], description: 'The image to edit: JPEG, PNG or WebP, up to 50 MB (Ideogram 3: 25 MB).' },
			{ ...MASK_45, description: `${MASK_SLOT.description} Needed by Ideogram 3; optional for Ideogram 4.5, where it limits the edit.` },
		]),
		referenceImagesProperty(REFERENCES),
	],
	files: editFiles,
	output: { kind: 'images' },
	imagesInFlight: imagesRequested,
};
