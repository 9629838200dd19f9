import type { INodeProperties } from 'n8n-workflow';

import { operationOption, type OperationDefinition } from '../../shared/operation';
import { generate } from './generate';

/** Operations of Ideogram's current API (v2), in the order the operation list shows them. */
export const imageV2Operations: OperationDefinition[] = [generate];

export const imageV2OperationSelector: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['imageV2'] } },
	options: imageV2Operations.map(operationOption),
	default: 'generate',
};
