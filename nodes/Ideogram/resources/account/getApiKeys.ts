import type { OperationDefinition } from '../../description/operation';
import { accountRead } from './common';

export const getApiKeys: OperationDefinition = {
	...accountRead,
	value: 'getApiKeys',
	name: 'Get API Keys',
	action: 'Get the API keys of the account',
	description: "One item per API key of the organization, redacted, with its label, creator and status (needs a key with billing access)",
	path: '/v2/account/api-keys',
	output: { kind: 'list', field: 'api_keys', what: 'API keys' },
};
