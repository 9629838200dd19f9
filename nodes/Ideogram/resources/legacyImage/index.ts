import type { INodeProperties } from 'n8n-workflow';

import { operationOption, type OperationDefinition } from '../../shared/operation';
import { legacyGenerate } from './generate';

/** Legacy (1.0 / 2.0 / 2a) operations and the model-agnostic tools, in the order the list shows them. */
export const legacyImageOperations: OperationDefinition[] = [legacyGenerate];

export const legacyImageOperationSelector: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['legacyImage'] } },
	options: legacyImageOperations.map(operationOption),
	default: 'generate',
};
