import type { INodeProperties } from 'n8n-workflow';

import { operationOption, type OperationDefinition } from '../../shared/operation';
import { generate } from './generate';

/** Ideogram 3.0 operations, in the order the operation list shows them. */
export const imageOperations: OperationDefinition[] = [generate];

export const imageOperationSelector: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['image'] } },
	options: imageOperations.map(operationOption),
	default: 'generate',
};
