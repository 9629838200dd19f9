import type { INodeProperties } from 'n8n-workflow';

import { operationOption, type OperationDefinition } from '../../description/operation';
import { getApiKeys } from './getApiKeys';
import { getInvoices } from './getInvoices';
import { getUsage } from './getUsage';

/** The organization's account (GET /v2/account/*): read-only, unbilled, for keys with billing access. */
export const accountOperations: OperationDefinition[] = [getApiKeys, getInvoices, getUsage];

export const accountOperationSelector: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['account'] } },
	options: accountOperations.map(operationOption),
	default: 'getUsage',
};
