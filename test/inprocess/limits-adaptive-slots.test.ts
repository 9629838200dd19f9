/**
 * The image slots adapt to 429s for the in-flight limit (limits/imageSlots.ts): run through n8n's
 * engine against the stub, a 429 cuts the credential's cap and requests that go through grow it
 * back; version 2 items say what they met.
 */
import type { IDataObject } from 'n8n-workflow';

import { slotsFor } from '../../nodes/Ideogram/limits/imageSlots';
import type { RecordedRequest } from '../stub/ideogram-stub';
import { runIdeogram } from '../support/n8n';
import { useStub } from '../support/useStub';

const KEY = 'sk-test-adaptive-slots-7d41c2';
const stub = useStub({ apiKey: KEY, latencyMs: 5, retryAfterSeconds: 0.02 });

jest.setTimeout(60_000);

const credentials = () => ({ provider: 'ideogram', apiKey: KEY, baseUrl: stub.baseUrl });
const promptOf = (r: RecordedRequest) => String((r.json as { prompt?: string } | undefined)?.prompt ?? r.fields?.prompt?.[0] ?? '');
const prompts = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => ({ json: { prompt: `${prefix} ${i}` } }));
/** The pool the node used: same credential id (test/support/n8n.ts) and base URL, same setting. */
const pool = () => slotsFor(`cred-1|${stub.baseUrl}`, 10);

const v1 = (options: IDataObject = {}) => ({
	resource: 'image',
	operation: 'generate',
	prompt: '={{ $json.prompt }}',
	additionalFields: { renderingSpeed: 'TURBO' },
	options: { downloadImages: false, ...options },
});
const v2 = {
	resource: 'imageV2',
	operation: 'generate',
	model: 'ideogram-4',
	prompt: '={{ $json.prompt }}',
	additionalFields: { renderingSpeed: 'turbo' },
	options: { downloadImages: false },
};

test('a 429 for the in-flight limit cuts the cap; requests that go through grow it back one slot per run of the cap', async () => {
	stub.inject({ kind: 'status', status: 429, match: (r) => promptOf(r) === 'cut 0' });
	const first = await runIdeogram({ parameters: v1(), items: prompts(1, 'cut'), credentials: credentials() });
	expect(first.error).toBeUndefined();
	expect(stub.requests.map((r) => r.status)).toEqual([429, 200]);
	// 10 × 0.7; the retry that went through is the first of the 7 successes the next slot needs.
	expect(pool().cap).toBe(7);
	// Version 1's items stay exactly as they were: no new field.
	expect(first.output![0].json.throttled).toBeUndefined();

	const more = await runIdeogram({ parameters: v1(), items: prompts(6, 'grow'), credentials: credentials() });
	expect(more.output).toHaveLength(6);
	expect(pool().cap).toBe(8);
	const rest = await runIdeogram({ parameters: v1(), items: prompts(8 + 9, 'back'), credentials: credentials() });
	expect(rest.output).toHaveLength(17);
	expect(pool().cap).toBe(10);
});

test('a 429 for another limit than images in flight does not cut the cap', async () => {
	// Another limit in the spec's words: a 429 whose reject_reason is a plan limit (GenerationRejectReason
	// has no per-minute rate limit). It is reported, not retried, and the slots are left alone.
	stub.inject({
		kind: 'status',
		status: 429,
		body: { error: 'Feature limit reached', reject_reason: 'feature_limit' },
		match: (r) => promptOf(r) === 'other 0',
	});
	const before = pool().cap;
	const result = await runIdeogram({ parameters: v2, typeVersion: 2, items: prompts(1, 'other'), credentials: credentials() });
	expect(result.error?.message).toBe('Your Ideogram plan’s limit for this feature is reached (HTTP 429, feature_limit); not retried');
	expect(stub.requests.filter((r) => r.method === 'POST').map((r) => r.status)).toEqual([429]);
	expect(pool().cap).toBe(before);
});

test('version 2: an item that met the in-flight limit says how many 429s and how long it waited; the others carry nothing new', async () => {
	stub.inject({
		kind: 'status',
		status: 429,
		body: { error: 'Too many requests in flight', reject_reason: 'inflight_limit', max_inflight_requests: 4 },
		match: (r) => promptOf(r) === 'v2 0',
	});
	const result = await runIdeogram({ parameters: v2, typeVersion: 2, items: prompts(3, 'v2'), credentials: credentials() });
	expect(result.error).toBeUndefined();
	const byPrompt = new Map(result.output!.map((i) => [i.json.prompt, i.json]));
	const throttled = byPrompt.get('v2 0')!.throttled as IDataObject;
	expect(throttled).toEqual({ http429: 1, waitedMs: expect.any(Number) });
	// At least the Retry-After the stub sent (0.02 s); the rest is time spent waiting for a slot,
	// which the clock decides, so no exact figure.
	expect(throttled.waitedMs).toBeGreaterThanOrEqual(20);
	expect(byPrompt.get('v2 1')!.throttled).toBeUndefined();
	expect(byPrompt.get('v2 2')!.throttled).toBeUndefined();
	// The limit the 429 stated bounds the cap.
	expect(pool().cap).toBeLessThanOrEqual(4);
});
