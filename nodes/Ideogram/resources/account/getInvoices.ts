import type { OperationDefinition } from '../../description/operation';
import { accountRead } from './common';

export const getInvoices: OperationDefinition = {
	...accountRead,
	value: 'getInvoices',
	name: 'Get Invoices',
	action: 'Get the invoices of the account',
	description: "One item per invoice of the organization, with its status, total and line items (needs a key with billing access)",
	path: '/v2/account/invoices',
	output: { kind: 'list', field: 'invoices', what: 'invoices' },
};
