import { describeOptions } from '../../description/options';
import type { OperationDefinition } from '../../description/operation';
import { V4_V1_FIELDS } from './fields';

/** Ideogram 4's Magic Prompt: a text prompt expanded into a JSON prompt, for Generate to take as it is or edited. */
export const magicPrompt: OperationDefinition = {
	resource: 'ideogram4',
	value: 'magicPrompt',
	name: 'Magic Prompt',
	action: 'Expand a text prompt into a JSON prompt',
	description: 'Turn a short text prompt into a detailed Ideogram 4 JSON prompt (and an aspect ratio) to edit or generate from',
	path: '/v1/ideogram-v4/magic-prompt',
	officialOnly: { api: 'Ideogram 4 on v1', instead: 'the resource "Image (Ideogram 3.0, v1 API)" → Generate with Magic Prompt on' },
	encoding: 'json',
	required: [V4_V1_FIELDS.prompt],
	optional: [V4_V1_FIELDS.aspectRatio],
	output: { kind: 'jsonPrompt', keepInputFiles: false },
	// No input files to pass through, so only the request options.
	options: describeOptions.filter((option) => option.name !== 'passThroughBinary'),
	imagesInFlight: () => 1,
};
