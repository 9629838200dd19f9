/**
 * v2 jobs: every v2 generation is sent with `async` and, with Wait for Completion, polled at
 * GET /v2/generations/{id} until its images are ready; Get Generation collects a job later. Run
 * through n8n's engine against the stub, which keeps a job pending for `jobLatencyMs`.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { imageSize } from '../stub/png';
import { runIdeogram } from '../support/n8n';
import { useStub } from '../support/useStub';

const KEY = 'sk-test-v2-jobs-51c0b7e3d2';
const stub = useStub({ apiKey: KEY, latencyMs: 2, jobLatencyMs: 1_200, retryAfterSeconds: 0.2 });
const limited = useStub({ apiKey: KEY, latencyMs: 2, jobLatencyMs: 400, maxInflightImages: 2 });
const heldLimited = useStub({ apiKey: KEY, latencyMs: 2, jobLatencyMs: 400, maxInflightImages: 2 });
const heldFree = useStub({ apiKey: KEY, latencyMs: 2, jobLatencyMs: 400, maxInflightImages: 2 });
const heldOne = useStub({ apiKey: KEY, latencyMs: 2, jobLatencyMs: 300, maxInflightImages: 1 });
const pollLimited = useStub({ apiKey: KEY, latencyMs: 2, jobLatencyMs: 2_500, maxPollsPer10s: 1, retryAfterSeconds: 0.3 });

jest.setTimeout(60_000);

const credentials = (s = stub) => ({ provider: 'ideogram', apiKey: KEY, baseUrl: s.baseUrl });
const posts = (s = stub) => s.requests.filter((r) => r.method === 'POST');
const polls = (s = stub) => s.requests.filter((r) => r.method === 'GET');

const generate = (prompt: string, options: IDataObject = {}) => ({
	resource: 'imageV2',
	operation: 'generate',
	model: 'ideogram-4',
	prompt,
	additionalFields: { renderingSpeed: 'turbo' },
	options,
});
const getGeneration = (generationId: string, options: IDataObject = {}) => ({
	resource: 'imageV2',
	operation: 'getGeneration',
	generationId,
	options,
});

const run = (parameters: IDataObject, opts: { s?: typeof stub; items?: Array<{ json: IDataObject }>; continueOnFail?: boolean } = {}) =>
	runIdeogram({ parameters, typeVersion: 2, credentials: credentials(opts.s), items: opts.items, continueOnFail: opts.continueOnFail });

const errorOf = (items: INodeExecutionData[] | undefined) => items?.[0]?.json as IDataObject;

describe('Wait for Completion (the default)', () => {
	test('sent once with async, polled until ready, then downloaded', async () => {
		const result = await run(generate('A windmill (job)'));
		expect(result.error).toBeUndefined();
		expect(result.output).toHaveLength(1);
		const [item] = result.output!;
		expect(item.binary?.data?.mimeType).toBe('image/png');
		expect(posts()).toHaveLength(1);
		expect(posts()[0].json).toMatchObject({ async: true });
		expect(item.json.generation_id).toBe((posts()[0].response as IDataObject).generation_id);
		// Pending at the first poll (1 s) or later ones, then completed: at least one poll, every one a GET of this job.
		expect(polls().length).toBeGreaterThanOrEqual(1);
		for (const p of polls()) expect(p.path).toBe(`/v2/generations/${item.json.generation_id}`);
		// One look at a time, each sent after the previous answer (order; how long the node waits between
		// looks is pollWait's, held in test/unit/limits/heldJobs-and-polls.test.ts).
		const sent = [posts()[0], ...polls()];
		for (let i = 1; i < sent.length; i++) expect(sent[i].startedAt).toBeGreaterThanOrEqual(sent[i - 1].endedAt);
		// Every look but the last found the job pending.
		expect(polls().map((p) => (p.response as IDataObject).status)).toEqual([...polls().slice(1).map(() => 'pending'), 'completed']);
		expect(imageSize(await result.getBinary(item))).toEqual({ width: 1024, height: 1024 });
	});

	test('a failed job is the item’s error, with its id and reason; it is not sent again', async () => {
		const result = await run(generate('Refused later [[job-failed]]'), { continueOnFail: true });
		expect(errorOf(result.output)).toMatchObject({
			error: 'Ideogram could not complete the generation (content_policy_violation)',
			generation_id: (posts()[0].response as IDataObject).generation_id,
		});
		expect(posts()).toHaveLength(1);
	});

	test('a job still running at the Timeout is reported with its id, never sent again', async () => {
		const result = await run(generate('Takes forever [[job-slow]]', { timeout: 2.5 }), { continueOnFail: true });
		const error = errorOf(result.output);
		expect(error.error).toBe('The job was still running at Ideogram after 2.5 s (the Timeout option); it was not sent again');
		expect(error.generation_id).toBe((posts()[0].response as IDataObject).generation_id);
		expect(String(error.description)).toMatch(/Get Generation/);
		expect(posts()).toHaveLength(1);
		expect(polls().length).toBeGreaterThanOrEqual(1);
	});

	test('the usage cost Ideogram reports reaches each image', async () => {
		const result = await run(generate('Priced by usage [[usage-cost]]'));
		expect(result.output?.[0].json.usage_cost_usd_micros).toBe(130_000);
	});

	test('polling at Ideogram’s polling limit waits for Retry-After and still collects the images', async () => {
		const result = await run(generate('Polled slowly'), { s: pollLimited });
		expect(result.error).toBeUndefined();
		expect(result.output?.[0].binary?.data?.mimeType).toBe('image/png');
		expect(imageSize(await result.getBinary(result.output![0]))).toEqual({ width: 1024, height: 1024 });
		expect(posts(pollLimited)).toHaveLength(1);
		expect(polls(pollLimited).some((p) => p.status === 429)).toBe(true);
		expect(polls(pollLimited).at(-1)!.status).toBe(200);
	});

	test('a job holds its image slots until it is done: no 429 of our own', async () => {
		const items = Array.from({ length: 5 }, (_, i) => ({ json: { prompt: `Job ${i}` } }));
		const result = await run({ ...generate('={{ $json.prompt }}'), options: { maxImagesInFlight: 2 } }, { s: limited, items });
		expect(result.error).toBeUndefined();
		expect(result.output).toHaveLength(5);
		expect(posts(limited).map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
		expect(limited.maxInflightSeen).toBeLessThanOrEqual(2);
	});
});

describe('Wait for Completion off, then Get Generation', () => {
	test('the item is the job’s id at once; Get Generation collects its images later', async () => {
		const sent = await run(generate('Collect me later', { waitForCompletion: false }));
		expect(sent.output).toHaveLength(1);
		const [pending] = sent.output!;
		expect(pending.json).toEqual({ generation_id: expect.any(String), status: 'pending', seed: expect.any(Number) });
		expect(pending.binary).toBeUndefined();
		expect(polls()).toHaveLength(0);

		// Right away, without waiting: still pending.
		const early = await run(getGeneration(String(pending.json.generation_id), { waitForCompletion: false }));
		expect(early.output?.map((i) => i.json)).toEqual([{ generation_id: pending.json.generation_id, status: 'pending', created: expect.any(String) }]);

		// Waiting (the default) until the images are there.
		const collected = await run(getGeneration('={{ $json.id }}'), { items: [{ json: { id: pending.json.generation_id as string } }] });
		expect(collected.error).toBeUndefined();
		expect(collected.output).toHaveLength(1);
		expect(collected.output![0].json.generation_id).toBe(pending.json.generation_id);
		expect(collected.output![0].binary?.data?.mimeType).toBe('image/png');
		expect(posts()).toHaveLength(1);
	});

	// Ideogram counts a job's images in flight until it is done, whoever waits for it.
	test('jobs sent without waiting keep their slots until seen done: no 429 of our own', async () => {
		const items = Array.from({ length: 5 }, (_, i) => ({ json: { prompt: `Unwaited ${i}` } }));
		const result = await run({ ...generate('={{ $json.prompt }}'), options: { maxImagesInFlight: 2, waitForCompletion: false } }, { s: heldLimited, items });
		expect(result.error).toBeUndefined();
		expect(result.output?.map((i) => i.json.status)).toEqual(['pending', 'pending', 'pending', 'pending', 'pending']);
		expect(posts(heldLimited).map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
		expect(heldLimited.maxInflightSeen).toBeLessThanOrEqual(2);
		// The items beyond the first two waited while the held jobs were looked at.
		expect(polls(heldLimited).length).toBeGreaterThanOrEqual(1);
		for (const p of polls(heldLimited)) expect(p.status).toBe(200);
	});

	test('within the limit nothing waits: no job is looked at', async () => {
		const items = [{ json: { prompt: 'Quick 1' } }, { json: { prompt: 'Quick 2' } }];
		const result = await run({ ...generate('={{ $json.prompt }}'), options: { maxImagesInFlight: 2, waitForCompletion: false } }, { s: heldFree, items });
		expect(result.output).toHaveLength(2);
		expect(polls(heldFree)).toHaveLength(0);
	});

	test('Get Generation gives a collected job’s slots back', async () => {
		const options = { maxImagesInFlight: 1, waitForCompletion: false };
		const first = await run(generate('Held', options), { s: heldOne });
		const id = String(first.output![0].json.generation_id);
		const collected = await run(getGeneration(id), { s: heldOne });
		// The job's own image: the answer it was accepted with names its size, the file has it.
		expect(collected.output![0].json.generation_id).toBe(id);
		expect(imageSize(await collected.getBinary(collected.output![0]))).toEqual({ width: 1024, height: 1024 });
		const looksBefore = polls(heldOne).length;
		// The one slot is free again: the next job is sent without looking at the first.
		const second = await run(generate('Next', options), { s: heldOne });
		expect(second.output![0].json.status).toBe('pending');
		expect(polls(heldOne)).toHaveLength(looksBefore);
		expect(posts(heldOne).map((r) => r.status)).toEqual([200, 200]);
	});

	test('Auto takes no webhook: refused before sending', async () => {
		const result = await run({ ...generate('x', { webhookUrl: 'https://hooks.example.com/x' }), model: 'auto', additionalFields: {} });
		expect(result.error?.message).toBe('Options → Webhook URL is not taken by the model auto');
		expect(stub.requests).toHaveLength(0);
	});

	test('a webhook URL goes to Ideogram with the job', async () => {
		await run(generate('With a webhook', { waitForCompletion: false, webhookUrl: 'https://hooks.example.com/ideogram' }));
		expect(posts()[0].json).toMatchObject({ async: true, webhook_url: 'https://hooks.example.com/ideogram' });
	});
});

describe('refused before sending', () => {
	test('a webhook that is not https', async () => {
		const result = await run(generate('x', { webhookUrl: 'http://hooks.example.com/x' }));
		expect(result.error?.message).toBe('Options → Webhook URL "http://hooks.example.com/x" is not an https address');
		expect(stub.requests).toHaveLength(0);
	});

	test.each([
		['an expression that comes out empty', '={{ $json.missing }}', 'Generation ID is empty'],
		['a path', '../v1/ideogram-v3/generate', 'Generation ID "../v1/ideogram-v3/generate" is not a generation ID'],
	])('Get Generation with %s', async (_what, id, message) => {
		const result = await run(getGeneration(id));
		expect(result.error?.message).toBe(message);
		expect(stub.requests).toHaveLength(0);
	});

	test('Get Generation of an id Ideogram does not know is a 404 that names the base URL', async () => {
		const result = await run(getGeneration('bm90LWEtam9i'));
		expect(result.error?.httpCode).toBe('404');
		expect(polls()).toHaveLength(1);
	});
});
