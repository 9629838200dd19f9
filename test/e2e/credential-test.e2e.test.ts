/**
 * The credential's Test button where users press it: a real `n8n start` of each supported line
 * with the packed package installed, an owner set up and logged in over REST, and the editor's
 * own calls, POST /rest/credentials (save) then POST /rest/credentials/test, so n8n's
 * CredentialsTester runs the declarative test of credentials/IdeogramApi.credentials.ts against
 * the contract stub, one personality per header style.
 *
 * n8n 1.x reads any `ignoreHttpStatusErrors` value as "ignore every status" (its HTTP helper has
 * no `except` list), so its tester sees every answer as a success and only the body rules apply:
 * a refusal in a {code: 401} or {code: 404} body is caught, a bare HTTP 401/403/404 is not. The
 * tests below pin that difference rather than hide it (see README, "Credential: Ideogram API").
 */
import { ensureRuntime, freePort, N8nInstance, type RuntimeName, type StartedN8n } from './runtime';
import { Providers, type ProviderStub } from './support/providers';
import { NOT_FOUND_MESSAGE, TEST_PATH, rejectedMessage } from '../../nodes/Ideogram/description/credentialTest';
import type { Personality, RecordedRequest } from '../stub/ideogram-stub';

const OWNER = { email: 'e2e-owner@example.com', firstName: 'E2e', lastName: 'Owner', password: 'IdeogramE2e1' };
// n8n binds its session cookie to the browser id the editor sends with every request.
const BROWSER_ID = 'ideogram-e2e-browser';
const WRONG_KEY = 'sk-e2e-wrong-key-7d1c9a';
const PROVIDER_OF: Record<Personality, string> = { official: 'ideogram', cometapi: 'cometapi', kkiai: 'kkiai' };
const HEADER_OF: Record<Personality, string> = { official: 'api-key', cometapi: 'authorization', kkiai: 'authorization' };

interface TestResult {
	status: 'OK' | 'Error';
	message: string;
}

/** The editor's side of the REST API: JSON in and out, the session cookie, the browser id. */
class Editor {
	private cookie = '';
	/** The answers to credential tests, for the check that no key ever comes back. */
	readonly testAnswers: string[] = [];

	constructor(private readonly url: string) {}

	/** `path` under /rest, or from the root when it starts with /types/. */
	async call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; json: { data?: unknown } }> {
		const res = await fetch(`${this.url}${path.startsWith('/types/') ? '' : '/rest'}${path}`, {
			method,
			headers: { 'Content-Type': 'application/json', 'browser-id': BROWSER_ID, ...(this.cookie ? { Cookie: this.cookie } : {}) },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const auth = res.headers.getSetCookie().find((c) => c.startsWith('n8n-auth='));
		if (auth) this.cookie = auth.split(';')[0];
		const text = await res.text();
		if (path === '/credentials/test') this.testAnswers.push(text);
		let json: { data?: unknown } = {};
		try {
			json = JSON.parse(text) as { data?: unknown };
		} catch {
			// not JSON: the status says what happened
		}
		return { status: res.status, json };
	}

	/**
	 * n8n 1.x answers /healthz while it is still migrating a fresh database and mounts the REST
	 * API afterwards (the first start takes a while), so wait for the API itself.
	 */
	async waitForApi(timeoutMs = 180_000): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		while ((await fetch(`${this.url}/rest/settings`).catch(() => undefined))?.status !== 200) {
			if (Date.now() > deadline) throw new Error(`${this.url}/rest/settings did not answer 200 within ${timeoutMs} ms`);
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
	}

	async mustCall<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
		const { status, json } = await this.call(method, path, body);
		if (status !== 200) throw new Error(`${method} /rest${path}: HTTP ${status} ${JSON.stringify(json).slice(0, 500)}`);
		return json.data as T;
	}
}

/** No generation answered and no image fetched: the test only ever meets refusals. */
function expectNothingGenerated(p: ProviderStub) {
	const generated = p.stub.requests.filter((r: RecordedRequest) => r.status >= 200 && r.status < 300 && JSON.stringify(r.response ?? '').includes('"url"'));
	expect(generated).toEqual([]);
	expect(p.stub.downloads).toHaveLength(0);
	for (const r of p.stub.requests) expect(r).toMatchObject({ method: 'POST', path: TEST_PATH });
}

describe.each(['modern', 'legacy'] as RuntimeName[])('%s n8n: the credential Test button', (name) => {
	let providers: Providers;
	let n8n: N8nInstance;
	let server: StartedN8n;
	let editor: Editor;
	let saved = 0;
	// n8n 2.x honours ignoreHttpStatusErrors.except, so 401/403/404 reach the status rules.
	const statusRules = name === 'modern';

	beforeAll(async () => {
		const tarball = process.env.IDEOGRAM_E2E_TARBALL;
		if (!tarball) throw new Error('IDEOGRAM_E2E_TARBALL is not set: run with `npx jest -c jest.e2e.config.js` (its global setup packs the package)');
		const runtime = await ensureRuntime(name);
		providers = await Providers.start();
		n8n = await N8nInstance.create(runtime, { packageTarball: tarball });
		server = await n8n.start(await freePort());
		editor = new Editor(server.url);
		await editor.waitForApi();
		// A fresh instance takes its owner from the set-up form's call, in both lines.
		await editor.mustCall('POST', '/owner/setup', OWNER);
		await editor.mustCall('POST', '/login', { emailOrLdapLoginId: OWNER.email, password: OWNER.password });
	}, 20 * 60_000);

	afterAll(async () => {
		await n8n?.dispose();
		await providers?.close();
	});

	beforeEach(() => providers.reset());

	/** Save a credential as the editor does, then press Test on it. */
	async function pressTest(data: Record<string, string>): Promise<TestResult> {
		const credential = { name: `Ideogram test ${++saved}`, type: 'ideogramApi', data };
		const { id } = await editor.mustCall<{ id: string }>('POST', '/credentials', credential);
		return await editor.mustCall<TestResult>('POST', '/credentials/test', { credentials: { id, ...credential } });
	}

	test('the package is loaded and the user is logged in', async () => {
		// The list the editor loads its credential forms from (a plain array, behind the login).
		const { status, json } = await editor.call('GET', '/types/credentials.json');
		expect(status).toBe(200);
		const types = json as unknown as Array<{ name: string; test?: unknown }>;
		expect(types.find((t) => t.name === 'ideogramApi')).toMatchObject({ test: { request: { url: TEST_PATH } } });
		const me = await editor.mustCall<{ email: string }>('GET', '/login');
		expect(me.email).toBe(OWNER.email);
	});

	describe.each(['official', 'cometapi', 'kkiai'] as Personality[])('%s', (personality) => {
		test('the right key: "Connection successful!", one refused empty body, nothing generated', async () => {
			const p = providers.all[personality];
			const result = await pressTest({ provider: PROVIDER_OF[personality], apiKey: p.key, baseUrl: p.stub.baseUrl });
			expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
			expect(p.stub.requests).toHaveLength(1);
			// The stub validates before anything else: an empty body lacks the required prompt.
			expect(p.stub.requests[0].status).toBe(400);
			expect(p.stub.requests[0].headers[HEADER_OF[personality]]).toContain(p.key);
			expectNothingGenerated(p);
		});

		test('a wrong key', async () => {
			const p = providers.all[personality];
			const result = await pressTest({ provider: PROVIDER_OF[personality], apiKey: WRONG_KEY, baseUrl: p.stub.baseUrl });
			const status = p.stub.requests[0].status;
			expect([401, 403]).toContain(status);
			expect(p.stub.requests.every((r) => r.status === status)).toBe(true);
			expectNothingGenerated(p);
			// kkiai's refusal is a {code: 401} body, which 1.x's body rules read too.
			if (statusRules || personality === 'kkiai') {
				expect(result).toEqual({ status: 'Error', message: rejectedMessage(status) });
			} else {
				// n8n 1.x: a bare 401 passes as a success (see the top of this file).
				expect(result.status).toBe('OK');
			}
		});
	});

	test('the right key in the wrong header style (Custom, Bearer to the Api-Key API)', async () => {
		const p = providers.official;
		const result = await pressTest({ provider: 'custom', headerStyle: 'bearer', apiKey: p.key, baseUrl: p.stub.baseUrl });
		expect(p.stub.requests[0].headers.authorization).toBe(`Bearer ${p.key}`);
		expect(p.stub.requests[0].status).toBe(401);
		if (statusRules) {
			expect(result).toEqual({ status: 'Error', message: rejectedMessage(401) });
			expect(result.message).toContain('Authorization: Bearer <key>');
		} else {
			expect(result.status).toBe('OK');
		}
	});

	test('the right key in the right custom header style (raw Authorization)', async () => {
		const p = providers.cometapi;
		const result = await pressTest({ provider: 'custom', headerStyle: 'raw', apiKey: p.key, baseUrl: p.stub.baseUrl });
		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(p.stub.requests[0].headers.authorization).toBe(p.key);
	});

	test('a base URL without the gateway prefix: the 404 message (kkiai answers {code: 404})', async () => {
		const p = providers.kkiai;
		const result = await pressTest({ provider: 'kkiai', apiKey: p.key, baseUrl: p.stub.baseUrl.replace(/\/ideogram$/, '') });
		expect(p.stub.requests[0].status).toBe(404);
		expect(result).toEqual({ status: 'Error', message: NOT_FOUND_MESSAGE });
	});

	test('a wrong path prefix on the official API: a bare 404', async () => {
		const p = providers.official;
		const result = await pressTest({ provider: 'ideogram', apiKey: p.key, baseUrl: `${p.stub.baseUrl}/ideogram` });
		expect(p.stub.requests[0].status).toBe(404);
		if (statusRules) expect(result).toEqual({ status: 'Error', message: NOT_FOUND_MESSAGE });
		else expect(result.status).toBe('OK');
	});

	test('a reseller that wraps a rejected key in a 200 envelope', async () => {
		const p = providers.kkiai;
		p.stub.inject({ kind: 'ok-with-error', status: 401 });
		const result = await pressTest({ provider: 'kkiai', apiKey: p.key, baseUrl: p.stub.baseUrl });
		expect(p.stub.requests[0].status).toBe(200);
		expect(result).toEqual({ status: 'Error', message: rejectedMessage(401) });
		expectNothingGenerated(p);
	});

	test('429 (busy) counts as an accepted key', async () => {
		const p = providers.official;
		p.stub.inject({ kind: 'status', status: 429 });
		const result = await pressTest({ provider: 'ideogram', apiKey: p.key, baseUrl: p.stub.baseUrl });
		expect(p.stub.requests[0].status).toBe(429);
		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
	});

	test('a base URL that is not http(s) fails and reaches nothing', async () => {
		const p = providers.official;
		const result = await pressTest({ provider: 'custom', headerStyle: 'apiKey', apiKey: p.key, baseUrl: p.stub.baseUrl.replace(/^http:\/\//, 'ftp://') });
		expect(result.status).toBe('Error');
		expect(p.stub.requests).toHaveLength(0);
	});

	test('no key in any test answer or in n8n\'s log', () => {
		const keys = [...providers.keys(), WRONG_KEY];
		const { stdout, stderr } = server.output();
		for (const text of [...editor.testAnswers, stdout, stderr]) {
			for (const key of keys) expect(text).not.toContain(key);
		}
		expect(editor.testAnswers.length).toBeGreaterThanOrEqual(13);
	});
});
