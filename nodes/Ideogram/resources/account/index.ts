import type { OperationDefinition, ResourceDefinition } from '../../description/operation';
import { getApiKeys } from './getApiKeys';
import { getInvoices } from './getInvoices';
import { getUsage } from './getUsage';

/** The organization's account (GET /v2/account/*): read-only, unbilled, for keys with billing access. */
export const accountOperations: OperationDefinition[] = [getApiKeys, getInvoices, getUsage];

export const accountResource: ResourceDefinition = {
	value: 'account',
	operations: accountOperations,
	defaultOperation: 'getUsage',
	listed: {
		2: { name: 'Account', description: 'Usage and spend, invoices and API keys of the organization (Ideogram’s own API, a key with billing access)' },
	},
};
