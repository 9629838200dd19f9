import type { OperationDefinition, ResourceDefinition } from '../../description/operation';
import { generateVideo } from './generate';

/** The video operations (Ideogram's current API), in the order the operation list shows them. */
export const videoOperations: OperationDefinition[] = [generateVideo];

export const videoResource: ResourceDefinition = {
	value: 'video',
	operations: videoOperations,
	defaultOperation: 'generate',
	listed: {
		2: { name: 'Video', description: 'Ideogram’s video API: Seedance 2.5 and 2, Kling 3 Standard, MiniMax H3 (Ideogram’s own API only)' },
	},
};
