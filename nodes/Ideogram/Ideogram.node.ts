import { NodeConnectionTypes, type INodeType, type INodeTypeDescription } from 'n8n-workflow';

import { nodeProperties, nodeSubtitle } from './description/properties';
import { BASE_URL_EXPRESSION } from './description/providers';
import { findOperation, RESOURCES } from './resources';
import { answerActions } from './runtime/answer';
import { itemRunner } from './runtime/runItem';
import { DEFAULT_NODE_VERSION, NODE_VERSIONS } from './versions';

export class Ideogram implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Ideogram',
		name: 'ideogram',
		icon: { light: 'file:ideogram.svg', dark: 'file:ideogram.dark.svg' },
		group: ['transform'],
		version: [...NODE_VERSIONS],
		defaultVersion: DEFAULT_NODE_VERSION,
		subtitle: nodeSubtitle(RESOURCES),
		description: 'Generate, edit, remix, reframe, upscale and describe images with Ideogram',
		defaults: { name: 'Ideogram' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'ideogramApi', required: true }],
		requestDefaults: {
			baseURL: BASE_URL_EXPRESSION,
			headers: { Accept: 'application/json' },
			// Error answers come back as responses so errors/apiErrors.ts can explain them without
			// ever handing n8n the request (and its key) inside an HTTP library error.
			ignoreHttpStatusErrors: true,
		},
		requestOperations: { pagination: itemRunner(findOperation) },
		properties: nodeProperties(RESOURCES, answerActions),
	};
}
