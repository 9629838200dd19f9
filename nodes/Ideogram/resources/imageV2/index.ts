import type { OperationDefinition, ResourceDefinition } from '../../description/operation';
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
import { vectorize } from './vectorize';

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
	vectorize,
];

export const imageV2Resource: ResourceDefinition = {
	value: 'imageV2',
	operations: imageV2Operations,
	defaultOperation: 'generate',
	listed: {
		2: { name: 'Image', description: 'Ideogram’s current API: Ideogram 4.5, 4, 3 and Auto (Ideogram’s own API only)' },
	},
};
