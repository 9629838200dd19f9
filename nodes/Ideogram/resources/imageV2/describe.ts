import { fileSlotProperties } from '../../description/fileSlots';
import type { OperationDefinition } from '../../description/operation';
import { V2_FIELDS } from '../../description/v2Fields';
import { describeOptions } from '../../description/options';
import { imageSlot } from './files';
import { DESCRIBE_MODELS, modelFiles, modelProperties, modelRouting, modelRule } from './models';

const DEFAULT_MODEL = 'ideogram-4';

const IMAGE = imageSlot(10);

export const describeImage: OperationDefinition = {
	resource: 'imageV2',
	value: 'describe',
	name: 'Describe',
	action: 'Describe an image',
	description: 'Get a JSON prompt (Ideogram 4) or text descriptions (Ideogram 3) of any image',
	...modelRouting('image/describe', DESCRIBE_MODELS, DEFAULT_MODEL, 'the resource "Legacy Image (v1 API)" → Describe'),
	encoding: 'multipart',
	required: [],
	optional: [V2_FIELDS.includeBbox, V2_FIELDS.includeStyleDescriptions, V2_FIELDS.includeTags],
	rules: [modelRule(DESCRIBE_MODELS)],
	extraProperties: [...modelProperties(DESCRIBE_MODELS, DEFAULT_MODEL), ...fileSlotProperties([IMAGE])],
	files: modelFiles(DESCRIBE_MODELS, [IMAGE], DEFAULT_MODEL),
	output: { kind: 'describe' },
	options: describeOptions,
	imagesInFlight: () => 1,
};
