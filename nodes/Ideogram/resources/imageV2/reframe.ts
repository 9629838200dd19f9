import { fileSlotProperties } from '../../description/fileSlots';
import type { BodyRule, OperationDefinition } from '../../description/operation';
import { V2_FIELDS } from '../../description/v2Fields';
import { imagesRequested, ONE_COLOR_PALETTE, REFRAME_BY_ASPECT_RATIO, REFRAME_RESOLUTION, referenceImagesProperty } from '../common/imageParts';
import { imageSlot, STYLE_REFERENCES_V2 } from './files';
import { modelFiles, modelProperties, modelRouting, modelRule, modelWire, REFRAME_MODELS, STYLE_PRESET_OR_CODES } from './models';

const DEFAULT_MODEL = 'ideogram-3';

/** Ideogram 3 takes images up to 25 MB to reframe, the partner models up to 50 MB (their specs). */
const IMAGE = imageSlot(25);
const PARTNER_IMAGE = imageSlot(50);

const byRatio = (model?: string) => (REFRAME_BY_ASPECT_RATIO as readonly string[]).includes(model ?? '');

/** The partner models' aspect_ratio is a width:height ratio (its spec's pattern): no "auto", Aspect Ratio's default. */
const ratioNotAuto: BodyRule = (fields, model) =>
	byRatio(model) && fields.aspect_ratio === 'auto'
		? { field: 'aspect_ratio', problem: `"auto" is not a ratio to reframe to (${String(model)})`, fix: 'Pick the shape to reframe the image to, such as 16:9.' }
		: undefined;

export const reframe: OperationDefinition = {
	resource: 'imageV2',
	value: 'reframe',
	name: 'Reframe',
	action: 'Extend an image to a new size',
	description: 'Outpaint an image to the chosen resolution; takes no prompt',
	...modelRouting('image/reframe', REFRAME_MODELS, DEFAULT_MODEL, 'the resource "Image (Ideogram 3.0, v1 API)" → Reframe'),
	quotable: true,
	// Sent as a job and polled (runtime/jobs.ts), as Generate is; Ideogram 3's endpoint takes `async`,
	// the partner models' are jobs always and have no such field.
	job: { kind: 'submit', asyncField: true, noAsyncModels: REFRAME_BY_ASPECT_RATIO },
	encoding: 'multipart',
	// Ideogram 3's 69 sizes, the values of 3.0's Reframe: the same field. The partner models take
	// Aspect Ratio instead (Additional Fields, needed by them), and Resolution is hidden for them.
	required: [REFRAME_RESOLUTION],
	optional: [
		V2_FIELDS.aspectRatio,
		V2_FIELDS.colorPaletteName,
		V2_FIELDS.colorPaletteMembers,
		V2_FIELDS.numImages,
		V2_FIELDS.private,
		V2_FIELDS.modelQuality,
		V2_FIELDS.renderingSpeed,
		V2_FIELDS.resolutionTier,
		V2_FIELDS.seed,
		V2_FIELDS.styleCodes,
		V2_FIELDS.stylePreset,
	],
	exclusive: [STYLE_PRESET_OR_CODES, ONE_COLOR_PALETTE],
	rules: [modelRule(REFRAME_MODELS), ratioNotAuto],
	modelWire: modelWire(REFRAME_MODELS),
	extraProperties: [
		...modelProperties(REFRAME_MODELS, DEFAULT_MODEL),
		...fileSlotProperties([IMAGE]),
		referenceImagesProperty([STYLE_REFERENCES_V2]),
	],
	files: modelFiles(REFRAME_MODELS, [IMAGE, STYLE_REFERENCES_V2], DEFAULT_MODEL, (model) =>
		byRatio(model?.slug) ? [PARTNER_IMAGE, STYLE_REFERENCES_V2] : [IMAGE, STYLE_REFERENCES_V2],
	),
	output: { kind: 'images' },
	imagesInFlight: imagesRequested,
};
