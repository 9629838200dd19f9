/**
 * The node's requests under n8n's network settings, in a real n8n (both runtimes):
 * - Request Options → Proxy set on the node sends the API call, the input-link download and the
 *   result downloads through a local forward proxy, which logs them by path; the key reaches the
 *   API only.
 * - n8n 2.x's SSRF protection (N8N_SSRF_PROTECTION_ENABLED, with only 127.0.0.1 allowed) refuses
 *   input links to another loopback address and to the cloud metadata address, with an error that
 *   names the field and the fix, and fetches nothing; links and results on the allowed address
 *   still download. n8n 1.123 has no SSRF protection: there it is checked that the setting has no
 *   effect, so the README's claim stays true.
 */
import { startForwardProxy, startImageHost, type ForwardProxy, type ImageHost } from '../support/forward-proxy';
import { makePng, sha256 } from '../support/images';
import { nodeItems, type BatchResult, type N8nInstance, type RuntimeName } from './runtime';
import { runAll, setUp, type E2eEnv } from './support/harness';
import { filesOf, type RunItem } from './support/check';
import { IDEOGRAM, manualTrigger, workflow, type WorkflowJson } from './support/workflow';

const INPUT = makePng(512, 512, { seed: 611 });

/** Runs this instance's next n8n commands with extra environment variables; returns the undo. */
function withEnv(n8n: N8nInstance, extra: Record<string, string>): () => void {
	const runtime = n8n.runtime;
	const base = runtime.env;
	runtime.env = (userFolder) => ({ ...base.call(runtime, userFolder), ...extra });
	return () => {
		runtime.env = base;
	};
}

/** Start → one Ideogram node (official stub), errors as output items so their text can be read. */
function oneNode(env: E2eEnv, id: string, name: string, parameters: object): WorkflowJson {
	return workflow(id, `e2e network: ${name}`, [
		manualTrigger(),
		{
			name,
			type: IDEOGRAM,
			typeVersion: 1,
			parameters: { options: {}, ...parameters },
			credentials: env.providers.official.nodeCredentials,
			onError: 'continueRegularOutput',
		},
	]);
}

const remix = (image: string, extra: object = {}) => ({
	resource: 'image',
	operation: 'remix',
	prompt: 'The same scene at dusk (e2e network)',
	image,
	additionalFields: { numImages: 2 },
	...extra,
});

function items(batch: BatchResult, id: string, node: string): RunItem[] {
	const entry = batch.workflows[id];
	if (entry?.status !== 'success') throw new Error(`${id}: ${entry?.status ?? 'no result'} ${entry?.error ?? ''}\n${batch.stderr.slice(-2000)}`);
	return nodeItems(entry.output, node) as RunItem[];
}

function defineNetworkSuite(runtimeName: RuntimeName): void {
	let env: E2eEnv;
	let proxy: ForwardProxy;
	let imageHost: ImageHost;
	/** On 127.0.0.2: Linux routes all of 127/8 to lo, and SSRF ranges cannot allow one port only. */
	let forbidden: ImageHost;

	beforeAll(async () => {
		env = await setUp(runtimeName);
		proxy = await startForwardProxy();
		imageHost = await startImageHost(INPUT);
		forbidden = await startImageHost(INPUT, { host: '127.0.0.2' });
	});
	afterAll(async () => {
		await Promise.all([proxy?.close(), imageHost?.close(), forbidden?.close()]);
		await env?.dispose();
	});
	beforeEach(() => {
		env.providers.reset();
		proxy.reset();
		imageHost.reset();
		forbidden.reset();
	});

	test('Request Options → Proxy: the API call, the input link and both result downloads go through the proxy; the key only to the API', async () => {
		const link = `${imageHost.origin}/inputs/photo.png`;
		const batch = await runAll(env, [oneNode(env, 'e2eNetProxy1', 'Remix', remix(link, { requestOptions: { proxy: proxy.url } }))]);
		const out = items(batch, 'e2eNetProxy1', 'Remix');
		expect(out.map((i) => i.json.error)).toEqual([undefined, undefined]);
		for (const item of out) expect(item.binary?.data?.mimeType).toBe('image/png');

		const { stub, key } = env.providers.official;
		expect(proxy.notProxyForm).toEqual([]);
		const through = proxy.log.map((r) => `${r.method} ${r.path}`);
		const resultPaths = out.map((i) => `GET ${new URL(String(i.json.url)).pathname}`);
		expect(through.sort()).toEqual(['GET /inputs/photo.png', 'POST /v1/ideogram-v3/remix', ...resultPaths].sort());
		// What the origins saw is exactly what came through the proxy: nothing went around it.
		expect(stub.requests).toHaveLength(1);
		expect(filesOf(stub.requests[0])).toEqual([['image', sha256(INPUT), 'image/png']]);
		expect(stub.downloads.map((d) => `GET ${d.path}`).sort()).toEqual([...resultPaths].sort());
		expect(imageHost.log.map((r) => r.path)).toEqual(['/inputs/photo.png']);

		expect(proxy.log.find((r) => r.method === 'POST')?.headers['api-key']).toBe(key);
		for (const r of proxy.log.filter((x) => x.method === 'GET')) expect(JSON.stringify(r.headers)).not.toContain(key);
		for (const d of stub.downloads) expect(JSON.stringify(d.headers)).not.toContain(key);
		expect(JSON.stringify(imageHost.log)).not.toContain(key);
		expect(batch.stdout + batch.stderr).not.toContain(key);
	});

	if (runtimeName === 'modern') {
		test("SSRF protection on: input links to 127.0.0.2 and to 169.254.169.254 are refused, naming the field and the fix; the allowed host still works", async () => {
			const undo = withEnv(env.n8n, { N8N_SSRF_PROTECTION_ENABLED: 'true', N8N_SSRF_ALLOWED_IP_RANGES: '127.0.0.1/32' });
			let batch: BatchResult;
			try {
				batch = await runAll(env, [
					oneNode(env, 'e2eNetSsrf1', 'Loopback', remix(`${forbidden.origin}/secret.png`)),
					oneNode(env, 'e2eNetSsrf2', 'Metadata', remix('http://169.254.169.254/latest/meta-data')),
					oneNode(env, 'e2eNetSsrf3', 'Allowed', remix(`${imageHost.origin}/inputs/photo.png`)),
				]);
			} finally {
				undo();
			}
			const refused = [
				['e2eNetSsrf1', 'Loopback', `${forbidden.origin}/secret.png`, '127.0.0.2'],
				['e2eNetSsrf2', 'Metadata', 'http://169.254.169.254/latest/meta-data', '169.254.169.254'],
			];
			for (const [id, node, link, ip] of refused) {
				const [item, ...more] = items(batch, id, node);
				expect(more).toEqual([]);
				expect(item.json.error).toBe(`Image could not be downloaded from ${link}: n8n's SSRF protection blocked it (${ip} is a restricted address)`);
				expect(String(item.json.description)).toMatch(/N8N_SSRF_ALLOWED_HOSTNAMES or N8N_SSRF_ALLOWED_IP_RANGES/);
			}
			expect(forbidden.log).toEqual([]);

			const allowed = items(batch, 'e2eNetSsrf3', 'Allowed');
			expect(allowed.map((i) => i.json.error)).toEqual([undefined, undefined]);
			for (const item of allowed) expect(item.binary?.data?.mimeType).toBe('image/png');
			expect(imageHost.log).toHaveLength(1);
			// Only the allowed workflow reached the API, and its two results were downloaded.
			const { stub } = env.providers.official;
			expect(stub.requests).toHaveLength(1);
			expect(stub.downloads).toHaveLength(2);
		});
	} else {
		test('n8n 1.123 has no SSRF protection: N8N_SSRF_PROTECTION_ENABLED changes nothing, the loopback link is fetched', async () => {
			const undo = withEnv(env.n8n, { N8N_SSRF_PROTECTION_ENABLED: 'true', N8N_SSRF_ALLOWED_IP_RANGES: '127.0.0.1/32' });
			let batch: BatchResult;
			try {
				batch = await runAll(env, [oneNode(env, 'e2eNetSsrf1', 'Loopback', remix(`${forbidden.origin}/secret.png`))]);
			} finally {
				undo();
			}
			const out = items(batch, 'e2eNetSsrf1', 'Loopback');
			expect(out.map((i) => i.json.error)).toEqual([undefined, undefined]);
			expect(forbidden.log.map((r) => r.path)).toEqual(['/secret.png']);
		});
	}
}

describe('n8n 2.x (modern runtime): proxy and SSRF protection', () => {
	defineNetworkSuite('modern');
});

describe('n8n 1.x (legacy runtime): proxy', () => {
	defineNetworkSuite('legacy');
});
