import type { INodeProperties } from 'n8n-workflow';

import { fileSlotProperties, readFileSlots } from '../../input/files';
import { toDescribeItems } from '../../output/describeItems';
import { LEGACY_FIELDS } from '../../description/legacyFields';
import { outputOptions, type OperationDefinition } from '../../description/operation';
import { IMAGE_FILE_SLOT } from './common';

/** Describe makes no images, so the options about downloading them do not apply. */
const IMAGE_OUTPUT_OPTIONS = ['downloadImages', 'binaryPropertyOutput'];

export const describeOptions: INodeProperties[] = [
	{
		displayName: 'Pass Through Input Files',
		name: 'passThroughBinary',
		type: 'boolean',
		default: true,
		description:
			"Whether the output item keeps the input item's binary data (the described image), so a later node can post or store the same file with its description",
	},
	...outputOptions.filter((option) => !IMAGE_OUTPUT_OPTIONS.includes(option.name)),
];

export const describeImage: OperationDefinition = {
	resource: 'legacyImage',
	value: 'describe',
	name: 'Describe',
	action: 'Describe an image in words',
	description: 'Get text descriptions of any image, e.g. for captions, alt text or prompts',
	path: '/describe',
	encoding: 'multipart',
	// Only the image up front; Ideogram describes with V_3 unless told otherwise.
	required: [],
	optional: [LEGACY_FIELDS.describeModelVersion],
	extraProperties: fileSlotProperties([IMAGE_FILE_SLOT]),
	inputFiles: readFileSlots([IMAGE_FILE_SLOT]),
	output: toDescribeItems,
	options: describeOptions,
	imagesInFlight: () => 1,
};
