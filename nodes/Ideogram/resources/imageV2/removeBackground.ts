import { fileSlotProperties } from '../../description/fileSlots';
import type { OperationDefinition } from '../../description/operation';
import { V2_FIELDS } from '../../description/v2Fields';
import { imageSlot } from './files';
import { modelFiles, modelProperties, modelRouting, modelRule, REMOVE_BACKGROUND_MODELS } from './models';

const DEFAULT_MODEL = 'ideogram-1';

const IMAGE = imageSlot(25);

export const removeBackground: OperationDefinition = {
	resource: 'imageV2',
	value: 'removeBackground',
	name: 'Remove Background',
	action: 'Remove the background of an image',
	description: 'Cut out the main subject: one PNG with a transparent background',
	...modelRouting('image/remove-background', REMOVE_BACKGROUND_MODELS, DEFAULT_MODEL, 'the resource "Image (Ideogram 3.0, v1 API)" → Remove Background'),
	quotable: true,
	// Sent as a job and polled (runtime/jobs.ts), as Generate is; the endpoint takes `async`.
	job: { kind: 'submit', asyncField: true },
	encoding: 'multipart',
	required: [],
	optional: [V2_FIELDS.private],
	rules: [modelRule(REMOVE_BACKGROUND_MODELS)],
	extraProperties: [...modelProperties(REMOVE_BACKGROUND_MODELS, DEFAULT_MODEL), ...fileSlotProperties([IMAGE])],
	files: modelFiles(REMOVE_BACKGROUND_MODELS, [IMAGE], DEFAULT_MODEL),
	output: { kind: 'images' },
	imagesInFlight: () => 1,
};
