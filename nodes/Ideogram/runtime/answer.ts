import type { PostReceiveAction } from 'n8n-workflow';

import type { OperationDefinition } from '../description/operation';
import { throwOnApiError, throwOnApiErrorFor } from '../errors/apiErrors';
import { notFoundMeaning } from '../errors/statusMeaning';
import { outputHook } from '../output';

/**
 * What n8n's routing runs on an operation's answer (postReceive), in order: the operation's own
 * meaning of a status, the common check of the status (errors/), then the shaping into items
 * (output/). Ideogram.node.ts hands this to the description builders.
 */
export function answerActions(def: OperationDefinition): PostReceiveAction[] {
	// An operation whose path ends in a model names it in the advice (a model the organization may not use).
	const checkStatus = def.model ? throwOnApiErrorFor(def.model) : throwOnApiError;
	return [...(def.notFoundMeans ? [notFoundMeaning(def.notFoundMeans)] : []), checkStatus, outputHook(def.output)];
}
