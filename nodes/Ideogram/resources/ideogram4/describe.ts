import { fileSlotProperties, type FileSlotSpec } from '../../description/fileSlots';
import type { OperationDefinition } from '../../description/operation';
import { describeOptions } from '../../description/options';
import { IMAGE_FILE_SLOT } from '../common/imageParts';
import { V4_V1_FIELDS } from './fields';

/** DescribeRequestV4 takes images up to 25 MB (the v1 Describe of older models: 10 MB). */
const IMAGE: FileSlotSpec = { ...IMAGE_FILE_SLOT, maxBytes: 25 * 1024 * 1024, description: 'The image to describe: JPEG, PNG or WebP, up to 25 MB.' };

/** Ideogram 4's Describe: an image as a JSON prompt, which Generate takes to make the same layout again. */
export const describeV4: OperationDefinition = {
	resource: 'ideogram4',
	value: 'describe',
	name: 'Describe',
	action: 'Describe an image as a JSON prompt',
	description: 'Get an Ideogram 4 JSON prompt of an image (elements, their boxes and text) to edit and generate variants from',
	path: '/v1/ideogram-v4/describe',
	officialOnly: { api: 'Ideogram 4 on v1', instead: 'the resource "Legacy Image (v1 API)" → Describe, which describes in words' },
	encoding: 'multipart',
	required: [],
	optional: [V4_V1_FIELDS.includeBbox, V4_V1_FIELDS.includeStyleDescriptions, V4_V1_FIELDS.includeTags],
	extraProperties: fileSlotProperties([IMAGE]),
	files: [IMAGE],
	output: { kind: 'jsonPrompt', keepInputFiles: true },
	options: describeOptions,
	imagesInFlight: () => 1,
};
