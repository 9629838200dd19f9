/**
 * The credential's declarative Test request, sent by n8n-core's RoutingNode against the contract
 * stub, and judged by the rules as n8n's tester judges them (test/support/credentialTester.ts).
 * The real tester inside a running n8n is covered by test/e2e/credential-test.e2e.test.ts.
 */
import { IdeogramApi } from '../../credentials/IdeogramApi.credentials';
import { Ideogram } from '../../nodes/Ideogram/Ideogram.node';
import { FAILURE_STATUSES, NOT_FOUND_MESSAGE, TEST_PATH, rejectedMessage } from '../../nodes/Ideogram/description/credentialTest';
import { startStub, type IdeogramStub, type Personality } from '../stub/ideogram-stub';
import { runCredentialTest } from '../support/credentialTester';

const KEY = 'sk-credential-test-0123456789';
const credential = new IdeogramApi();
const run = (data: Record<string, string>) => runCredentialTest('ideogramApi', credential.test!, data);

const stubs: Partial<Record<Personality, IdeogramStub>> = {};
beforeAll(async () => {
	for (const personality of ['official', 'cometapi', 'kkiai'] as const) {
		stubs[personality] = await startStub({ personality, apiKey: KEY });
	}
});
afterAll(async () => Promise.all(Object.values(stubs).map((s) => s!.close())));
beforeEach(() => Object.values(stubs).forEach((s) => s!.reset()));

/** Nothing but refusals: no generation, no image served. */
function expectNothingGenerated(stub: IdeogramStub) {
	expect(stub.requests.filter((r) => r.status >= 200 && r.status < 300 && r.path === TEST_PATH && r.response && JSON.stringify(r.response).includes('"url"'))).toEqual([]);
	expect(stub.downloads).toHaveLength(0);
}

test('the credential carries the test; the node has no test method of its own', () => {
	expect(credential.test?.request).toMatchObject({ method: 'POST', url: TEST_PATH, body: '{}' });
	const node = new Ideogram();
	expect(node.description.credentials).toEqual([{ name: 'ideogramApi', required: true }]);
	expect((node as { methods?: unknown }).methods).toBeUndefined();
	// The statuses that mean "key accepted" come back as answers; every other one is a failure.
	for (const accepted of [200, 201, 400, 422, 429]) expect(FAILURE_STATUSES).not.toContain(accepted);
	for (const failed of [301, 302, 401, 402, 403, 404, 405, 500, 502, 503, 504]) expect(FAILURE_STATUSES).toContain(failed);
});

describe.each([
	['ideogram', 'official', 'Api-Key'],
	['cometapi', 'cometapi', 'Authorization'],
	['kkiai', 'kkiai', 'Authorization'],
] as const)('%s', (provider, personality, header) => {
	test('a right key passes, with one refused empty body and nothing generated', async () => {
		const stub = stubs[personality]!;
		const result = await run({ provider, apiKey: KEY, baseUrl: stub.baseUrl });
		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(stub.requests).toHaveLength(1);
		const [request] = stub.requests;
		expect(request).toMatchObject({ method: 'POST', path: TEST_PATH, contentType: 'json', json: {} });
		expect(request.headers[header.toLowerCase()]).toContain(KEY);
		// The stub validates before anything else: an empty body lacks the required prompt.
		expect(request.status).toBe(400);
		expectNothingGenerated(stub);
	});

	test('a wrong key fails with the rejection message, which does not carry the key', async () => {
		const stub = stubs[personality]!;
		const result = await run({ provider, apiKey: 'sk-wrong-key-4242', baseUrl: stub.baseUrl });
		// n8n-core sends a request refused with 401 once more (it expects a refreshed token), so
		// one or two requests, both refused.
		expect(stub.requests.length).toBeGreaterThanOrEqual(1);
		expect(stub.requests.length).toBeLessThanOrEqual(2);
		const status = stub.requests[0].status;
		expect([401, 403]).toContain(status);
		expect(stub.requests.every((r) => r.status === status)).toBe(true);
		expect(result).toEqual({ status: 'Error', message: rejectedMessage(status) });
		expect(result.message).not.toContain('sk-wrong-key-4242');
		expectNothingGenerated(stub);
	});
});

test('the right key in the wrong header style fails', async () => {
	const result = await run({ provider: 'custom', headerStyle: 'bearer', apiKey: KEY, baseUrl: stubs.official!.baseUrl });
	expect(result).toEqual({ status: 'Error', message: rejectedMessage(401) });
	expect(result.message).toContain('Authorization: Bearer <key>');
});

test('the right key in the right custom header style passes', async () => {
	const result = await run({ provider: 'custom', headerStyle: 'raw', apiKey: KEY, baseUrl: stubs.cometapi!.baseUrl });
	expect(result.status).toBe('OK');
});

test('a base URL without the gateway prefix is reported as such', async () => {
	const root = stubs.kkiai!.baseUrl.replace(/\/ideogram$/, '');
	const result = await run({ provider: 'kkiai', apiKey: KEY, baseUrl: root });
	expect(stubs.kkiai!.requests[0].status).toBe(404);
	expect(result).toEqual({ status: 'Error', message: NOT_FOUND_MESSAGE });
});

test('a reseller that wraps a rejected key in a 200 envelope is read as the rejection', async () => {
	const stub = stubs.kkiai!;
	stub.inject({ kind: 'ok-with-error', status: 401 });
	const result = await run({ provider: 'kkiai', apiKey: KEY, baseUrl: stub.baseUrl });
	expect(stub.requests[0].status).toBe(200);
	expect(result).toEqual({ status: 'Error', message: rejectedMessage(401) });
});

test('429 (busy) means the key was accepted', async () => {
	const stub = stubs.official!;
	stub.inject({ kind: 'status', status: 429 });
	const result = await run({ provider: 'ideogram', apiKey: KEY, baseUrl: stub.baseUrl });
	expect(stub.requests[0].status).toBe(429);
	expect(result.status).toBe('OK');
});

test('a server error is a failure', async () => {
	const stub = stubs.official!;
	stub.inject({ kind: 'status', status: 503 });
	const result = await run({ provider: 'ideogram', apiKey: KEY, baseUrl: stub.baseUrl });
	expect(stub.requests[0].status).toBe(503);
	expect(result.status).toBe('Error');
});

test('a redirect is not followed with the key', async () => {
	const stub = stubs.official!;
	stub.inject({ kind: 'status', status: 307, headers: { Location: `${stubs.kkiai!.baseUrl}${TEST_PATH}` } });
	const result = await run({ provider: 'ideogram', apiKey: KEY, baseUrl: stub.baseUrl });
	expect(result).toEqual({ status: 'Error', message: expect.stringContaining('redirect (HTTP 307)') });
	expect(stubs.kkiai!.requests).toHaveLength(0);
});

test.each(['ftp://127.0.0.1:9/ideogram', '127.0.0.1:9/ideogram'])('a base URL that is not http(s) (%s) fails and sends nothing', async (baseUrl) => {
	const port = new URL(stubs.official!.baseUrl).port;
	const result = await run({ provider: 'custom', headerStyle: 'apiKey', apiKey: KEY, baseUrl: baseUrl.replace(':9', `:${port}`) });
	expect(result.status).toBe('Error');
	expect(result.message).not.toContain(KEY);
	expect(stubs.official!.requests).toHaveLength(0);
});
