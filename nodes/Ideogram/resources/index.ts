import type { OperationDefinition, ResourceDefinition } from '../description/operation';
import { accountResource } from './account';
import { ideogram4Resource } from './ideogram4';
import { imageResource } from './image';
import { imageV2Resource } from './imageV2';
import { legacyImageResource } from './legacyImage';
import { videoResource } from './video';

/**
 * Every resource, in the order the Resource lists show them (each version lists those it names in
 * `listed`, the first as its default). The node builds its properties from this table and hands
 * the runtime `findOperation`.
 */
export const RESOURCES: ResourceDefinition[] = [imageV2Resource, videoResource, ideogram4Resource, accountResource, imageResource, legacyImageResource];

export function findOperation(resource: string, operation: string): OperationDefinition {
	const def = RESOURCES.find((r) => r.value === resource)?.operations.find((o) => o.value === operation);
	if (!def) throw new Error(`Unknown operation "${operation}" of resource "${resource}"`);
	return def;
}
