import { fileSlotProperties } from '../../description/fileSlots';
import { FIELDS } from '../../description/fields';
import type { OperationDefinition } from '../../description/operation';
import { V2_FIELDS } from '../../description/v2Fields';
import { imagesRequested, ONE_COLOR_PALETTE, referenceImagesProperty } from '../common/imageParts';
import { imageSlot, STYLE_REFERENCES_V2 } from './files';
import { modelFiles, modelProperties, modelRouting, modelRule, REFRAME_MODELS, STYLE_PRESET_OR_CODES } from './models';

const DEFAULT_MODEL = 'ideogram-3';

const IMAGE = imageSlot(25);

export const reframe: OperationDefinition = {
	resource: 'imageV2',
	value: 'reframe',
	name: 'Reframe',
	action: 'Extend an image to a new size',
	description: 'Outpaint an image to the chosen resolution; takes no prompt',
	...modelRouting('image/reframe', REFRAME_MODELS, DEFAULT_MODEL, 'the resource "Image (Ideogram 3.0, v1 API)" → Reframe'),
	quotable: true,
	// Sent as a job and polled (runtime/jobs.ts), as Generate is; the endpoint takes `async`.
	job: { kind: 'submit', asyncField: true },
	encoding: 'multipart',
	// Ideogram 3's 69 sizes, the values of 3.0's Reframe: the same field.
	required: [FIELDS.resolution],
	optional: [
		V2_FIELDS.colorPaletteName,
		V2_FIELDS.colorPaletteMembers,
		V2_FIELDS.numImages,
		V2_FIELDS.renderingSpeed,
		V2_FIELDS.seed,
		V2_FIELDS.styleCodes,
		V2_FIELDS.stylePreset,
	],
	exclusive: [STYLE_PRESET_OR_CODES, ONE_COLOR_PALETTE],
	rules: [modelRule(REFRAME_MODELS)],
	extraProperties: [
		...modelProperties(REFRAME_MODELS, DEFAULT_MODEL),
		...fileSlotProperties([IMAGE]),
		referenceImagesProperty([STYLE_REFERENCES_V2]),
	],
	files: modelFiles(REFRAME_MODELS, [IMAGE, STYLE_REFERENCES_V2], DEFAULT_MODEL),
	output: { kind: 'images' },
	imagesInFlight: imagesRequested,
};
