import { NodeOperationError, type IDataObject, type IExecuteSingleFunctions, type INodeProperties } from 'n8n-workflow';

import { PROMPT_TYPE } from '../../description/fields';
import { checkJsonPrompt, jsonPromptMessage, serializeJsonPrompt, type JsonPromptProblem, type V4JsonPrompt } from '../../description/jsonPrompt';
import { GENERATE_MODELS, modelSlug, OTHER_MODEL } from './models';

/**
 * Ideogram 4's JSON prompts on v2 Generate: a Prompt Type choice, a JSON editor, and the hook that
 * checks the JSON and puts it, serialized, into `prompt` (v2 types `prompt` as a string that holds
 * text or a JSON prompt). The text prompt path is untouched: with Prompt Type "Text" (the default,
 * and the only choice for the other models) none of this runs.
 */

/** The Generate models whose `prompt` the spec says may be "a structured Ideogram 4.0 JSON prompt". */
export const JSON_PROMPT_MODELS = ['ideogram-4-5', 'ideogram-4', 'ideogram-4-transparent'] as const;

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
 * Prompt Type and the JSON editor; with `models`, shown only for those models (and a typed-in slug),
 * else (an endpoint of Ideogram 4 alone) always. Every text prompt hides while it is JSON (FIELDS.prompt).
 */
export function promptTypeProperties(models?: readonly string[]): INodeProperties[] {
	const forModels = models ? { model: [...models, OTHER_MODEL] } : {};
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

function refusal(ctx: IExecuteSingleFunctions, problem: JsonPromptProblem): NodeOperationError {
	return new NodeOperationError(ctx.getNode(), jsonPromptMessage(JSON_PROMPT_LABEL, problem), {
		itemIndex: ctx.getItemIndex(),
		description: problem.fix,
	});
}

/**
 * Whether this item uses a JSON prompt. With `models` (and the operation's default model), one of
 * the listed models that takes none is refused.
 */
export function usesJsonPrompt(ctx: IExecuteSingleFunctions, models?: readonly string[], defaultModel = ''): boolean {
	if (ctx.getNodeParameter(PROMPT_TYPE, 'text') !== 'json') return false;
	if (!models) return true;
	const slug = modelSlug(ctx, defaultModel);
	const model = GENERATE_MODELS.find((m) => m.slug === slug);
	if (model && !models.includes(slug)) {
		const takers = GENERATE_MODELS.filter((m) => models.includes(m.slug)).map((m) => m.name);
		throw new NodeOperationError(ctx.getNode(), `${model.name} (${model.slug}) takes no JSON prompt`, {
			itemIndex: ctx.getItemIndex(),
			description: `Set Prompt Type to Text, or pick a model that takes JSON prompts: ${takers.join(', ')}.`,
		});
	}
	return true;
}

/** This item's JSON prompt, checked: from the JSON editor (text) or an expression (an object or JSON text). */
export function readJsonPrompt(ctx: IExecuteSingleFunctions): V4JsonPrompt {
	const checked = checkJsonPrompt(ctx.getNodeParameter(JSON_PROMPT_PARAM, ''));
	if ('problem' in checked) throw refusal(ctx, checked.problem);
	return checked.prompt;
}

/** v2 Generate's fillBody: with Prompt Type JSON, the checked JSON prompt serialized into `prompt`. */
export const fillV2JsonPrompt = (defaultModel: string) =>
	function (this: IExecuteSingleFunctions, body: IDataObject): void {
		if (!usesJsonPrompt(this, JSON_PROMPT_MODELS, defaultModel)) return;
		const serialized = serializeJsonPrompt(readJsonPrompt(this));
		if ('problem' in serialized) throw refusal(this, serialized.problem);
		body.prompt = serialized.text;
	};
