import type { INodeProperties } from 'n8n-workflow';

import { operationOption, type OperationDefinition } from '../../shared/operation';
import { generate } from './generate';
import { getGeneration } from './getGeneration';
import { removeObject } from './removeObject';
import { replaceBackground } from './replaceBackground';

/** Operations of Ideogram's current API (v2), in the order the operation list shows them. */
export const imageV2Operations: OperationDefinition[] = [generate, getGeneration, removeObject, replaceBackground];

export const imageV2OperationSelector: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['imageV2'] } },
	options: imageV2Operations.map(operationOption),
	default: 'generate',
};
