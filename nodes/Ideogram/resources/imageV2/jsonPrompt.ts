import { NodeOperationError, type IDataObject, type IExecuteSingleFunctions, type INodeProperties } from 'n8n-workflow';

import { serializeJsonPrompt } from '../../description/jsonPrompt';
import { jsonPromptChosen, promptTypeProperties, readJsonPrompt, refusal } from '../common/jsonPromptEditor';
import { GENERATE_MODELS, modelSlug, OTHER_MODEL } from './models';

/**
 * Ideogram 4's JSON prompts on v2 Generate: a Prompt Type choice, a JSON editor, and the hook that
 * checks the JSON and puts it, serialized, into `prompt` (v2 types `prompt` as a string that holds
 * text or a JSON prompt). The text prompt path is untouched: with Prompt Type "Text" (the default,
 * and the only choice for the other models) none of this runs.
 */

/** The Generate models whose `prompt` the spec says may be "a structured Ideogram 4.0 JSON prompt". */
export const JSON_PROMPT_MODELS = ['ideogram-4-5', 'ideogram-4', 'ideogram-4-transparent'] as const;

/** Prompt Type and the JSON editor of v2 Generate: shown for the models that take JSON prompts, and a typed-in slug. */
export const v2PromptTypeProperties = (): INodeProperties[] => promptTypeProperties([...JSON_PROMPT_MODELS, OTHER_MODEL]);

/** Whether this item uses a JSON prompt; a model that takes none (of the listed ones) is refused. */
function usesJsonPrompt(ctx: IExecuteSingleFunctions, models: readonly string[], defaultModel: string): boolean {
	if (!jsonPromptChosen(ctx)) return false;
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

/** v2 Generate's fillBody: with Prompt Type JSON, the checked JSON prompt serialized into `prompt`. */
export const fillV2JsonPrompt = (defaultModel: string) =>
	function (this: IExecuteSingleFunctions, body: IDataObject): void {
		if (!usesJsonPrompt(this, JSON_PROMPT_MODELS, defaultModel)) return;
		const serialized = serializeJsonPrompt(readJsonPrompt(this));
		if ('problem' in serialized) throw refusal(this, serialized.problem);
		body.prompt = serialized.text;
	};
