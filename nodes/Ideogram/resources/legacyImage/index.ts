import type { INodeProperties } from 'n8n-workflow';

import { operationOption, type OperationDefinition } from '../../description/operation';
import { describeImage } from './describe';
import { legacyEdit } from './edit';
import { legacyGenerate } from './generate';
import { legacyReframe } from './reframe';
import { legacyRemix } from './remix';
import { upscale } from './upscale';

/** Ideogram 1.0 / 2.0 / 2a operations and the model-agnostic Upscale and Describe, in list order. */
export const legacyImageOperations: OperationDefinition[] = [
	describeImage,
	legacyEdit,
	legacyGenerate,
	legacyReframe,
	legacyRemix,
	upscale,
];

export const legacyImageOperationSelector: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['legacyImage'] } },
	options: legacyImageOperations.map(operationOption),
	default: 'generate',
};
