import type { OperationDefinition, ResourceDefinition } from '../../description/operation';
import { editVideo } from './edit';
import { generateVideo } from './generate';
import { livingImage } from './livingImage';
import { product360 } from './product360';

/** The video operations (Ideogram's current API), in the order the operation list shows them. */
export const videoOperations: OperationDefinition[] = [editVideo, generateVideo, livingImage, product360];

export const videoResource: ResourceDefinition = {
	value: 'video',
	operations: videoOperations,
	defaultOperation: 'generate',
	listed: {
		2: { name: 'Video', description: 'Ideogram’s video API: Generate (Seedance 2.5 and 2, Kling 3 Standard, MiniMax H3), Edit, Living Image, Product 360 (Ideogram’s own API only)' },
	},
};
