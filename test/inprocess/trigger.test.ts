/**
 * The Ideogram Trigger through n8n-core: each request reaches the node's webhook() by a real HTTP
 * request, and an accepted delivery runs as an execution through WorkflowExecute (see
 * test/support/trigger.ts). The contract stub signs the deliveries with its own Ed25519 keys and
 * publishes them as a JWKS, serves the images and videos, and counts the JWKS fetches.
 */
import { randomBytes } from 'crypto';

import { DEFAULT_USER_ID, StubWebhooks, WEBHOOK_HEADERS } from '../stub/webhooks';
import { startTrigger, type TriggerServer } from '../support/trigger';
import { useStub } from '../support/useStub';

const KEY = 'sk-test-trigger-4e1d9a7c20';
const stub = useStub({ apiKey: KEY, latencyMs: 2, jobLatencyMs: 50 });
/** A second Ideogram whose JWKS a test takes down: its keys are cached apart (another base URL). */
const lonely = useStub({ apiKey: KEY, latencyMs: 2 });

jest.setTimeout(60_000);

/** In each body, so a test can check that no log line echoes it. */
const BODY_MARKER = 'body-marker-5f0e';
let ids = 0;
const newId = () => `gen-${Date.now().toString(36)}-${++ids}`;

let trigger: TriggerServer;
beforeAll(async () => {
	trigger = await startTrigger({ credentials: { provider: 'ideogram', apiKey: KEY, baseUrl: stub.baseUrl } });
});
afterAll(async () => trigger?.close());
beforeEach(() => {
	trigger.executions.length = 0;
	trigger.log.length = 0;
	trigger.answers.length = 0;
});

/** Two real images from the stub, as a finished generation's webhook body. */
async function imageBody(generationId = newId(), count = 2): Promise<Record<string, unknown>> {
	const res = await fetch(`${stub.baseUrl}/v2/image/generate/ideogram-4`, {
		method: 'POST',
		headers: { 'Api-Key': KEY, 'Content-Type': 'application/json' },
		body: JSON.stringify({ prompt: `A paper boat ${BODY_MARKER}`, num_images: count }),
	});
	if (res.status !== 200) throw new Error(`the stub refused the generation: ${res.status} ${await res.text()}`);
	const answer = (await res.json()) as { data: unknown[] };
	return StubWebhooks.imageBody({ generation_id: generationId, data: answer.data });
}

async function deliver(body: object | Buffer, opts: Parameters<StubWebhooks['deliver']>[2] = {}, target = trigger) {
	const attempts = await stub.webhooks.deliver(target.url, body, { maxAttempts: 1, ...opts });
	await target.idle();
	return attempts;
}

/** The refusal contract: the status, a generic body, no execution, the reason in n8n's log without the body. */
function expectRefused(status: number, reason: RegExp, target = trigger) {
	const generic: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 413: 'Payload Too Large', 503: 'Service Unavailable' };
	expect(target.answers.map((a) => [a.status, a.body])).toEqual([[status, JSON.stringify({ message: generic[status] })]]);
	expect(target.executions).toHaveLength(0);
	const warnings = target.log.filter((l) => l.level === 'warn').map((l) => l.message);
	expect(warnings).toHaveLength(1);
	expect(warnings[0]).toMatch(reason);
	expect(warnings[0]).toContain(`refused a request (${status})`);
	for (const line of target.log) {
		expect(line.message).not.toContain(BODY_MARKER);
		expect(line.message).not.toContain(KEY);
	}
}

describe('a valid delivery', () => {
	test('starts one execution: one item per image, the files in binary data, the delivery beside them', async () => {
		const id = newId();
		const body = await imageBody(id);
		const [attempt] = await deliver(body);
		expect(attempt.status).toBe(200);
		expect(trigger.executions).toHaveLength(1);
		const [execution] = trigger.executions;
		expect(execution.error).toBeUndefined();
		const items = execution.output!;
		expect(items).toHaveLength(2);
		const data = body.data as Array<{ url: string; seed: number; prompt: string; resolution: string }>;
		for (const [index, item] of items.entries()) {
			expect(item.json).toMatchObject({
				generation_id: id,
				index,
				kind: 'image',
				url: data[index].url,
				seed: data[index].seed,
				prompt: data[index].prompt,
				resolution: data[index].resolution,
				is_image_safe: true,
				user_id: DEFAULT_USER_ID,
				signature: { key_id: stub.webhooks.currentKey.kid },
				delivery: body,
			});
			expect(item.binary?.data).toMatchObject({ mimeType: 'image/png', fileName: `ideogram-${id}-${index + 1}.png` });
			const bytes = await trigger.getBinary(item);
			const served = Buffer.from(await (await fetch(data[index].url)).arrayBuffer());
			expect(bytes.equals(served)).toBe(true);
		}
		// The node after the trigger gets the same items.
		expect(execution.collected?.map((i) => i.json.index)).toEqual([0, 1]);
		// The downloads carried no key (image hosts are often third parties).
		expect(stub.downloads.length).toBeGreaterThanOrEqual(2);
		for (const d of stub.downloads) expect(JSON.stringify(d.headers)).not.toContain(KEY);
		expect(trigger.log.filter((l) => l.level !== 'info')).toEqual([]);
	});

	test('a video delivery: the video in binary data, its type read from the bytes', async () => {
		const id = newId();
		const body = await stub.webhooks.videoBody(id, 1);
		await deliver(body);
		expect(trigger.executions).toHaveLength(1);
		const [item] = trigger.executions[0].output!;
		expect(item.json).toMatchObject({ generation_id: id, kind: 'video', duration: 5, resolution: '720p', aspect_ratio: '16:9', object_type: 'video.generation' });
		expect(item.json).not.toHaveProperty('is_image_safe');
		expect(item.binary?.data).toMatchObject({ mimeType: 'video/mp4', fileName: `ideogram-${id}-1.mp4` });
		expect((await trigger.getBinary(item)).toString('latin1', 4, 8)).toBe('ftyp');
	});

	test('an async job with the webhook URL is delivered by the stub when it finishes, end to end', async () => {
		stub.webhooks.rewrite = (url) => (url === 'https://n8n.example.com/webhook/ideogram' ? trigger.url : url);
		const res = await fetch(`${stub.baseUrl}/v2/image/generate/ideogram-4`, {
			method: 'POST',
			headers: { 'Api-Key': KEY, 'Content-Type': 'application/json' },
			body: JSON.stringify({ prompt: 'A kite over dunes', webhook_url: 'https://n8n.example.com/webhook/ideogram' }),
		});
		const { generation_id } = (await res.json()) as { generation_id: string };
		for (let i = 0; i < 200 && trigger.executions.length === 0; i++) {
			await new Promise((resolve) => setTimeout(resolve, 20));
			await trigger.idle();
		}
		expect(trigger.executions).toHaveLength(1);
		expect(trigger.executions[0].output?.[0].json).toMatchObject({ generation_id, kind: 'image' });
		expect(trigger.executions[0].output?.[0].binary?.data?.mimeType).toBe('image/png');
	});

	test('Download Files off: the links only, no download', async () => {
		const linksOnly = await startTrigger({
			credentials: { provider: 'ideogram', apiKey: KEY, baseUrl: stub.baseUrl },
			parameters: { options: { downloadFiles: false } },
			nodeId: 'trigger-links',
		});
		try {
			const body = await imageBody();
			stub.downloads.length = 0;
			await deliver(body, {}, linksOnly);
			expect(linksOnly.executions).toHaveLength(1);
			const items = linksOnly.executions[0].output!;
			expect(items.map((i) => i.json.url)).toEqual((body.data as Array<{ url: string }>).map((d) => d.url));
			expect(items.every((i) => i.binary === undefined)).toBe(true);
			expect(stub.downloads).toHaveLength(0);
		} finally {
			await linksOnly.close();
		}
	});

	test('a link that cannot be downloaded fails the execution with the generation id and what to do', async () => {
		const id = newId();
		const body = await imageBody(id, 1);
		(body.data as Array<{ url: string }>)[0].url = `${stub.imageOrigin}/images/missing.png?exp=1&sig=00`;
		await deliver(body);
		expect(trigger.executions).toHaveLength(1);
		const { error } = trigger.executions[0];
		expect(error?.message).toMatch(/^The image \(http:\/\/127\.0\.0\.1:\d+\/images\/missing\.png\) could not be downloaded: the image host answered HTTP 404/);
		expect(error?.description).toContain(`Generation ${id} was delivered and verified`);
		expect(error?.description).toContain('Get Generation');
	});
});

describe('refused with 401, no execution', () => {
	test('a forged signature', async () => {
		await deliver(await imageBody(), {
			tamper: ({ body, headers }) => ({ body, headers: { ...headers, [WEBHOOK_HEADERS.signature]: randomBytes(64).toString('hex') } }),
		});
		expectRefused(401, /the signature matches none of the 1 key/);
	});

	test('one changed body byte', async () => {
		await deliver(await imageBody(), {
			tamper: ({ body, headers }) => {
				const i = body.indexOf('"seed":') + 7;
				body[i] = body[i] === 0x31 ? 0x32 : 0x31;
				return { body, headers };
			},
		});
		expectRefused(401, /the signature matches none/);
	});

	test('a changed header (the user id)', async () => {
		await deliver(await imageBody(), { tamper: ({ body, headers }) => ({ body, headers: { ...headers, [WEBHOOK_HEADERS.userId]: 'someone-else' } }) });
		expectRefused(401, /the signature matches none/);
	});

	test('a timestamp 6 minutes old (and the old signature with today’s time)', async () => {
		await deliver(await imageBody(), { sign: { timestamp: Math.floor(Date.now() / 1000) - 360 } });
		expectRefused(401, /the timestamp is 36\d s old, outside the 300 s tolerance/);
		trigger.answers.length = 0;
		trigger.log.length = 0;
		// Re-stamping an old delivery breaks its signature.
		const fresh = String(Math.floor(Date.now() / 1000));
		await deliver(await imageBody(), {
			sign: { timestamp: Math.floor(Date.now() / 1000) - 360 },
			tamper: ({ body, headers }) => ({ body, headers: { ...headers, [WEBHOOK_HEADERS.timestamp]: fresh } }),
		});
		expectRefused(401, /the signature matches none/);
	});

	test('a timestamp 6 minutes ahead', async () => {
		await deliver(await imageBody(), { sign: { timestamp: Math.floor(Date.now() / 1000) + 360 } });
		expectRefused(401, /the timestamp is 3[56]\d s in the future/);
	});

	test.each([WEBHOOK_HEADERS.generationId, WEBHOOK_HEADERS.userId, WEBHOOK_HEADERS.timestamp, WEBHOOK_HEADERS.signature])('the header %s missing', async (name) => {
		await deliver(await imageBody(), {
			tamper: ({ body, headers }) => {
				const rest = { ...headers };
				delete rest[name];
				return { body, headers: rest };
			},
		});
		expectRefused(401, new RegExp(`missing or repeated header ${name.toLowerCase()}`));
	});

	test('no headers at all (a plain POST)', async () => {
		const res = await fetch(trigger.url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ generation_id: 'x', note: BODY_MARKER }) });
		expect(res.status).toBe(401);
		expectRefused(401, /missing or repeated headers/);
	});

	test('a key absent from the JWKS: refetched once, still refused', async () => {
		const fetchesBefore = stub.webhooks.jwksFetches;
		await deliver(await imageBody(), { sign: { key: stub.webhooks.unpublishedKey() } });
		expectRefused(401, /the signature matches none .* \(the delivery names key "stub-unpublished-/);
		expect(stub.webhooks.jwksFetches - fetchesBefore).toBe(1);
	});

	test('a generation id header that does not match the body (validly signed)', async () => {
		await deliver(await imageBody('gen-in-body'), { sign: { generationId: 'gen-in-header' } });
		expectRefused(401, /the generation id header "gen-in-header" does not match the body's "gen-in-body"/);
	});
});

describe('keys', () => {
	test('cached: a second delivery fetches no keys', async () => {
		await deliver(await imageBody());
		const fetches = stub.webhooks.jwksFetches;
		await deliver(await imageBody());
		expect(trigger.executions).toHaveLength(2);
		expect(stub.webhooks.jwksFetches).toBe(fetches);
	});

	test('a rotated key (JWKS changed after the first fetch) is accepted after one refetch', async () => {
		await deliver(await imageBody());
		const fetches = stub.webhooks.jwksFetches;
		stub.webhooks.rotate({ keepOld: false });
		await deliver(await imageBody());
		expect(trigger.executions).toHaveLength(2);
		expect(trigger.executions[1].output?.[0].json.signature).toMatchObject({ key_id: stub.webhooks.currentKey.kid });
		expect(stub.webhooks.jwksFetches - fetches).toBe(1);
	});

	test('the JWKS down: refused (503, fail closed), no execution; accepted once it is back', async () => {
		const elsewhere = await startTrigger({ credentials: { provider: 'ideogram', apiKey: KEY, baseUrl: lonely.baseUrl }, nodeId: 'trigger-lonely' });
		try {
			lonely.webhooks.jwksStatus = 503;
			// Signed by the lonely stub's key, which the receiver has never seen.
			const body = await imageBody();
			await lonely.webhooks.deliver(elsewhere.url, body, { maxAttempts: 1 });
			await elsewhere.idle();
			expectRefused(503, new RegExp(`signing keys could not be had.*${lonely.baseUrl.replace(/[.]/g, '\\.')}/v1/\\.well-known/jwks\\.json answered HTTP 503`), elsewhere);
			lonely.webhooks.jwksStatus = 200;
			elsewhere.answers.length = 0;
			await lonely.webhooks.deliver(elsewhere.url, body, { maxAttempts: 1 });
			await elsewhere.idle();
			expect(elsewhere.answers[0].status).toBe(200);
			expect(elsewhere.executions).toHaveLength(1);
		} finally {
			await elsewhere.close();
		}
	});
});

describe('duplicates and odd bodies', () => {
	test('the same generation delivered twice: both acknowledged (200), one execution', async () => {
		const attempts = await deliver(await imageBody(), { times: 2 });
		expect(attempts.map((a) => a.status)).toEqual([200, 200]);
		expect(trigger.executions).toHaveLength(1);
		expect(JSON.parse(attempts[1].answer)).toEqual({ message: 'Already received' });
	});

	test('two deliveries of one generation at the same moment: one execution', async () => {
		const body = await imageBody();
		const both = await Promise.all([stub.webhooks.deliver(trigger.url, body, { maxAttempts: 1 }), stub.webhooks.deliver(trigger.url, body, { maxAttempts: 1 })]);
		await trigger.idle();
		expect(both.flat().map((a) => a.status)).toEqual([200, 200]);
		expect(trigger.executions).toHaveLength(1);
	});

	test('a forged copy of a delivered generation is still refused (401), not acknowledged', async () => {
		const body = await imageBody();
		await deliver(body);
		trigger.answers.length = 0;
		trigger.executions.length = 0;
		await deliver(body, { sign: { key: stub.webhooks.unpublishedKey() } });
		expectRefused(401, /the signature matches none/);
	});

	test('another trigger (workflow) keeps its own list: the same generation starts its execution there', async () => {
		const other = await startTrigger({ credentials: { provider: 'ideogram', apiKey: KEY, baseUrl: stub.baseUrl }, workflowId: 'wf-other' });
		try {
			const body = await imageBody();
			await deliver(body);
			await deliver(body, {}, other);
			expect(trigger.executions).toHaveLength(1);
			expect(other.executions).toHaveLength(1);
		} finally {
			await other.close();
		}
	});

	test('an oversized body is refused (413) before any key is fetched', async () => {
		const fetches = stub.webhooks.jwksFetches;
		const big = Buffer.from(JSON.stringify({ generation_id: newId(), data: [], pad: 'x'.repeat(1024 * 1024) }));
		await deliver(big, { sign: { generationId: 'gen-big' } });
		expectRefused(413, /the body is \d+ bytes, over the 1048576 bytes/);
		expect(stub.webhooks.jwksFetches).toBe(fetches);
	});

	test('a signed body that is not JSON is refused (400); a forged one (401)', async () => {
		const text = Buffer.from(`not json ${BODY_MARKER}`);
		const asText = ({ body, headers }: { body: Buffer; headers: Record<string, string> }) => ({ body, headers: { ...headers, 'Content-Type': 'text/plain' } });
		await deliver(text, { sign: { generationId: 'gen-text' }, tamper: asText });
		expectRefused(400, /the signed body \(\d+ bytes\) is not JSON/);
		trigger.answers.length = 0;
		trigger.log.length = 0;
		await deliver(text, { sign: { generationId: 'gen-text', key: stub.webhooks.unpublishedKey() }, tamper: asText });
		expectRefused(401, /the signature matches none/);
	});

	test('with a JSON content type, n8n itself refuses a body that does not parse (422), before the node', async () => {
		await deliver(Buffer.from('{"generation_id": '), { sign: { generationId: 'gen-broken' } });
		expect(trigger.answers.map((a) => a.status)).toEqual([422]);
		expect(trigger.executions).toHaveLength(0);
	});

	test('a delivery without images: one item saying so', async () => {
		const id = newId();
		await deliver({ generation_id: id, created: '2026-12-07T12:00:00Z', data: [] });
		expect(trigger.executions[0].output?.map((i) => i.json)).toEqual([
			expect.objectContaining({ generation_id: id, kind: 'none', warning: 'The delivery lists no images or videos.' }),
		]);
	});

	test('request_id in the body (the spec’s name) is accepted in place of generation_id', async () => {
		const id = newId();
		await deliver({ request_id: id, created: '2026-12-07T12:00:00Z', data: [] }, { sign: { generationId: id } });
		expect(trigger.executions).toHaveLength(1);
	});
});

describe('options', () => {
	test('a wider Timestamp Tolerance accepts a delivery 6 minutes old; values below 5 minutes count as 5', async () => {
		const wide = await startTrigger({
			credentials: { provider: 'ideogram', apiKey: KEY, baseUrl: stub.baseUrl },
			parameters: { options: { timestampTolerance: 600 } },
			nodeId: 'trigger-wide',
		});
		const narrow = await startTrigger({
			credentials: { provider: 'ideogram', apiKey: KEY, baseUrl: stub.baseUrl },
			parameters: { options: { timestampTolerance: 0 } },
			nodeId: 'trigger-narrow',
		});
		try {
			await deliver(await imageBody(), { sign: { timestamp: Math.floor(Date.now() / 1000) - 360 } }, wide);
			expect(wide.executions).toHaveLength(1);
			// 0 would turn the check off (or refuse everything): it is held at 300 s.
			await deliver(await imageBody(), { sign: { timestamp: Math.floor(Date.now() / 1000) - 120 } }, narrow);
			expect(narrow.executions).toHaveLength(1);
			await deliver(await imageBody(), { sign: { timestamp: Math.floor(Date.now() / 1000) - 360 } }, narrow);
			expect(narrow.executions).toHaveLength(1);
			expect(narrow.answers.at(-1)?.status).toBe(401);
		} finally {
			await wide.close();
			await narrow.close();
		}
	});
});
