import type { IDataObject, IExecuteSingleFunctions } from 'n8n-workflow';

import type { OperationDefinition } from '../../description/operation';
import { jsonPromptChosen, promptTypeProperties, readJsonPrompt } from '../common/jsonPromptEditor';
import { V4_V1_FIELDS } from './fields';

/** v1 takes the JSON prompt as an object in `json_prompt`, in place of `text_prompt`. */
function fillJsonPrompt(this: IExecuteSingleFunctions, body: IDataObject): void {
	if (jsonPromptChosen(this)) body.json_prompt = readJsonPrompt(this) as unknown as IDataObject;
}

/** Ideogram 4 Generate on v1: one image per request, from a text prompt or a JSON prompt. */
export const generateV4: OperationDefinition = {
	resource: 'ideogram4',
	value: 'generate',
	name: 'Generate',
	action: 'Generate an image with Ideogram 4',
	description: 'Create one image with Ideogram 4 from a text prompt (Ideogram expands it) or a JSON prompt (used as it is)',
	path: '/v1/ideogram-v4/generate',
	officialOnly: { api: 'Ideogram 4 on v1', instead: 'the resource "Image (Ideogram 3.0, v1 API)" → Generate' },
	// The spec takes JSON or multipart; JSON carries json_prompt as the object it is.
	encoding: 'json',
	required: [V4_V1_FIELDS.prompt],
	optional: [
		V4_V1_FIELDS.customModelUri,
		V4_V1_FIELDS.enableCopyrightDetection,
		V4_V1_FIELDS.renderingSpeed,
		V4_V1_FIELDS.resolution,
		V4_V1_FIELDS.seed,
	],
	fillBody: fillJsonPrompt,
	extraProperties: promptTypeProperties(),
	output: { kind: 'images' },
	imagesInFlight: () => 1,
};
