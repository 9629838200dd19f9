import type { INodeProperties } from 'n8n-workflow';

import { operationOption, type OperationDefinition } from '../../description/operation';
import { describeImage } from './describe';
import { edit } from './edit';
import { generate } from './generate';
import { getGeneration } from './getGeneration';
import { layerize } from './layerize';
import { reframe } from './reframe';
import { remix } from './remix';
import { removeBackground } from './removeBackground';
import { removeObject } from './removeObject';
import { replaceBackground } from './replaceBackground';
import { upscale } from './upscale';

/** Operations of Ideogram's current API (v2), in the order the operation list shows them (alphabetical, as n8n lists them). */
export const imageV2Operations: OperationDefinition[] = [
	describeImage,
	edit,
	generate,
	getGeneration,
	layerize,
	reframe,
	remix,
	removeBackground,
	removeObject,
	replaceBackground,
	upscale,
];

export const imageV2OperationSelector: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['imageV2'] } },
	options: imageV2Operations.map(operationOption),
	default: 'generate',
};
