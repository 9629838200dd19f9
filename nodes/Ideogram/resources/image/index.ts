import type { INodeProperties } from 'n8n-workflow';

import { operationOption, type OperationDefinition } from '../../description/operation';
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

export const imageOperationSelector: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['image'] } },
	options: imageOperations.map(operationOption),
	default: 'generate',
};
