import type { INodeProperties } from 'n8n-workflow';

import { resourceProperties as propertiesOf, type OperationDefinition } from '../shared/operation';
import { imageOperationSelector, imageOperations } from './image';
import { legacyImageOperationSelector, legacyImageOperations } from './legacyImage';

interface ResourceDefinition {
	name: string;
	value: string;
	description: string;
	selector: INodeProperties;
	operations: OperationDefinition[];
}

export const RESOURCES: ResourceDefinition[] = [
	{
		name: 'Image',
		value: 'image',
		description: 'Ideogram 3.0: generate, edit, remix, reframe and change backgrounds',
		selector: imageOperationSelector,
		operations: imageOperations,
	},
	{
		name: 'Legacy Image',
		value: 'legacyImage',
		description: 'Ideogram 1.0, 2.0 and 2a models, plus Upscale and Describe for any image',
		selector: legacyImageOperationSelector,
		operations: legacyImageOperations,
	},
];

export function findOperation(resource: string, operation: string): OperationDefinition {
	const def = RESOURCES.find((r) => r.value === resource)?.operations.find((o) => o.value === operation);
	if (!def) throw new Error(`Unknown operation "${operation}" of resource "${resource}"`);
	return def;
}

export const resourceProperties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: RESOURCES.map(({ name, value, description }) => ({ name, value, description })),
		default: 'image',
	},
	...RESOURCES.flatMap((resource) => [resource.selector, ...propertiesOf(resource.operations)]),
];
