import { NodeOperationError, type IExecuteSingleFunctions } from 'n8n-workflow';

import type { OperationDefinition } from '../../description/operation';
import { outputOptions } from '../../description/options';

/** A read of the account: no body, no image slots, no downloads, and 404 means no billing access. */
export const accountRead = {
	resource: 'account',
	method: 'GET',
	officialOnly: { api: "Ideogram's account API" },
	encoding: 'json',
	required: [],
	optional: [],
	noImages: true,
	// Ideogram answers 404 to a key whose owner has no billing access: said as that, since "not
	// found" would send the user looking for a wrong URL.
	notFoundMeans: {
		message:
			'This API key has no billing access to the Ideogram account (HTTP 404): its usage, invoices and API keys are only shown to keys with billing access',
		fix: 'Use a key created by an organization admin with billing access (Ideogram: Settings → API), in a separate credential if this one should stay limited. Keys of other members get 404 from every account endpoint.',
	},
	// Of the common options only the request's own: nothing here makes or downloads images.
	options: outputOptions.filter((o) => ['maxRetries', 'maxRetryWait', 'timeout'].includes(o.name)),
} satisfies Partial<OperationDefinition>;

/** A refusal before sending, naming the parameter and the fix. */
export function badParameter(ctx: IExecuteSingleFunctions, message: string, fix: string): NodeOperationError {
	return new NodeOperationError(ctx.getNode(), message, { itemIndex: ctx.getItemIndex(), description: fix });
}

