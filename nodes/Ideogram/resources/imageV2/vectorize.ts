import { fileSlotProperties } from '../../description/fileSlots';
import type { OperationDefinition } from '../../description/operation';
import { V2_FIELDS } from '../../description/v2Fields';
import { imageSlot } from './files';

const IMAGE = imageSlot(50);

/**
 * Ideogram's vectorizer: a raster image in, an SVG out (as a binary file, image/svg+xml). It runs
 * only as a job (no `async` field; it answers with a generation id at once), like Remove Object.
 */
export const vectorize: OperationDefinition = {
	resource: 'imageV2',
	value: 'vectorize',
	name: 'Vectorize',
	action: 'Convert an image to SVG',
	description: 'Trace an image into an SVG vector file',
	path: '/v2/tool/vectorizer',
	officialOnly: {},
	quotable: true,
	job: { kind: 'submit', webhook: true },
	encoding: 'multipart',
	required: [],
	optional: [V2_FIELDS.private],
	extraProperties: fileSlotProperties([IMAGE]),
	files: [IMAGE],
	output: { kind: 'svg' },
	imagesInFlight: () => 1,
};
