/**
 * The Ideogram Trigger's checks without n8n (nodes/Ideogram/webhooks/): the signed message, the
 * JWKS parsing, the key cache (24 hours, one refetch, the fetch budget, shared fetches), the order
 * of the checks and the list of recent generation ids. The clock is a parameter, so times are set,
 * not waited for. The keys and signatures come from the contract stub's signer.
 */
import { createHash } from 'crypto';

import { FETCH_BUDGET, KEYS_MAX_AGE_MS, signingKeys } from '../../../nodes/Ideogram/webhooks/keys';
import { firstDelivery, RECENT_MAX_AGE_MS, RECENT_MAX_IDS } from '../../../nodes/Ideogram/webhooks/recent';
import { JWKS_PATH, keysOf, signedMessage, WEBHOOK_HEADERS } from '../../../nodes/Ideogram/webhooks/signature';
import { MAX_DELIVERY_BYTES, toleranceFrom, verifyDelivery, type DeliveryCheck } from '../../../nodes/Ideogram/webhooks/verify';
import { sniffVideo } from '../../../nodes/Ideogram/transport/download';
import { makeMp4, newSigningKey, signedMessage as stubSignedMessage, StubWebhooks } from '../../stub/webhooks';

const NOW = Date.UTC(2026, 11, 7, 12, 0, 0);
const nowSeconds = NOW / 1000;
let urls = 0;
/** Each test its own JWKS address: the cache is the process's, shared by every test here. */
const freshUrl = () => `https://keys-${++urls}.test${JWKS_PATH}`;

/** A JWKS source whose documents and failures the test sets, counting fetches. */
function source(signer: StubWebhooks) {
	const state = { fetches: 0, fail: undefined as string | undefined };
	const fetchKeys = async () => {
		state.fetches++;
		if (state.fail) throw new Error(state.fail);
		return signer.jwksAnswer()[1];
	};
	return { state, fetchKeys };
}

/** Node's request headers (lower-case names) for a body signed by `signer`. */
function signed(signer: StubWebhooks, body: Buffer, sign: Partial<Parameters<StubWebhooks['sign']>[1]> = {}): Record<string, string> {
	const headers = signer.sign(body, { generationId: 'gen-1', timestamp: nowSeconds, ...sign });
	return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

const body = (id = 'gen-1', extra: object = {}) => Buffer.from(JSON.stringify({ generation_id: id, created: '2026-12-07T12:00:00Z', data: [], ...extra }));

function check(signer: StubWebhooks, overrides: Partial<DeliveryCheck> & { raw?: Buffer } = {}) {
	const { fetchKeys, state } = source(signer);
	const raw = overrides.raw ?? body();
	return {
		state,
		run: (more: Partial<DeliveryCheck> = {}) =>
			verifyDelivery({ headers: signed(signer, raw), rawBody: raw, keysUrl: overrides.keysUrl ?? freshUrl(), fetchKeys, now: NOW, toleranceSeconds: 300, ...overrides, ...more }),
	};
}

describe('the signed message', () => {
	test('is the guide’s four lines, the last the SHA-256 hex of the raw bytes (the stub signs the same)', () => {
		const raw = Buffer.from('{"generation_id":"g","data":[]}');
		const digest = createHash('sha256').update(raw).digest('hex');
		expect(signedMessage('g', 'u', '1765108800', raw).toString('utf8')).toBe(`g\nu\n1765108800\n${digest}`);
		expect(signedMessage('g', 'u', '1765108800', raw).equals(stubSignedMessage('g', 'u', '1765108800', raw))).toBe(true);
	});
});

describe('keysOf', () => {
	test('takes the Ed25519 keys and skips what is not one', () => {
		const good = newSigningKey('good').jwk;
		const keys = keysOf({
			keys: [
				good,
				{ ...good, kid: 'rsa', kty: 'RSA' },
				{ ...good, kid: 'x448', crv: 'X448' },
				{ ...good, kid: 'short', x: good.x.slice(0, 20) },
				{ ...good, kid: 'enc', use: 'enc' },
				null,
				'junk',
			],
		});
		expect(keys.map((k) => k.kid)).toEqual(['good']);
		expect(keysOf({})).toEqual([]);
		expect(keysOf(null)).toEqual([]);
		expect(keysOf({ keys: 'no' })).toEqual([]);
	});
});

describe('verifyDelivery', () => {
	const signer = new StubWebhooks();

	test('accepts a delivery signed by a published key, and says which one', async () => {
		const verdict = await check(signer).run();
		expect(verdict).toMatchObject({ ok: true, generationId: 'gen-1', timestamp: nowSeconds, keyId: signer.currentKey.kid, body: { generation_id: 'gen-1' } });
	});

	test('tries every key, whatever the key id names', async () => {
		const many = new StubWebhooks();
		const oldKey = many.currentKey;
		many.rotate();
		const raw = body();
		const headers = signed(many, raw, { key: oldKey });
		headers[WEBHOOK_HEADERS.keyId] = many.currentKey.kid;
		const { fetchKeys } = source(many);
		const verdict = await verifyDelivery({ headers, rawBody: raw, keysUrl: freshUrl(), fetchKeys, now: NOW, toleranceSeconds: 300 });
		expect(verdict).toMatchObject({ ok: true, keyId: oldKey.kid });
	});

	test.each([
		['a changed byte', (raw: Buffer, h: Record<string, string>) => [Buffer.concat([raw.subarray(0, raw.length - 1), Buffer.from(' ')]), h]],
		['a changed user id', (raw: Buffer, h: Record<string, string>) => [raw, { ...h, [WEBHOOK_HEADERS.userId]: 'other' }]],
		['a changed generation id', (raw: Buffer, h: Record<string, string>) => [raw, { ...h, [WEBHOOK_HEADERS.generationId]: 'gen-2' }]],
		['a signature of another message', (raw: Buffer, h: Record<string, string>) => [raw, { ...h, [WEBHOOK_HEADERS.signature]: 'ab'.repeat(64) }]],
	] as const)('refuses %s (401)', async (_what, change) => {
		const raw = body();
		const [changedRaw, headers] = change(raw, signed(signer, raw)) as [Buffer, Record<string, string>];
		const { fetchKeys } = source(signer);
		const verdict = await verifyDelivery({ headers, rawBody: changedRaw, keysUrl: freshUrl(), fetchKeys, now: NOW, toleranceSeconds: 300 });
		expect(verdict).toMatchObject({ ok: false, status: 401, reason: expect.stringMatching(/^the signature matches none of the 1 key at https:\/\/keys-\d+\.test\/v1\/\.well-known\/jwks\.json/) });
	});

	test('refuses a timestamp outside the tolerance, either way, before fetching keys; inside it passes', async () => {
		for (const [offset, ok, words] of [
			[-301, false, '301 s old'],
			[301, false, '301 s in the future'],
			[-300, true, ''],
			[300, true, ''],
		] as const) {
			const raw = body();
			const { fetchKeys, state } = source(signer);
			const headers = signed(signer, raw, { timestamp: nowSeconds + offset });
			const verdict = await verifyDelivery({ headers, rawBody: raw, keysUrl: freshUrl(), fetchKeys, now: NOW, toleranceSeconds: 300 });
			expect(verdict.ok).toBe(ok);
			if (!ok) {
				expect(verdict).toMatchObject({ status: 401, reason: expect.stringContaining(words) });
				expect(state.fetches).toBe(0);
			}
		}
	});

	test('refuses missing, repeated and malformed headers before fetching keys', async () => {
		const raw = body();
		const base = signed(signer, raw);
		const cases: Array<[Record<string, string | string[]>, RegExp]> = [
			[{ ...base, [WEBHOOK_HEADERS.signature]: '' }, /missing or repeated header x-ideogram-webhook-signature$/],
			[{ ...base, [WEBHOOK_HEADERS.generationId]: ['gen-1', 'gen-1'] }, /header x-ideogram-webhook-generation-id$/],
			[{ [WEBHOOK_HEADERS.signature]: base[WEBHOOK_HEADERS.signature] }, /headers x-ideogram-webhook-generation-id, x-ideogram-webhook-user-id, x-ideogram-webhook-timestamp$/],
			[{ ...base, [WEBHOOK_HEADERS.timestamp]: '2026-12-07T12:00:00Z' }, /the timestamp "2026-12-07T12:00:00Z" is not Unix seconds/],
			[{ ...base, [WEBHOOK_HEADERS.signature]: base[WEBHOOK_HEADERS.signature].slice(2) }, /not 128 hex digits/],
		];
		for (const [headers, reason] of cases) {
			const { fetchKeys, state } = source(signer);
			const verdict = await verifyDelivery({ headers, rawBody: raw, keysUrl: freshUrl(), fetchKeys, now: NOW, toleranceSeconds: 300 });
			expect(verdict).toMatchObject({ ok: false, status: 401, reason: expect.stringMatching(reason) });
			expect(state.fetches).toBe(0);
		}
		// The key id is a hint: without it the delivery still verifies.
		const withoutHint = { ...base };
		delete withoutHint[WEBHOOK_HEADERS.keyId];
		const { fetchKeys } = source(signer);
		expect((await verifyDelivery({ headers: withoutHint, rawBody: raw, keysUrl: freshUrl(), fetchKeys, now: NOW, toleranceSeconds: 300 })).ok).toBe(true);
	});

	test('a header value in a reason is bounded and printable', async () => {
		const raw = body();
		const headers = { ...signed(signer, raw), [WEBHOOK_HEADERS.timestamp]: `\u001b[31m${'9'.repeat(200)}` };
		const verdict = await verifyDelivery({ headers, rawBody: raw, keysUrl: freshUrl(), fetchKeys: source(signer).fetchKeys, now: NOW, toleranceSeconds: 300 });
		expect(verdict.ok).toBe(false);
		if (!verdict.ok) {
			expect(verdict.reason).not.toContain('\u001b');
			expect(verdict.reason.length).toBeLessThan(160);
		}
	});

	test('refuses an oversized body (413) and a signed non-JSON body (400); the generation id must match the body', async () => {
		const big = Buffer.alloc(MAX_DELIVERY_BYTES + 1, 0x20);
		expect(await check(signer, { raw: big }).run()).toMatchObject({ ok: false, status: 413 });
		const text = Buffer.from('not json');
		expect(await check(signer, { raw: text }).run()).toMatchObject({ ok: false, status: 400, reason: 'the signed body (8 bytes) is not JSON' });
		expect(await check(signer, { raw: Buffer.from('[1,2]') }).run()).toMatchObject({ ok: false, status: 400 });
		expect(await check(signer, { raw: body('gen-other') }).run()).toMatchObject({ ok: false, status: 401, reason: 'the generation id header "gen-1" does not match the body\'s "gen-other"' });
		expect(await check(signer, { raw: Buffer.from('{"data":[]}') }).run()).toMatchObject({ ok: false, status: 401, reason: expect.stringContaining('has no generation_id') });
		// The spec's name for it.
		expect(await check(signer, { raw: Buffer.from('{"request_id":"gen-1","data":[]}') }).run()).toMatchObject({ ok: true });
	});

	test('keys that cannot be fetched: refused (503), never accepted', async () => {
		const { fetchKeys, state } = source(signer);
		state.fail = 'https://k/v1/.well-known/jwks.json answered HTTP 502';
		const raw = body();
		const verdict = await verifyDelivery({ headers: signed(signer, raw), rawBody: raw, keysUrl: freshUrl(), fetchKeys, now: NOW, toleranceSeconds: 300 });
		expect(verdict).toMatchObject({ ok: false, status: 503, reason: expect.stringContaining('answered HTTP 502') });
	});

	test('a JWKS without any Ed25519 key counts as no keys (503)', async () => {
		const raw = body();
		const verdict = await verifyDelivery({ headers: signed(signer, raw), rawBody: raw, keysUrl: freshUrl(), fetchKeys: async () => ({ keys: [] }), now: NOW, toleranceSeconds: 300 });
		expect(verdict).toMatchObject({ ok: false, status: 503, reason: expect.stringContaining('holds no Ed25519 key') });
	});
});

describe('the key cache', () => {
	test('keeps keys for 24 hours, then fetches again', async () => {
		const signer = new StubWebhooks();
		const { fetchKeys, state } = source(signer);
		const url = freshUrl();
		await signingKeys(url, fetchKeys, NOW);
		await signingKeys(url, fetchKeys, NOW + KEYS_MAX_AGE_MS - 1);
		expect(state.fetches).toBe(1);
		await signingKeys(url, fetchKeys, NOW + KEYS_MAX_AGE_MS);
		expect(state.fetches).toBe(2);
	});

	test('deliveries arriving together share one fetch', async () => {
		const signer = new StubWebhooks();
		const { fetchKeys, state } = source(signer);
		const url = freshUrl();
		const raw = body();
		const all = await Promise.all(
			Array.from({ length: 5 }, () => verifyDelivery({ headers: signed(signer, raw), rawBody: raw, keysUrl: url, fetchKeys, now: NOW, toleranceSeconds: 300 })),
		);
		expect(all.every((v) => v.ok)).toBe(true);
		expect(state.fetches).toBe(1);
	});

	test('a rotated key: one refetch, then accepted; the next delivery uses the cache', async () => {
		const signer = new StubWebhooks();
		const { fetchKeys, state } = source(signer);
		const url = freshUrl();
		const raw = body();
		expect((await verifyDelivery({ headers: signed(signer, raw), rawBody: raw, keysUrl: url, fetchKeys, now: NOW, toleranceSeconds: 300 })).ok).toBe(true);
		signer.rotate({ keepOld: false });
		const verdict = await verifyDelivery({ headers: signed(signer, raw), rawBody: raw, keysUrl: url, fetchKeys, now: NOW + 1000, toleranceSeconds: 300 });
		expect(verdict).toMatchObject({ ok: true, keyId: signer.currentKey.kid });
		expect(state.fetches).toBe(2);
		await verifyDelivery({ headers: signed(signer, raw), rawBody: raw, keysUrl: url, fetchKeys, now: NOW + 2000, toleranceSeconds: 300 });
		expect(state.fetches).toBe(2);
	});

	test('a bad signature naming a key just fetched causes no refetch; naming an unknown key, one', async () => {
		const signer = new StubWebhooks();
		const { fetchKeys, state } = source(signer);
		const url = freshUrl();
		const raw = body();
		// A day's tolerance, so the later call is not refused for its age first.
		const run = (headers: Record<string, string>, now = NOW) => verifyDelivery({ headers, rawBody: raw, keysUrl: url, fetchKeys, now, toleranceSeconds: 86400 });
		const forged = { ...signed(signer, raw), [WEBHOOK_HEADERS.signature]: 'cd'.repeat(64) };
		await run(forged);
		await run(forged);
		expect(state.fetches).toBe(1);
		await run({ ...forged, [WEBHOOK_HEADERS.keyId]: 'made-up' });
		expect(state.fetches).toBe(2);
		// Keys held for a while are checked again even for a known id (a key could change under it).
		await run(forged, NOW + 11 * 60 * 1000);
		expect(state.fetches).toBe(3);
	});

	test(`at most ${FETCH_BUDGET} fetches a minute per address; the cached keys stay in use`, async () => {
		const signer = new StubWebhooks();
		const { fetchKeys, state } = source(signer);
		const url = freshUrl();
		const raw = body();
		const forged = (i: number) => ({ ...signed(signer, raw), [WEBHOOK_HEADERS.signature]: 'ef'.repeat(64), [WEBHOOK_HEADERS.keyId]: `made-up-${i}` });
		let last;
		for (let i = 0; i < FETCH_BUDGET + 5; i++) last = await verifyDelivery({ headers: forged(i), rawBody: raw, keysUrl: url, fetchKeys, now: NOW + i, toleranceSeconds: 300 });
		expect(state.fetches).toBe(FETCH_BUDGET);
		expect(last).toMatchObject({ ok: false, status: 401, reason: expect.stringContaining(`fetched ${FETCH_BUDGET} times in the last minute`) });
		// A genuine delivery still verifies with the cached keys meanwhile.
		expect((await verifyDelivery({ headers: signed(signer, raw), rawBody: raw, keysUrl: url, fetchKeys, now: NOW + 100, toleranceSeconds: 300 })).ok).toBe(true);
		// A minute later the budget is back.
		await verifyDelivery({ headers: forged(99), rawBody: raw, keysUrl: url, fetchKeys, now: NOW + 61_000, toleranceSeconds: 300 });
		expect(state.fetches).toBe(FETCH_BUDGET + 1);
	});
});

describe('recent generation ids', () => {
	test('the first delivery of an id is first, once per trigger', () => {
		expect(firstDelivery('wf-a\nnode-1', 'gen-r1', NOW)).toBe(true);
		expect(firstDelivery('wf-a\nnode-1', 'gen-r1', NOW + 1)).toBe(false);
		expect(firstDelivery('wf-b\nnode-1', 'gen-r1', NOW + 2)).toBe(true);
	});

	test('forgets ids after a day, and the oldest beyond the bound', () => {
		expect(firstDelivery('scope-age', 'gen-old', NOW)).toBe(true);
		expect(firstDelivery('scope-age', 'gen-old', NOW + RECENT_MAX_AGE_MS - 1)).toBe(false);
		expect(firstDelivery('scope-age', 'gen-old', NOW + RECENT_MAX_AGE_MS + 5)).toBe(true);
		const later = NOW + 3 * RECENT_MAX_AGE_MS;
		expect(firstDelivery('scope-bound', 'gen-0', later)).toBe(true);
		for (let i = 1; i <= RECENT_MAX_IDS; i++) firstDelivery('scope-bound', `gen-${i}`, later);
		// gen-0 was pushed out; the newest are still remembered.
		expect(firstDelivery('scope-bound', `gen-${RECENT_MAX_IDS}`, later)).toBe(false);
		expect(firstDelivery('scope-bound', 'gen-0', later)).toBe(true);
	});
});

describe('small pieces', () => {
	test('the tolerance option is held between 5 minutes and a day', () => {
		expect(toleranceFrom(undefined)).toBe(300);
		expect(toleranceFrom(0)).toBe(300);
		expect(toleranceFrom(-5)).toBe(300);
		expect(toleranceFrom(600.7)).toBe(600);
		expect(toleranceFrom(10 ** 9)).toBe(86400);
		expect(toleranceFrom('abc')).toBe(300);
	});

	test('sniffVideo reads MP4, QuickTime and WebM from the bytes, and nothing else', () => {
		expect(sniffVideo(makeMp4(16))).toBe('video/mp4');
		const mov = makeMp4(16);
		mov.write('qt  ', 8, 'latin1');
		expect(sniffVideo(mov)).toBe('video/quicktime');
		expect(sniffVideo(Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0, 0, 0, 0]))).toBe('video/webm');
		expect(sniffVideo(Buffer.from('\x89PNG\r\n\x1a\n0000', 'latin1'))).toBeUndefined();
		expect(sniffVideo(Buffer.alloc(3))).toBeUndefined();
	});
});
