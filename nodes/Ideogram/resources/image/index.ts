import type { OperationDefinition, ResourceDefinition } from '../../description/operation';
import { edit } from './edit';
import { editWithPrompt } from './editWithPrompt';
import { generate } from './generate';
import { generateTransparent } from './generateTransparent';
import { layerizeText } from './layerizeText';
import { reframe } from './reframe';
import { remix } from './remix';
import { removeBackground } from './removeBackground';
import { replaceBackground } from './replaceBackground';

/** Ideogram 3.0 operations, in the order the operation list shows them. */
export const imageOperations: OperationDefinition[] = [
	edit,
	editWithPrompt,
	generate,
	generateTransparent,
	layerizeText,
	reframe,
	remix,
	removeBackground,
	replaceBackground,
];

export const imageResource: ResourceDefinition = {
	value: 'image',
	operations: imageOperations,
	defaultOperation: 'generate',
	listed: {
		1: { name: 'Image', description: 'Ideogram 3.0: generate, edit, remix, reframe and change backgrounds' },
		2: { name: 'Image (Ideogram 3.0, v1 API)', description: 'The v1 endpoints of Ideogram 3.0, which resellers serve too' },
	},
};
