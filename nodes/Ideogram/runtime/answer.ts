import type { PostReceiveAction } from 'n8n-workflow';

import type { OperationDefinition } from '../description/operation';
import { throwOnApiError } from '../errors/apiErrors';
import { notFoundMeaning } from '../errors/statusMeaning';
import { outputHook } from '../output';

/**
 * What n8n's routing runs on an operation's answer (postReceive), in order: the operation's own
 * meaning of a status, the common check of the status (errors/), then the shaping into items
 * (output/). Ideogram.node.ts hands this to the description builders.
 */
export function answerActions(def: OperationDefinition): PostReceiveAction[] {
	return [...(def.notFoundMeans ? [notFoundMeaning(def.notFoundMeans)] : []), throwOnApiError, outputHook(def.output)];
}
