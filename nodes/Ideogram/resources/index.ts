import type { INodeProperties } from 'n8n-workflow';

import { operationProperties, type OperationDefinition } from '../description/operation';
import { accountOperationSelector, accountOperations } from './account';
import { ideogram4OperationSelector, ideogram4Operations } from './ideogram4';
import { imageOperationSelector, imageOperations } from './image';
import { imageV2OperationSelector, imageV2Operations } from './imageV2';
import { legacyImageOperationSelector, legacyImageOperations } from './legacyImage';

interface ResourceDefinition {
	value: string;
	selector: INodeProperties;
	operations: OperationDefinition[];
	/** How the resource list of each node version names it; a version without an entry lacks it. */
	listed: Partial<Record<NodeVersion, { name: string; description: string }>>;
}

/**
 * The node's versions. Version 1 is frozen: n8n stores only parameters that differ from their
 * defaults, so a changed default would silently change saved workflows. Version 2 adds Ideogram's
 * current API and lists it first; every version-1 resource stays, named for the API it uses.
 */
export const NODE_VERSIONS = [1, 2] as const;
export type NodeVersion = (typeof NODE_VERSIONS)[number];
export const DEFAULT_NODE_VERSION: NodeVersion = 2;

export const RESOURCES: ResourceDefinition[] = [
	{
		value: 'imageV2',
		selector: imageV2OperationSelector,
		operations: imageV2Operations,
		listed: {
			2: { name: 'Image', description: 'Ideogram’s current API: Ideogram 4.5, 4, 3 and Auto (Ideogram’s own API only)' },
		},
	},
	{
		value: 'ideogram4',
		selector: ideogram4OperationSelector,
		operations: ideogram4Operations,
		listed: {
			2: {
				name: 'Ideogram 4 (v1 API)',
				description: 'Magic Prompt and Describe give JSON prompts; Generate takes text or JSON (Ideogram’s own API only)',
			},
		},
	},
	{
		value: 'account',
		selector: accountOperationSelector,
		operations: accountOperations,
		listed: {
			2: { name: 'Account', description: 'Usage and spend, invoices and API keys of the organization (Ideogram’s own API, a key with billing access)' },
		},
	},
	{
		value: 'image',
		selector: imageOperationSelector,
		operations: imageOperations,
		listed: {
			1: { name: 'Image', description: 'Ideogram 3.0: generate, edit, remix, reframe and change backgrounds' },
			2: { name: 'Image (Ideogram 3.0, v1 API)', description: 'The v1 endpoints of Ideogram 3.0, which resellers serve too' },
		},
	},
	{
		value: 'legacyImage',
		selector: legacyImageOperationSelector,
		operations: legacyImageOperations,
		listed: {
			1: { name: 'Legacy Image', description: 'Ideogram 1.0, 2.0 and 2a models, plus Upscale and Describe for any image' },
			2: { name: 'Legacy Image (v1 API)', description: 'Ideogram 1.0, 2.0 and 2a models, plus Upscale and Describe for any image' },
		},
	},
];

export function findOperation(resource: string, operation: string): OperationDefinition {
	const def = RESOURCES.find((r) => r.value === resource)?.operations.find((o) => o.value === operation);
	if (!def) throw new Error(`Unknown operation "${operation}" of resource "${resource}"`);
	return def;
}

/** One Resource parameter per node version, each with its own list and default. */
function resourceSelector(version: NodeVersion): INodeProperties {
	const listed = RESOURCES.filter((r) => r.listed[version]);
	const first = listed[0].value;
	return {
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { '@version': [version] } },
		options: listed.map((r) => ({ ...r.listed[version]!, value: r.value })),
		default: first,
	};
}

/**
 * Every selector first (each shows for its own resource only, so every operation still shows
 * Resource, then Operation), then the fields of all operations, copies shared across resources.
 */
export const resourceProperties: INodeProperties[] = [
	...NODE_VERSIONS.map(resourceSelector),
	...RESOURCES.map((resource) => resource.selector),
	...operationProperties(RESOURCES.flatMap((resource) => resource.operations)),
];
