/**
 * Runs a declarative credential test (ICredentialTestRequest) in-process, the way n8n's
 * CredentialsTester does (n8n 2.41.1, packages/cli services/credentials-tester.service.js): a
 * throw-away node type whose only property carries `routing.request`, run by n8n-core's real
 * RoutingNode with the credential's `authenticate`, then the rules applied to what came back.
 *
 * The request side (expressions, headers, which statuses throw) is n8n-core's own code. The verdict
 * below is this project's reading of the tester; the real tester is exercised by
 * test/e2e/credential-test.e2e.test.ts against a running n8n of each supported line.
 */
import { ExecuteContext, RoutingNode } from 'n8n-core';
import {
	createRunExecutionData,
	Workflow,
	type ICredentialDataDecryptedObject,
	type ICredentialTestRequest,
	type INode,
	type INodeCredentialTestResult,
	type INodeExecutionData,
	type INodeType,
	type INodeTypes,
} from 'n8n-workflow';

import { additionalDataFor, MapCredentialsHelper } from './n8n';

interface HttpCause {
	code?: string;
	response?: { status: number; statusText?: string };
}

/** `key` is a dotted path into the answer body, as lodash.get reads it in the tester. */
const at = (body: unknown, key: string): unknown =>
	key.split('.').reduce<unknown>((v, k) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), body);

export async function runCredentialTest(
	credentialType: string,
	test: ICredentialTestRequest,
	data: ICredentialDataDecryptedObject,
): Promise<INodeCredentialTestResult> {
	const nodeType: INodeType = {
		description: {
			displayName: 'Credential probe',
			name: 'credentialProbe',
			group: ['transform'],
			version: 1,
			description: 'Sends a credential test request',
			defaults: { name: 'Temp-Node' },
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: credentialType, required: true }],
			properties: [{ displayName: 'Temp', name: 'temp', type: 'string', default: '', routing: { request: test.request } }],
		},
	} as unknown as INodeType;
	const node: INode = {
		id: 'temp',
		name: 'Temp-Node',
		type: 'credentialProbe',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: { [credentialType]: { id: 'cred-1', name: 'under test' } },
	};
	const nodeTypes = {
		getByName: () => nodeType,
		getByNameAndVersion: () => nodeType,
		getKnownTypes: () => ({}),
	} as unknown as INodeTypes;
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const additionalData = additionalDataFor(new MapCredentialsHelper({ [credentialType]: data }), 'credential-test');
	const context = new ExecuteContext(
		workflow,
		node,
		additionalData,
		'internal',
		createRunExecutionData(),
		0,
		[],
		{ main: [[{ json: {} }]] },
		{ node, data: {}, source: null },
		[],
	);

	let response: INodeExecutionData[][] | null | undefined;
	try {
		response = await new RoutingNode(context, nodeType, { id: 'cred-1', name: 'under test', type: credentialType, data }).runNode();
	} catch (error) {
		// A status the HTTP client threw on: a responseCode rule, or the status text.
		const cause = (error as { cause?: HttpCause }).cause;
		if (cause?.response) {
			const { status, statusText } = cause.response;
			for (const rule of test.rules ?? []) {
				if (rule.type === 'responseCode' && rule.properties.value === status) return { status: 'Error', message: rule.properties.message };
			}
			if (status < 199 || status > 299) return { status: 'Error', message: statusText || `Received HTTP status code: ${status}` };
		} else if (cause?.code) {
			return { status: 'Error', message: cause.code };
		}
		return { status: 'Error', message: String((error as Error).message) };
	}
	// An answer that came back: responseSuccessBody rules look at its body only.
	const body = response?.[0]?.[0]?.json;
	for (const rule of test.rules ?? []) {
		if (rule.type === 'responseSuccessBody' && at(body, rule.properties.key) === rule.properties.value) {
			return { status: 'Error', message: rule.properties.message };
		}
	}
	return { status: 'OK', message: 'Connection successful!' };
}
