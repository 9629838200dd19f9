import type { OperationDefinition, ResourceDefinition } from '../../description/operation';
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

export const legacyImageResource: ResourceDefinition = {
	value: 'legacyImage',
	operations: legacyImageOperations,
	defaultOperation: 'generate',
	listed: {
		1: { name: 'Legacy Image', description: 'Ideogram 1.0, 2.0 and 2a models, plus Upscale and Describe for any image' },
		2: { name: 'Legacy Image (v1 API)', description: 'Ideogram 1.0, 2.0 and 2a models, plus Upscale and Describe for any image' },
	},
};
