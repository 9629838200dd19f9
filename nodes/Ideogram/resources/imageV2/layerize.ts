import { fileSlotProperties } from '../../description/fileSlots';
import type { OperationDefinition } from '../../description/operation';
import { V2_FIELDS } from '../../description/v2Fields';
import { imageSlot } from './files';
import { LAYERIZE_MODELS, modelFiles, modelProperties, modelRouting, modelRule } from './models';

const DEFAULT_MODEL = 'ideogram-3';

const IMAGE = imageSlot(50);

export const layerize: OperationDefinition = {
	resource: 'imageV2',
	value: 'layerize',
	name: 'Layerize',
	action: 'Separate the text from an image',
	description: 'Get the image without its text, plus each text block with its position, font and color',
	...modelRouting('design/layerize', LAYERIZE_MODELS, DEFAULT_MODEL, 'the resource "Image (Ideogram 3.0, v1 API)" → Layerize Text'),
	quotable: true,
	// A job like the image operations: its answer is read at GET /v2/generations/{id} too.
	job: { kind: 'submit', asyncField: true, webhook: true },
	encoding: 'multipart',
	required: [],
	optional: [V2_FIELDS.guidance, V2_FIELDS.private, V2_FIELDS.seed],
	rules: [modelRule(LAYERIZE_MODELS, { always: [] })],
	extraProperties: [...modelProperties(LAYERIZE_MODELS, DEFAULT_MODEL), ...fileSlotProperties([IMAGE])],
	files: modelFiles(LAYERIZE_MODELS, [IMAGE], DEFAULT_MODEL),
	output: { kind: 'layerizedDesign' },
	imagesInFlight: () => 1,
};
