/**
 * The stub's signed webhooks (./webhooks.ts): its JWKS is what the spec documents, its signatures
 * verify with node:crypto against that JWKS over the guide's message, and it delivers a finished
 * job, retries a non-2xx, delivers twice, rotates its key and can take its JWKS down.
 */
import { createHash, createPublicKey, verify } from 'crypto';
import * as http from 'http';
import type { AddressInfo } from 'net';

import { startStub, type IdeogramStub } from './ideogram-stub';
import { v2ComponentValidator } from './schema';
import { DEFAULT_USER_ID, JWKS_PATH, StubWebhooks, WEBHOOK_HEADERS, type Jwk } from './webhooks';

const KEY = 'stub-webhooks-key';

/** A receiver that records what it got and answers with the next queued status (200 when none). */
interface Receiver {
	url: string;
	got: Array<{ headers: http.IncomingHttpHeaders; body: Buffer }>;
	statuses: number[];
	close(): Promise<void>;
}

async function receiver(): Promise<Receiver> {
	const got: Receiver['got'] = [];
	const statuses: number[] = [];
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			got.push({ headers: req.headers, body: Buffer.concat(chunks) });
			res.writeHead(statuses.shift() ?? 200, { 'Content-Type': 'text/plain' });
			res.end('ok');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
		got,
		statuses,
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}

async function jwks(stub: IdeogramStub): Promise<{ status: number; body: { keys: Jwk[] } }> {
	const res = await fetch(stub.baseUrl + JWKS_PATH);
	return { status: res.status, body: (await res.json()) as { keys: Jwk[] } };
}

/** Verifies a received delivery the way a receiver must: the guide's message, every published key. */
function verifiesWith(keys: Jwk[], headers: http.IncomingHttpHeaders, body: Buffer): boolean {
	const h = (name: string) => String(headers[name.toLowerCase()]);
	const digest = createHash('sha256').update(body).digest('hex');
	const message = Buffer.from(`${h(WEBHOOK_HEADERS.generationId)}\n${h(WEBHOOK_HEADERS.userId)}\n${h(WEBHOOK_HEADERS.timestamp)}\n${digest}`);
	const signature = Buffer.from(h(WEBHOOK_HEADERS.signature), 'hex');
	return keys.some((jwk) => verify(null, message, createPublicKey({ key: { kty: jwk.kty, crv: jwk.crv, x: jwk.x }, format: 'jwk' }), signature));
}

let stub: IdeogramStub;
let hook: Receiver;
beforeAll(async () => {
	stub = await startStub({ personality: 'official', apiKey: KEY });
	hook = await receiver();
});
afterAll(async () => {
	await stub.close();
	await hook.close();
});
beforeEach(() => {
	stub.reset();
	hook.got.length = 0;
	hook.statuses.length = 0;
});

test('the JWKS is public, matches the spec (WebhookSigningJwks) and counts its fetches', async () => {
	const { status, body } = await jwks(stub);
	expect(status).toBe(200);
	const validate = v2ComponentValidator('WebhookSigningJwks');
	expect(validate(body) ? [] : validate.errors).toEqual([]);
	expect(body.keys).toHaveLength(1);
	expect(body.keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' });
	// x is the 32-byte key, base64url without padding.
	expect(Buffer.from(body.keys[0].x, 'base64url')).toHaveLength(32);
	expect(body.keys[0].x).not.toMatch(/[=+/]/);
	expect(stub.webhooks.jwksFetches).toBe(1);
	// No key was sent, and none was needed.
	expect(stub.requests[0]).toMatchObject({ method: 'GET', path: JWKS_PATH, status: 200 });
});

test('a delivery carries the five headers and a signature over the raw bytes that verifies with the JWKS', async () => {
	const body = { generation_id: 'gen-abc', created: '2026-12-07T12:00:00Z', data: [{ url: 'https://x/y.png', prompt: 'p', resolution: '1024x1024', seed: 7, is_image_safe: true }] };
	const [attempt] = await stub.webhooks.deliver(hook.url, body);
	expect(attempt).toMatchObject({ status: 200, attempt: 1, generationId: 'gen-abc' });
	const [got] = hook.got;
	expect(got.body.toString('utf8')).toBe(JSON.stringify(body));
	expect(got.headers['x-ideogram-webhook-generation-id']).toBe('gen-abc');
	expect(got.headers['x-ideogram-webhook-user-id']).toBe(DEFAULT_USER_ID);
	expect(got.headers['x-ideogram-webhook-key-id']).toBe(stub.webhooks.currentKey.kid);
	expect(got.headers['x-ideogram-webhook-signature']).toMatch(/^[0-9a-f]{128}$/);
	expect(Math.abs(Number(got.headers['x-ideogram-webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(600);
	const { body: set } = await jwks(stub);
	expect(verifiesWith(set.keys, got.headers, got.body)).toBe(true);
	// One changed byte, and the same signature no longer verifies.
	const changed = Buffer.from(got.body);
	changed[changed.indexOf('7')] = '8'.charCodeAt(0);
	expect(verifiesWith(set.keys, got.headers, changed)).toBe(false);
});

test('a non-2xx answer is retried, each attempt signed afresh, until a 2xx', async () => {
	hook.statuses.push(500, 503);
	const attempts = await stub.webhooks.deliver(hook.url, { generation_id: 'gen-retry', data: [] });
	expect(attempts.map((a) => a.status)).toEqual([500, 503, 200]);
	expect(hook.got).toHaveLength(3);
	const { body: set } = await jwks(stub);
	for (const got of hook.got) expect(verifiesWith(set.keys, got.headers, got.body)).toBe(true);
});

test('retries stop after maxAttempts; a refused connection counts as a failed attempt', async () => {
	hook.statuses.push(401, 401, 401, 401);
	const attempts = await stub.webhooks.deliver(hook.url, { generation_id: 'gen-refused', data: [] });
	expect(attempts.map((a) => a.status)).toEqual([401, 401, 401]);
	const nowhere = await receiver();
	await nowhere.close();
	const lost = await stub.webhooks.deliver(nowhere.url, { generation_id: 'gen-lost', data: [] }, { maxAttempts: 2 });
	expect(lost.map((a) => a.status)).toEqual([0, 0]);
	expect(lost.map((a) => a.error)).toEqual([expect.stringContaining('ECONNREFUSED'), expect.stringContaining('ECONNREFUSED')]);
});

test('times: 2 delivers the same generation twice, both acknowledged', async () => {
	const attempts = await stub.webhooks.deliver(hook.url, { generation_id: 'gen-twice', data: [] }, { times: 2 });
	expect(attempts.map((a) => [a.generationId, a.status])).toEqual([
		['gen-twice', 200],
		['gen-twice', 200],
	]);
	expect(hook.got.map((g) => g.body.toString())).toEqual([JSON.stringify({ generation_id: 'gen-twice', data: [] }), JSON.stringify({ generation_id: 'gen-twice', data: [] })]);
});

test('rotation: the new key signs, the old one stays published unless dropped', async () => {
	const before = (await jwks(stub)).body.keys.map((k) => k.kid);
	const kid = stub.webhooks.rotate();
	const after = (await jwks(stub)).body.keys.map((k) => k.kid);
	expect(after).toEqual([kid, ...before]);
	await stub.webhooks.deliver(hook.url, { generation_id: 'gen-rotated', data: [] });
	expect(hook.got[0].headers['x-ideogram-webhook-key-id']).toBe(kid);
	const onlyOld = (await jwks(stub)).body.keys.filter((k) => k.kid !== kid);
	expect(verifiesWith(onlyOld, hook.got[0].headers, hook.got[0].body)).toBe(false);
	const dropped = stub.webhooks.rotate({ keepOld: false });
	expect((await jwks(stub)).body.keys.map((k) => k.kid)).toEqual([dropped]);
});

test('signing overrides and tampering produce the deliveries a receiver must refuse', async () => {
	const outsider = stub.webhooks.unpublishedKey();
	await stub.webhooks.deliver(hook.url, { generation_id: 'gen-forged', data: [] }, { sign: { key: outsider, timestamp: 1_000_000_000 } });
	await stub.webhooks.deliver(hook.url, { generation_id: 'gen-tampered', data: [] }, { tamper: ({ body, headers }) => ({ body: Buffer.concat([body, Buffer.from(' ')]), headers }) });
	const { body: set } = await jwks(stub);
	expect(hook.got[0].headers['x-ideogram-webhook-timestamp']).toBe('1000000000');
	expect(set.keys.map((k) => k.kid)).not.toContain(outsider.kid);
	expect(verifiesWith(set.keys, hook.got[0].headers, hook.got[0].body)).toBe(false);
	expect(verifiesWith(set.keys, hook.got[1].headers, hook.got[1].body)).toBe(false);
});

test('the JWKS can be taken down (and comes back on reset)', async () => {
	stub.webhooks.jwksStatus = 503;
	expect((await fetch(stub.baseUrl + JWKS_PATH)).status).toBe(503);
	stub.reset();
	expect((await fetch(stub.baseUrl + JWKS_PATH)).status).toBe(200);
});

test('an async v2 job with a webhook_url is delivered when it finishes; a non-loopback one is not', async () => {
	stub.webhooks.rewrite = (url) => url.replace('https://hooks.test.invalid/ideogram', hook.url);
	const submit = await fetch(`${stub.baseUrl}/v2/image/generate/ideogram-4`, {
		method: 'POST',
		headers: { 'Api-Key': KEY, 'Content-Type': 'application/json' },
		body: JSON.stringify({ prompt: 'A red kite', webhook_url: 'https://hooks.test.invalid/ideogram' }),
	});
	expect(submit.status).toBe(200);
	const { generation_id } = (await submit.json()) as { generation_id: string };
	for (let i = 0; i < 100 && hook.got.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
	expect(hook.got).toHaveLength(1);
	const delivered = JSON.parse(hook.got[0].body.toString('utf8')) as { generation_id: string; data: Array<{ url: string; prompt: string }> };
	expect(delivered.generation_id).toBe(generation_id);
	expect(hook.got[0].headers['x-ideogram-webhook-generation-id']).toBe(generation_id);
	expect(delivered.data[0].url).toContain(`${stub.imageOrigin}/images/`);
	expect((await fetch(delivered.data[0].url)).status).toBe(200);

	stub.webhooks.rewrite = (url) => url;
	await fetch(`${stub.baseUrl}/v2/image/generate/ideogram-4`, {
		method: 'POST',
		headers: { 'Api-Key': KEY, 'Content-Type': 'application/json' },
		body: JSON.stringify({ prompt: 'A blue kite', webhook_url: 'https://hooks.example.com/ideogram' }),
	});
	for (let i = 0; i < 100 && stub.webhooks.skipped.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
	expect(stub.webhooks.skipped).toEqual(['https://hooks.example.com/ideogram']);
	expect(hook.got).toHaveLength(1);
});

test('a video body: VideoObjects whose links serve MP4 bytes from the media host', async () => {
	const body = (await stub.webhooks.videoBody('gen-video', 2)) as { data: Array<{ url: string; object_type: string; duration: number }> };
	expect(body.data).toHaveLength(2);
	for (const video of body.data) {
		expect(video).toMatchObject({ object_type: 'video.generation', duration: 5, resolution: '720p', aspect_ratio: '16:9' });
		const res = await fetch(video.url);
		expect(res.headers.get('content-type')).toBe('video/mp4');
		const bytes = Buffer.from(await res.arrayBuffer());
		expect(bytes.toString('latin1', 4, 8)).toBe('ftyp');
	}
	expect(body.data[0].url).not.toBe(body.data[1].url);
});

test('the control routes drive the same webhooks for clients in other processes', async () => {
	const rotate = await fetch(`${stub.controlUrl}/webhooks/rotate`, { method: 'POST', body: '{}' });
	const { kid } = (await rotate.json()) as { kid: string };
	expect(stub.webhooks.currentKey.kid).toBe(kid);
	const down = await fetch(`${stub.controlUrl}/webhooks/jwks`, { method: 'POST', body: JSON.stringify({ status: 502 }) });
	expect(down.status).toBe(200);
	expect((await fetch(stub.baseUrl + JWKS_PATH)).status).toBe(502);
	const deliver = await fetch(`${stub.controlUrl}/webhooks/deliver`, { method: 'POST', body: JSON.stringify({ url: hook.url, body: { generation_id: 'gen-ctl', data: [] }, times: 2 }) });
	expect(((await deliver.json()) as unknown[]).length).toBe(2);
	const attempts = (await (await fetch(`${stub.controlUrl}/webhooks/attempts`)).json()) as Array<{ generationId: string }>;
	expect(attempts.map((a) => a.generationId)).toEqual(['gen-ctl', 'gen-ctl']);
	expect((await fetch(`${stub.controlUrl}/webhooks/nothing`)).status).toBe(404);
});

test('imageBody keeps the answer’s images and id', () => {
	const body = StubWebhooks.imageBody({ generation_id: 'g1', data: [{ url: 'u' }] }, 'c');
	expect(body).toEqual({ generation_id: 'g1', created: 'c', data: [{ url: 'u' }] });
});
