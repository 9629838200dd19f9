import { NodeOperationError, type IExecuteSingleFunctions } from 'n8n-workflow';

import { billingAccessRequired } from '../../output/accountItems';
import { outputOptions, type OperationDefinition } from '../../description/operation';

/** A read of the account: no body, no image slots, no downloads, and 404 means no billing access. */
export const accountRead = {
	resource: 'account',
	method: 'GET',
	officialOnly: { api: "Ideogram's account API" },
	encoding: 'json',
	required: [],
	optional: [],
	noImages: true,
	checkAnswer: billingAccessRequired,
	// Of the common options only the request's own: nothing here makes or downloads images.
	options: outputOptions.filter((o) => ['maxRetries', 'maxRetryWait', 'timeout'].includes(o.name)),
} satisfies Partial<OperationDefinition>;

/** A refusal before sending, naming the parameter and the fix. */
export function badParameter(ctx: IExecuteSingleFunctions, message: string, fix: string): NodeOperationError {
	return new NodeOperationError(ctx.getNode(), message, { itemIndex: ctx.getItemIndex(), description: fix });
}

