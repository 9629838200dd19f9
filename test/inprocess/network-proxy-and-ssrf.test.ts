/**
 * The node's own requests (result downloads, input links) under n8n's network settings, through
 * n8n-core's real engine and request helpers (@n8n/backend-network in n8n 2.41):
 * - Request Options → Proxy and Ignore SSL Issues reach every request, not only the API call;
 * - n8n's SSRF protection refuses input links to restricted addresses with an error that names
 *   the field and the fix, and nothing is fetched.
 */
/* eslint-disable @n8n/community-nodes/no-dangerous-functions -- test tooling: openssl makes a throwaway certificate */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { startStub, type IdeogramStub } from '../stub/ideogram-stub';
import { startForwardProxy, startImageHost, type ForwardProxy, type ImageHost } from '../support/forward-proxy';
import { makePng } from '../support/images';
import { runIdeogram, type RunResult } from '../support/n8n';
import { parseProxy } from '../../nodes/Ideogram/transport/requestOptions';

const KEY = 'sk-test-network-7f3a9c0d5e1b4a28';

// n8n-core reads its settings from its own copies of @n8n/di and @n8n/config; take those.
const coreDir = path.dirname(require.resolve('n8n-core'));
const networkDir = path.dirname(require.resolve('@n8n/backend-network', { paths: [coreDir] }));
/* eslint-disable @typescript-eslint/no-require-imports */
const { Container } = require(require.resolve('@n8n/di', { paths: [coreDir] })) as typeof import('@n8n/di');
const { SsrfProtectionConfig } = require(require.resolve('@n8n/config', { paths: [networkDir] })) as {
	SsrfProtectionConfig: new () => { enabled: boolean; allowedIpRanges: string[]; allowedHostnames: string[] };
};
/* eslint-enable @typescript-eslint/no-require-imports */

let stub: IdeogramStub;
let proxy: ForwardProxy;
let imageHost: ImageHost;
/** A second host on another loopback address, which SSRF protection must keep the node away from. */
let forbidden: ImageHost;
/** An https image host whose certificate is self-signed (no client trusts it). */
let selfSigned: ImageHost;
const INPUT = makePng(512, 512, { seed: 77 });

beforeAll(async () => {
	// Read once, when n8n builds its SSRF service on the first request: only the stub's, the
	// proxy's and the allowed image host's address (127.0.0.1) may be reached; 127.0.0.2 may not.
	const ssrf = Container.get(SsrfProtectionConfig);
	ssrf.allowedIpRanges = ['127.0.0.1/32'];
	ssrf.enabled = false;
	stub = await startStub({ personality: 'official', apiKey: KEY });
	proxy = await startForwardProxy();
	imageHost = await startImageHost(INPUT);
	forbidden = await startImageHost(INPUT, { host: '127.0.0.2' });
	selfSigned = await startImageHost(INPUT, { tls: selfSignedCertificate() });
});
afterAll(async () => {
	await Promise.all([stub?.close(), proxy?.close(), imageHost?.close(), forbidden?.close(), selfSigned?.close()]);
});
beforeEach(() => {
	stub.reset();
	proxy.reset();
	imageHost.reset();
	forbidden.reset();
	selfSigned.reset();
});

function selfSignedCertificate(): { key: Buffer; cert: Buffer } {
	const dir = mkdtempSync(path.join(tmpdir(), 'ideogram-tls-'));
	try {
		const [key, cert] = [path.join(dir, 'key.pem'), path.join(dir, 'cert.pem')];
		execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
		return { key: readFileSync(key), cert: readFileSync(cert) };
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

const credentials = () => ({ provider: 'ideogram', apiKey: KEY, baseUrl: stub.baseUrl });

function remix(image: string, requestOptions?: object): Promise<RunResult> {
	return runIdeogram({
		parameters: {
			resource: 'image',
			operation: 'remix',
			prompt: 'the same, in watercolour',
			image,
			additionalFields: { numImages: 2 },
			options: {},
			...(requestOptions ? { requestOptions } : {}),
		},
		credentials: credentials(),
		continueOnFail: true,
	});
}

const pathsThrough = (p: ForwardProxy) => p.log.map((r) => `${r.method} ${r.path}`);

describe('Request Options → Proxy', () => {
	test('the API call, both result downloads and the input link all go through the proxy; the key only to the API', async () => {
		const link = `${imageHost.origin}/inputs/photo.png`;
		const result = await remix(link, { proxy: proxy.url });
		expect(result.error).toBeUndefined();
		expect(result.output).toHaveLength(2);
		for (const item of result.output!) expect(item.binary?.data?.mimeType).toBe('image/png');

		expect(proxy.notProxyForm).toEqual([]);
		const through = pathsThrough(proxy);
		expect(through.filter((p) => p === 'GET /inputs/photo.png')).toHaveLength(1);
		expect(through.filter((p) => p === 'POST /v1/ideogram-v3/remix')).toHaveLength(1);
		const resultPaths = result.output!.map((item) => `GET ${new URL(item.json.url as string).pathname}`);
		for (const p of resultPaths) expect(through.filter((t) => t === p)).toHaveLength(1);
		expect(through).toHaveLength(4);
		// Everything that reached the origins came by way of the proxy.
		expect(stub.requests).toHaveLength(1);
		expect(stub.downloads).toHaveLength(2);
		expect(imageHost.log).toHaveLength(1);

		const api = proxy.log.find((r) => r.method === 'POST')!;
		expect(api.headers['api-key']).toBe(KEY);
		for (const r of proxy.log.filter((x) => x.method === 'GET')) expect(JSON.stringify(r.headers)).not.toContain(KEY);
		for (const d of stub.downloads) expect(JSON.stringify(d.headers)).not.toContain(KEY);
		expect(JSON.stringify(imageHost.log)).not.toContain(KEY);
	});

	test('without Request Options nothing goes through the proxy (the test above is not vacuous)', async () => {
		const result = await remix(`${imageHost.origin}/inputs/photo.png`);
		expect(result.error).toBeUndefined();
		expect(result.output).toHaveLength(2);
		expect(proxy.log).toEqual([]);
		expect(imageHost.log).toHaveLength(1);
		expect(stub.downloads).toHaveLength(2);
	});

	test('proxy credentials in the URL go to the proxy as Proxy-Authorization, on the downloads too', async () => {
		const withAuth = proxy.url.replace('http://', 'http://corp%40user:s3cret@');
		const result = await remix(`${imageHost.origin}/inputs/photo.png`, { proxy: withAuth });
		expect(result.error).toBeUndefined();
		expect(proxy.log).toHaveLength(4);
		const expected = `Basic ${Buffer.from('corp@user:s3cret').toString('base64')}`;
		for (const r of proxy.log) expect(r.headers['proxy-authorization']).toBe(expected);
		// The proxy's credentials stop at the proxy.
		expect(JSON.stringify(imageHost.log)).not.toContain('s3cret');
		expect(JSON.stringify(stub.downloads)).not.toContain(expected);
	});

	test('with the proxy down, the input link fails through it and nothing goes around it', async () => {
		const gone = await startForwardProxy();
		const url = gone.url;
		await gone.close();
		const result = await remix(`${imageHost.origin}/inputs/photo.png`, { proxy: url });
		// Input links are read before the API call, so the download is the first to fail.
		expect(result.output?.[0]?.json.error).toBe(`Image could not be downloaded from ${imageHost.origin}/inputs/photo.png: the proxy ${new URL(url).host} (Request Options → Proxy) could not be reached`);
		expect(imageHost.log).toEqual([]);
		expect(stub.requests).toEqual([]);
	});
});

describe('Request Options → Ignore SSL Issues, and https through the proxy', () => {
	test('a self-signed https link is refused by default, with the certificate named as the cause', async () => {
		const result = await remix(`${selfSigned.origin}/inputs/photo.png`);
		expect(result.output?.[0]?.json.error).toBe(
			`Image could not be downloaded from ${selfSigned.origin}/inputs/photo.png: the image host ${new URL(selfSigned.origin).host} presented a certificate that was not accepted (Request Options → Ignore SSL Issues turns this check off, for hosts you trust)`,
		);
		expect(stub.requests).toEqual([]);
	});

	test('with Ignore SSL Issues the same link downloads', async () => {
		const result = await remix(`${selfSigned.origin}/inputs/photo.png`, { allowUnauthorizedCerts: true });
		expect(result.error).toBeUndefined();
		expect(result.output).toHaveLength(2);
		expect(result.output![0].json.error).toBeUndefined();
		expect(selfSigned.log).toHaveLength(1);
	});

	test('through the proxy an https link is tunnelled (CONNECT), and Ignore SSL Issues still applies inside the tunnel', async () => {
		const result = await remix(`${selfSigned.origin}/inputs/photo.png`, { proxy: proxy.url, allowUnauthorizedCerts: true });
		expect(result.error).toBeUndefined();
		expect(result.output).toHaveLength(2);
		expect(proxy.log.filter((r) => r.method === 'CONNECT').map((r) => r.target)).toEqual([new URL(selfSigned.origin).host]);
		expect(selfSigned.log.map((r) => r.path)).toEqual(['/inputs/photo.png']);
		// The API call and the two results (plain http) went through the proxy as well.
		expect(proxy.log).toHaveLength(4);
	});
});

describe("Timeout: the node's option and n8n's Request Options → Timeout", () => {
	const link = () => `${imageHost.origin}/inputs/photo.png`;

	test("n8n's Request Options → Timeout (ms) bounds the downloads when the node's own Timeout is not set", async () => {
		stub.inject({ kind: 'image-slow', delayMs: 1500 });
		const result = await remix(link(), { timeout: 300 });
		const json = result.output?.[0]?.json as { error?: string; images?: unknown[] };
		expect(json.error).toMatch(/^Image 1 of 2 \(http:\/\/127\.0\.0\.1:\d+\/images\/[\w-]+\.png\) could not be downloaded: it did not arrive within 0\.3 s \(the Timeout option\)$/);
		expect(json.images).toHaveLength(2);
	});

	test("the node's own Timeout wins over Request Options → Timeout, for the downloads as for the API call", async () => {
		stub.inject({ kind: 'image-slow', delayMs: 800 });
		const result = await runIdeogram({
			parameters: { resource: 'image', operation: 'remix', prompt: 'p', image: link(), options: { timeout: 10 }, requestOptions: { timeout: 300 } },
			credentials: credentials(),
			continueOnFail: true,
		});
		expect(result.output?.[0]?.json.error).toBeUndefined();
		expect(result.output?.[0]?.binary?.data?.mimeType).toBe('image/png');
		expect(stub.downloads).toHaveLength(1);
	});
});

describe("n8n's SSRF protection (N8N_SSRF_PROTECTION_ENABLED)", () => {
	const withSsrf = async <T>(fn: () => Promise<T>): Promise<T> => {
		const ssrf = Container.get(SsrfProtectionConfig);
		ssrf.enabled = true;
		try {
			return await fn();
		} finally {
			ssrf.enabled = false;
		}
	};

	test.each([
		['another loopback address', () => `${forbidden.origin}/secret.png`, '127.0.0.2'],
		['the cloud metadata address', () => 'http://169.254.169.254/latest/meta-data', '169.254.169.254'],
	])('an input link to %s is refused, naming the field and the fix; nothing is fetched or sent', async (_what, link, ip) => {
		const result = await withSsrf(() => remix(link()));
		const json = result.output?.[0]?.json as { error?: string; description?: string } | undefined;
		expect(json?.error).toBe(`Image could not be downloaded from ${new URL(link()).origin}${new URL(link()).pathname}: n8n's SSRF protection blocked it (${ip} is a restricted address)`);
		expect(json?.description).toContain('N8N_SSRF_ALLOWED_IP_RANGES');
		expect(json?.description).toContain('N8N_SSRF_ALLOWED_HOSTNAMES');
		expect(forbidden.log).toEqual([]);
		expect(stub.requests).toEqual([]);
	});

	test('links and results on an allowed address still download with the protection on', async () => {
		const result = await withSsrf(() => remix(`${imageHost.origin}/inputs/photo.png`));
		expect(result.error).toBeUndefined();
		expect(result.output).toHaveLength(2);
		expect(imageHost.log).toHaveLength(1);
		expect(stub.downloads).toHaveLength(2);
	});
});

describe('parseProxy (the proxy as RoutingNode shapes it for the API call)', () => {
	test.each([
		['http://proxy.example.com:3128', { host: 'proxy.example.com', port: 3128, protocol: 'http' }],
		['https://proxy.example.com:8443', { host: 'proxy.example.com', port: 8443, protocol: 'https' }],
		// url.parse keeps an explicit default port; URL drops it, so it is put back.
		['http://proxy.example.com:80', { host: 'proxy.example.com', port: 80, protocol: 'http' }],
		['http://u%40corp:p%3Ass@10.0.0.5:8080', { host: '10.0.0.5', port: 8080, protocol: 'http', auth: { username: 'u@corp', password: 'p:ss' } }],
		['http://[::1]:3128', { host: '::1', port: 3128, protocol: 'http' }],
	])('%s', (url, expected) => {
		expect(parseProxy(url)).toEqual(expected);
	});

	test('not a URL', () => {
		expect(parseProxy('proxy.example.com')).toBeUndefined();
	});
});
