import type { OperationDefinition, ResourceDefinition } from '../../description/operation';
import { describeV4 } from './describe';
import { generateV4 } from './generate';
import { magicPrompt } from './magicPrompt';

/**
 * Ideogram 4 on its v1 endpoints (/v1/ideogram-v4/*), Ideogram's own API only. Its Magic Prompt and
 * its Describe give JSON prompts, which v2 has not (Magic Prompt) or gives from another endpoint;
 * their output feeds the JSON Prompt of Generate here or on the resource "Image" (v2).
 */
export const ideogram4Operations: OperationDefinition[] = [describeV4, generateV4, magicPrompt];

export const ideogram4Resource: ResourceDefinition = {
	value: 'ideogram4',
	operations: ideogram4Operations,
	defaultOperation: 'magicPrompt',
	listed: {
		2: {
			name: 'Ideogram 4 (v1 API)',
			description: 'Magic Prompt and Describe give JSON prompts; Generate takes text or JSON (Ideogram’s own API only)',
		},
	},
};
