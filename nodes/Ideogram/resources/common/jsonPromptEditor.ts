import { NodeOperationError, type IExecuteSingleFunctions, type INodeProperties } from 'n8n-workflow';

import { PROMPT_TYPE } from '../../description/fields';
import { checkJsonPrompt, jsonPromptMessage, type JsonPromptProblem, type V4JsonPrompt } from '../../description/jsonPrompt';

/**
 * Ideogram 4's JSON prompts, as every operation that takes one shows and reads them: a Prompt Type
 * choice, a JSON editor, and the checked prompt (description/jsonPrompt.ts holds the rules). Where
 * the prompt goes in the body is each operation's own (v2 Generate: serialized into `prompt`;
 * Ideogram 4 on v1: an object in `json_prompt`).
 */

export const JSON_PROMPT_PARAM = 'jsonPrompt';
const JSON_PROMPT_LABEL = 'JSON Prompt';

/** A skeleton to fill in; left as it is, its empty descriptions are refused with the field named. */
const SKELETON = JSON.stringify(
	{
		high_level_description: '',
		style_description: { medium: '' },
		compositional_deconstruction: {
			background: '',
			elements: [{ type: 'obj', desc: '', bbox: [0, 0, 1000, 1000] }],
		},
	},
	null,
	2,
);

/**
 * Prompt Type and the JSON editor; with `models` (model slugs, and "other" for a typed-in slug),
 * shown only for those, else (an endpoint of Ideogram 4 alone) always. Every text prompt hides
 * while it is JSON (FIELDS.prompt).
 */
export function promptTypeProperties(models?: readonly string[]): INodeProperties[] {
	const forModels = models ? { model: [...models] } : {};
	return [
		{
			displayName: 'Prompt Type',
			name: PROMPT_TYPE,
			type: 'options',
			noDataExpression: true,
			default: 'text',
			options: [
				{ name: 'Text', value: 'text', description: 'A prompt in words' },
				{
					name: 'JSON',
					value: 'json',
					description: 'A structured Ideogram 4 prompt: description, style, and each element with its place, e.g. from Describe or Magic Prompt',
				},
			],
			...(models ? { displayOptions: { show: forModels } } : {}),
		},
		{
			displayName: 'JSON Prompt',
			name: JSON_PROMPT_PARAM,
			type: 'json',
			default: SKELETON,
			required: true,
			description:
				'Ideogram 4’s structured prompt: high_level_description, compositional_deconstruction (background, and elements of type "obj" or "text", each with an optional bbox [y_min, x_min, y_max, x_max] from 0 to 1000), and optional style_description. Checked before sending.',
			hint: 'From Describe or Magic Prompt (Ideogram 4), map {{ $json.json_prompt }}',
			displayOptions: { show: { ...forModels, [PROMPT_TYPE]: ['json'] } },
		},
	];
}

export function refusal(ctx: IExecuteSingleFunctions, problem: JsonPromptProblem): NodeOperationError {
	return new NodeOperationError(ctx.getNode(), jsonPromptMessage(JSON_PROMPT_LABEL, problem), {
		itemIndex: ctx.getItemIndex(),
		description: problem.fix,
	});
}

/** Whether this item's Prompt Type is JSON. */
export const jsonPromptChosen = (ctx: IExecuteSingleFunctions): boolean => ctx.getNodeParameter(PROMPT_TYPE, 'text') === 'json';

/** This item's JSON prompt, checked: from the JSON editor (text) or an expression (an object or JSON text). */
export function readJsonPrompt(ctx: IExecuteSingleFunctions): V4JsonPrompt {
	const checked = checkJsonPrompt(ctx.getNodeParameter(JSON_PROMPT_PARAM, ''));
	if ('problem' in checked) throw refusal(ctx, checked.problem);
	return checked.prompt;
}
