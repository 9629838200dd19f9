import { CredentialTestContext } from 'n8n-core';
import type { ICredentialTestFunctions, IWorkflowExecuteAdditionalData } from 'n8n-workflow';

import { Ideogram } from '../../nodes/Ideogram/Ideogram.node';
import { startStub, type IdeogramStub, type Personality } from '../stub/ideogram-stub';

const KEY = 'sk-credential-test-0123456789';
const node = new Ideogram();
const testFn = node.methods.credentialTest.ideogramApiTest;
// The context n8n gives credential tests (helpers.request through its axios adapter).
const context = new CredentialTestContext({} as IWorkflowExecuteAdditionalData) as unknown as ICredentialTestFunctions;

const stubs: Partial<Record<Personality, IdeogramStub>> = {};
beforeAll(async () => {
	for (const personality of ['official', 'cometapi', 'kkiai'] as const) {
		stubs[personality] = await startStub({ personality, apiKey: KEY });
	}
});
afterAll(async () => Promise.all(Object.values(stubs).map((s) => s!.close())));
beforeEach(() => Object.values(stubs).forEach((s) => s!.reset()));

const run = (data: Record<string, string>) =>
	testFn.call(context, { id: '1', name: 'c', type: 'ideogramApi', data });

test('the node declares the function as its credential test', () => {
	expect(node.description.credentials).toEqual([{ name: 'ideogramApi', required: true, testedBy: 'ideogramApiTest' }]);
});

describe.each([
	['ideogram', 'official'],
	['cometapi', 'cometapi'],
	['kkiai', 'kkiai'],
] as const)('%s', (provider, personality) => {
	test('a right key passes and nothing is generated', async () => {
		const stub = stubs[personality]!;
		const result = await run({ provider, apiKey: KEY, baseUrl: stub.baseUrl });
		expect(result).toEqual({ status: 'OK', message: expect.stringContaining('Key accepted') });
		expect(stub.requests).toHaveLength(1);
		expect(stub.requests[0].status).toBe(400);
		expect(stub.downloads).toHaveLength(0);
	});

	test('a wrong key fails', async () => {
		const stub = stubs[personality]!;
		const result = await run({ provider, apiKey: 'sk-wrong', baseUrl: stub.baseUrl });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/key was rejected \(HTTP 40[13]\)/);
		expect(result.message).not.toContain('sk-wrong');
	});
});

test('the right key in the wrong header style fails and names the header sent', async () => {
	const result = await run({ provider: 'custom', headerStyle: 'bearer', apiKey: KEY, baseUrl: stubs.official!.baseUrl });
	expect(result.status).toBe('Error');
	expect(result.message).toContain('Authorization: Bearer <key>');
});

test('a base URL without the gateway prefix is reported as such', async () => {
	const root = stubs.kkiai!.baseUrl.replace(/\/ideogram$/, '');
	const result = await run({ provider: 'kkiai', apiKey: KEY, baseUrl: root });
	expect(result.status).toBe('Error');
	expect(result.message).toMatch(/HTTP 404.*path prefix/);
});

test('a reseller that wraps a rejected key in a 200 envelope is read as the rejection', async () => {
	const stub = stubs.kkiai!;
	stub.inject({ kind: 'ok-with-error', status: 401 });
	const result = await run({ provider: 'kkiai', apiKey: KEY, baseUrl: stub.baseUrl });
	expect(stub.requests[0].status).toBe(200);
	expect(result.status).toBe('Error');
	expect(result.message).toMatch(/key was rejected \(HTTP 401\)/);
});
