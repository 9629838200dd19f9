/**
 * Batches that lose nothing: every fault the API, a reseller, the network or the image host can
 * produce, run through n8n's real engine against the contract stub. Each test checks what the user
 * sees (message and description), what the stub received (no useless or double requests), and that
 * the API key appears nowhere in the output.
 */
import type { FileSlotSpec } from '../../nodes/Ideogram/description/fileSlots';
import { WorkflowExecute } from 'n8n-core';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { startStub, type Fault, type IdeogramStub, type RecordedRequest } from '../stub/ideogram-stub';
import { runIdeogram, type RunResult } from '../support/n8n';

const KEY = 'sk-test-faults-5c1f0a9e77d24b6b';

// The 100-item runs go through n8n's whole engine; leave room on a busy machine.
jest.setTimeout(120_000);

/** Prompt of a recorded request, JSON or multipart. */
const promptOf = (r: RecordedRequest) => String((r.json as { prompt?: string } | undefined)?.prompt ?? r.fields?.prompt?.[0] ?? '');
const forPrompt = (prompt: string) => (r: RecordedRequest) => promptOf(r) === prompt;

const stubs: Partial<Record<string, IdeogramStub>> = {};
const stub = (name = 'official') => stubs[name]!;

beforeAll(async () => {
	// Small latency so requests overlap; Retry-After in fractions of a second keeps retries fast.
	stubs.official = await startStub({ personality: 'official', apiKey: KEY, latencyMs: 5, retryAfterSeconds: 0.02 });
	// Long enough that 100 items would overrun the limit many times over if the node let them.
	stubs.limited = await startStub({ personality: 'official', apiKey: KEY, latencyMs: 100, maxInflightImages: 10, retryAfterSeconds: 0.02 });
	stubs.unlimited = await startStub({ personality: 'official', apiKey: KEY, latencyMs: 15 });
	stubs.noRetryAfter = await startStub({ personality: 'official', apiKey: KEY, latencyMs: 2 });
	stubs.kkiai = await startStub({ personality: 'kkiai', apiKey: KEY, latencyMs: 2 });
	stubs.cometapi = await startStub({ personality: 'cometapi', apiKey: KEY, latencyMs: 2 });
});
afterAll(async () => Promise.all(Object.values(stubs).map((s) => s!.close())));
beforeEach(() => Object.values(stubs).forEach((s) => s!.reset()));

const PROVIDER: Record<string, string> = { kkiai: 'kkiai', cometapi: 'cometapi' };
const credentials = (name = 'official') => ({ provider: PROVIDER[name] ?? 'ideogram', apiKey: KEY, baseUrl: stub(name).baseUrl });

const generate = (options: IDataObject = {}, additionalFields: IDataObject = {}) => ({
	resource: 'image',
	operation: 'generate',
	prompt: '={{ $json.prompt }}',
	additionalFields: { renderingSpeed: 'TURBO', ...additionalFields },
	options,
});

const prompts = (n: number, prefix = 'item') => Array.from({ length: n }, (_, i) => ({ json: { prompt: `${prefix} ${i}` } }));

async function run(opts: {
	stubName?: string;
	items?: Array<{ json: IDataObject }>;
	options?: IDataObject;
	additionalFields?: IDataObject;
	continueOnFail?: boolean;
}): Promise<RunResult> {
	const result = await runIdeogram({
		parameters: generate(opts.options, opts.additionalFields),
		items: opts.items ?? prompts(1),
		credentials: credentials(opts.stubName),
		continueOnFail: opts.continueOnFail ?? true,
	});
	expectNoKey(result, stub(opts.stubName ?? 'official'));
	return result;
}

/** Everything n8n keeps of the run, as text: output items, errors, run data. */
function everything(result: RunResult): string {
	const seen = new WeakSet<object>();
	return JSON.stringify([result.output, result.error, result.run], (_k, v: unknown) => {
		if (v && typeof v === 'object') {
			if (seen.has(v)) return '[circular]';
			seen.add(v);
		}
		if (v instanceof Error) return { ...v, message: v.message, stack: v.stack, cause: (v as { cause?: unknown }).cause };
		return v;
	});
}

function expectNoKey(result: RunResult, s: IdeogramStub): void {
	expect(everything(result)).not.toContain(KEY);
	for (const download of s.downloads) expect(JSON.stringify(download.headers)).not.toContain(KEY);
}

const errorItems = (result: RunResult) => (result.output ?? []).filter((i) => i.json.error !== undefined);
const imageItems = (result: RunResult) => (result.output ?? []).filter((i) => i.json.error === undefined);
const itemOf = (i: INodeExecutionData) => (i.pairedItem as { item: number }).item;

/** Runs one item whose API call hits the given fault; returns its error item. */
async function oneError(fault: Omit<Fault, 'match'> | undefined, opts: { stubName?: string; prompt?: string; options?: IDataObject } = {}) {
	const prompt = opts.prompt ?? 'a lighthouse at dusk';
	if (fault) stub(opts.stubName).inject({ ...fault, match: forPrompt(prompt) });
	const result = await run({ stubName: opts.stubName, items: [{ json: { prompt } }], options: opts.options });
	expect(result.output).toHaveLength(1);
	const [item] = result.output!;
	expect(item.pairedItem).toEqual({ item: 0 });
	expect(item.binary).toBeUndefined();
	return { json: item.json as { error: string; description?: string; httpCode?: string; tries?: number; images?: IDataObject[] }, result };
}

describe('every documented status: a message saying what happened, a description saying what to do', () => {
	const cases: Array<[number, RegExp, RegExp]> = [
		[400, /rejected the request as invalid \(HTTP 400\): Simulated error 400/, /Change the field.*not billed/],
		[401, /API key was rejected \(HTTP 401\)/, /Api-Key: <key>.*Check the key/],
		[402, /Insufficient Ideogram credits \(HTTP 402\); not retried/, /Top up/],
		[403, /Access denied \(HTTP 403\)/, /this endpoint or model|plan or provider/],
		[404, /Not found at this provider \(HTTP 404\)/, /Base URL/],
		[413, /file is too large \(HTTP 413\)/, /10 MB/],
		[422, /rejected the prompt on safety grounds \(HTTP 422\); it was not billed/, /Reword the prompt/],
		[500, /Ideogram failed to process the request \(HTTP 500\)/, /run the item again later/],
		[502, /gateway failed \(HTTP 502\)/, /may still have run, and been billed/],
		[504, /gateway timed out waiting for Ideogram \(HTTP 504\)/, /Check the provider's status/],
	];
	test.each(cases)('HTTP %i, sent once, never retried', async (status, message, description) => {
		const { json } = await oneError(undefined, { prompt: `a cat [[status:${status}]]` });
		expect(json.error).toMatch(message);
		expect(json.description).toMatch(description);
		expect(json.httpCode).toBe(String(status));
		expect(stub().requests).toHaveLength(1);
	});

	test('422 from the safety check says it was not billed, and is not retried', async () => {
		const { json } = await oneError(undefined, { prompt: 'something [[unsafe-prompt]]' });
		expect(json.error).toBe('Ideogram rejected the prompt on safety grounds (HTTP 422); it was not billed');
		expect(json.description).toContain('failed safety check');
		expect(stub().requests).toHaveLength(1);
	});

	test('429 is retried, honouring Retry-After; once exhausted the error says how many tries and why', async () => {
		const { json } = await oneError({ kind: 'status', status: 429, times: 99 }, { options: { maxRetries: 3 } });
		expect(json.error).toBe('Gave up after 4 tries: Too many Ideogram requests in flight (HTTP 429)');
		expect(json.description).toMatch(/All 4 tries were refused: 4 × HTTP 429; waited [\d.]+ s in total between tries; stopped because "Max Retries" is 3\./);
		expect(json.tries).toBe(4);
		expect(stub().requests.map((r) => r.status)).toEqual([429, 429, 429, 429]);
	});

	test('503 without Retry-After backs off within "Max Retry Wait", then gives up saying so', async () => {
		const { json } = await oneError({ kind: 'status', status: 503, times: 99 }, { stubName: 'noRetryAfter', options: { maxRetryWait: 0.3 } });
		expect(json.error).toBe('Gave up after 2 tries: Ideogram is temporarily unavailable (HTTP 503)');
		expect(json.description).toContain('stopped because "Max Retry Wait" of 0.3 s is used up');
		expect(stub('noRetryAfter').requests).toHaveLength(2);
	});

	test('one 429 and one 503 are absorbed: the item succeeds on its third try, generated once', async () => {
		stub().inject({ kind: 'status', status: 429, match: forPrompt('item 0') });
		stub().inject({ kind: 'status', status: 503, match: forPrompt('item 0'), headers: { 'Retry-After': '0' } });
		const result = await run({});
		expect(errorItems(result)).toHaveLength(0);
		expect(result.output![0].binary?.data?.mimeType).toBe('image/png');
		expect(stub().requests.map((r) => r.status)).toEqual([429, 503, 200]);
	});

	test('a 429 then a 500: the 500 is final, and the error tells the tries before it', async () => {
		stub().inject({ kind: 'status', status: 429, match: forPrompt('item 0') });
		stub().inject({ kind: 'status', status: 500, match: forPrompt('item 0') });
		const { json } = await oneError(undefined, { prompt: 'item 0' });
		expect(json.error).toBe('Ideogram failed to process the request (HTTP 500) (on try 2, after 1 × HTTP 429)');
		expect(json.description).toMatch(/^The tries before were refused: 1 × HTTP 429; waited [\d.]+ s in total between tries\. Usually temporary/);
		expect(json.tries).toBe(2);
		expect(stub().requests.map((r) => r.status)).toEqual([429, 500]);
	});

	test('a 429 that means money (a reseller quota) is not retried', async () => {
		const { json } = await oneError({
			kind: 'status',
			status: 429,
			times: 9,
			body: { error: { message: 'You exceeded your current quota', type: 'insufficient_quota', code: 'insufficient_quota' } },
			// A gateway's own shape, so on the gateway's stub: Ideogram's 429s carry a reject_reason.
		}, { stubName: 'cometapi' });
		expect(json.error).toBe('Insufficient Ideogram credits (HTTP 429); not retried');
		expect(stub('cometapi').requests).toHaveLength(1);
	});

	test('402 with a daily limit says so', async () => {
		const { json } = await oneError({ kind: 'status', status: 402, body: { error: 'Daily limit reached', reject_reason: 'daily_limit' } });
		expect(json.error).toBe('Daily Ideogram spending limit reached (HTTP 402); not retried');
		expect(json.description).toContain('Daily limit reached');
	});

	test('a redirect from the API is not followed (the key stays home)', async () => {
		const { json } = await oneError({ kind: 'status', status: 302, body: '', headers: { Location: 'http://127.0.0.1:9/elsewhere' } });
		expect(json.error).toBe('The provider answered with a redirect (HTTP 302); not followed');
		expect(stub().requests).toHaveLength(1);
	});
});

describe('reseller shapes', () => {
	test('kkiai envelope {code, message, data} with an HTTP error', async () => {
		const { json } = await oneError({ kind: 'envelope', status: 402, body: { code: 402, message: 'Insufficient balance, please recharge', data: null } }, { stubName: 'kkiai' });
		expect(json.error).toBe('Insufficient Ideogram credits (HTTP 402); not retried');
		expect(json.description).toContain('Insufficient balance, please recharge');
	});

	test('an error inside a 200 answer is an error, with the code it carries', async () => {
		const { json } = await oneError({ kind: 'ok-with-error', body: { code: 500, message: 'Upstream request failed', data: null } }, { stubName: 'kkiai' });
		expect(json.error).toBe('Ideogram failed to process the request (HTTP 500) (an error inside a 200 answer)');
		expect(json.description).toContain('Upstream request failed');
		expect(stub('kkiai').requests).toHaveLength(1);
	});

	test('a 200 with a code but no HTTP-like status is treated as a gateway failure', async () => {
		const { json } = await oneError({ kind: 'ok-with-error', body: { code: 'channel_error', message: 'no available channel', data: null } }, { stubName: 'kkiai' });
		expect(json.error).toMatch(/gateway failed \(HTTP 502\)/);
		expect(json.description).toContain('no available channel');
	});

	test('an HTML error page names its title, not its markup', async () => {
		const { json } = await oneError({ kind: 'html', status: 502 }, { stubName: 'cometapi' });
		expect(json.error).toBe("The provider's gateway failed (HTTP 502)");
		expect(json.description).toContain('an HTML page titled "502 Bad Gateway" instead of JSON');
		expect(json.description).not.toContain('<');
	});

	test('an HTML page with 200 (a login or landing page) points at the base URL', async () => {
		const { json } = await oneError({ kind: 'html', status: 200, body: '<!doctype html><html><head><title>Welcome</title></head><body>Sign in</body></html>' });
		expect(json.error).toBe('The provider answered with an HTML page instead of JSON (HTTP 200)');
		expect(json.description).toMatch(/Base URL .* should point at the API/);
	});

	test('a plain-text error body is quoted', async () => {
		const { json } = await oneError({ kind: 'status', status: 500, body: 'Internal Server Error: worker crashed' });
		expect(json.description).toContain('worker crashed');
	});

	test('cometapi relays Ideogram errors as {error: {message, type}}', async () => {
		const { json } = await oneError(undefined, { stubName: 'cometapi', prompt: 'x [[unsafe-prompt]]' });
		expect(json.error).toMatch(/safety grounds \(HTTP 422\)/);
		expect(json.description).toContain('failed safety check');
	});

	test('a gateway that echoes the key in its error never shows it', async () => {
		const { json } = await oneError({ kind: 'envelope', status: 401, body: { code: 401, message: `invalid token ${KEY}`, data: null } }, { stubName: 'kkiai' });
		expect(json.error).toBe('The API key was rejected (HTTP 401)');
		expect(json.description).toContain('invalid token ***');
	});

	test('the wrong header style for a gateway: the advice names the header sent and the one to pick', async () => {
		const result = await runIdeogram({
			parameters: generate(),
			items: prompts(1),
			credentials: { provider: 'custom', headerStyle: 'apiKey', apiKey: KEY, baseUrl: stub('kkiai').baseUrl },
			continueOnFail: true,
		});
		expectNoKey(result, stub('kkiai'));
		expect(result.output![0].json.error).toBe('The API key was rejected (HTTP 401)');
		expect(result.output![0].json.description).toMatch(/sends `Api-Key: <key>`.*Gateways usually expect `Authorization: Bearer`/);
	});
});

describe('connection faults', () => {
	test('a reset before any answer is retried, and the item succeeds', async () => {
		stub().inject({ kind: 'reset', match: forPrompt('item 0') });
		const result = await run({ options: { maxRetryWait: 0.2 } });
		expect(errorItems(result)).toHaveLength(0);
		expect(stub().requests.map((r) => r.status)).toEqual([0, 200]);
	});

	test('resets that go on: the error says how many tries, and carries nothing of the request', async () => {
		const { json, result } = await oneError({ kind: 'reset', times: 99 }, { options: { maxRetries: 2, maxRetryWait: 0.2 } });
		expect(json.error).toMatch(/^Gave up after 2 tries: The connection to http:\/\/127\.0\.0\.1:\d+ was closed before an answer$/);
		expect(json.httpCode).toBeUndefined();
		expect(stub().requests).toHaveLength(2);
		expect(everything(result)).not.toMatch(/api-key/i);
	});

	test('a timeout is reported as one, and not retried (the images may still be billed)', async () => {
		const { json } = await oneError({ kind: 'status', status: 200, delayMs: 1500 }, { options: { timeout: 0.3 } });
		expect(json.error).toBe('Ideogram did not answer within 0.3 s (the Timeout option); not retried');
		expect(json.description).toContain('may still finish');
		expect(stub().requests).toHaveLength(1);
	});

	test('without Continue On Fail a connection error fails the node, still without the key', async () => {
		stub().inject({ kind: 'reset', times: 99 });
		const result = await run({ continueOnFail: false, options: { maxRetries: 1, maxRetryWait: 0.05 } });
		expect(result.output).toBeUndefined();
		expect(result.error?.message).toMatch(/^Gave up after 2 tries: The connection to .* was closed before an answer$/);
	});
});

describe('download faults: reported per image, never regenerated', () => {
	const cases: Array<[Fault['kind'], RegExp, IDataObject?]> = [
		['image-404', /the image host answered HTTP 404 \(the link may have expired\)/],
		['image-truncated', /truncated/],
		['image-wrong-type', /the image host sent "text\/html" instead of an image/],
		['image-slow', /did not arrive within 0\.3 s \(the Timeout option\)/, { timeout: 0.3 }],
	];
	test.each(cases)('%s', async (kind, problem, options = {}) => {
		stub().inject({ kind, delayMs: kind === 'image-slow' ? 1500 : undefined });
		const { json } = await oneError(undefined, { options });
		expect(json.error).toMatch(/^The image \(http:\/\/127\.0\.0\.1:\d+\/images\/[\w-]+\.png\) could not be downloaded: /);
		expect(json.error).toMatch(problem);
		expect(json.error).not.toMatch(/sig=|exp=/);
		expect(json.description).toContain('generated (and billed)');
		// The link itself is kept, so the paid-for image is not lost.
		expect(json.images).toHaveLength(1);
		expect(String(json.images![0].url)).toMatch(/\?exp=\d+&sig=/);
		expect(stub().requests).toHaveLength(1);
	});

	test('one of several images failing names which one', async () => {
		stub().inject({ kind: 'image-404' });
		const result = await run({ additionalFields: { numImages: 3 } });
		const [item] = errorItems(result);
		expect(item.json.error).toMatch(/^Image [123] of 3 \(http:.*\.png\) could not be downloaded: the image host answered HTTP 404/);
		expect(item.json.images).toHaveLength(3);
		expect(stub().requests).toHaveLength(1);
		expect(stub().downloads).toHaveLength(3);
	});
});

describe('concurrency', () => {
	test('the node keeps at most 10 images in flight by default (num_images counts), however many items', async () => {
		const items = Array.from({ length: 40 }, (_, i) => ({ json: { prompt: `item ${i}`, n: (i % 3) + 1 } }));
		const result = await runIdeogram({
			parameters: { ...generate({ downloadImages: false }), additionalFields: { numImages: '={{ $json.n }}' } },
			items,
			credentials: credentials('unlimited'),
		});
		expect(result.error).toBeUndefined();
		expect(result.output).toHaveLength(items.reduce((n, i) => n + i.json.n, 0));
		expect(stub('unlimited').maxInflightSeen).toBeLessThanOrEqual(10);
		expect(stub('unlimited').maxInflightSeen).toBeGreaterThanOrEqual(6);
		expect(stub('unlimited').requests).toHaveLength(40);
	});

	test('"Max Images in Flight" sets the bound', async () => {
		const result = await run({ stubName: 'unlimited', items: prompts(20), options: { maxImagesInFlight: 3, downloadImages: false } });
		expect(errorItems(result)).toHaveLength(0);
		expect(stub('unlimited').maxInflightSeen).toBeLessThanOrEqual(3);
		expect(stub('unlimited').maxInflightSeen).toBeGreaterThanOrEqual(2);
	});

	test('100 items against a stub enforcing 10 images in flight: zero failures, never over 10, each sent once', async () => {
		const result = await run({ stubName: 'limited', items: prompts(100), continueOnFail: false });
		expect(result.error).toBeUndefined();
		expect(result.output).toHaveLength(100);
		expect(result.output!.every((i) => i.binary?.data)).toBe(true);
		expect(result.output!.map(itemOf)).toEqual(Array.from({ length: 100 }, (_, i) => i));
		const s = stub('limited');
		expect(s.maxInflightSeen).toBeLessThanOrEqual(10);
		expect(s.requests.filter((r) => r.status === 429)).toHaveLength(0);
		expect(s.requests).toHaveLength(100);
	});

	test('when the node is allowed more than the account (20 vs 10), the 429s are retried until all 100 succeed', async () => {
		const result = await run({ stubName: 'limited', items: prompts(100), options: { maxImagesInFlight: 20, maxRetries: 50 }, continueOnFail: false });
		expect(result.error).toBeUndefined();
		expect(result.output).toHaveLength(100);
		const s = stub('limited');
		const ok = s.requests.filter((r) => r.status === 200);
		const rejected = s.requests.filter((r) => r.status === 429);
		expect(ok).toHaveLength(100);
		expect(new Set(ok.map(promptOf)).size).toBe(100);
		expect(rejected.length).toBeGreaterThan(0);
		expect(s.maxInflightSeen).toBeLessThanOrEqual(10);
		console.log(`20-vs-10 run: ${ok.length} generated, ${rejected.length} 429s retried, max in flight ${s.maxInflightSeen}`);
	});

	test('input files are read only once a slot is held: memory is bounded by what is in flight', async () => {
		const { edit } = await import('../../nodes/Ideogram/resources/image/edit');
		const { makePng } = await import('../stub/png');
		const s = stub('unlimited');
		const original = edit.files!;
		let entered = 0;
		let maxHeld = 0;
		// The operation's slots are asked for right before its files are read (input/files.ts).
		edit.files = function () {
			entered++;
			// Bodies read so far, minus requests the stub has answered: bodies alive at this moment.
			maxHeld = Math.max(maxHeld, entered - s.requests.filter((r) => r.endedAt > 0).length);
			return original as readonly FileSlotSpec[];
		};
		try {
			const photo = makePng(64, 64, { seed: 1 });
			const mask = makePng(64, 64, { seed: 2 });
			const result = await runIdeogram({
				parameters: { resource: 'image', operation: 'edit', prompt: 'a hat', image: 'data', mask: 'mask', options: { downloadImages: false } },
				items: Array.from({ length: 30 }, () => ({
					binary: { data: { data: photo, mimeType: 'image/png', fileName: 'p.png' }, mask: { data: mask, mimeType: 'image/png', fileName: 'm.png' } },
				})),
				credentials: credentials('unlimited'),
			});
			expect(result.error).toBeUndefined();
			expect(result.output).toHaveLength(30);
		} finally {
			edit.files = original;
		}
		expect(entered).toBe(30);
		expect(maxHeld).toBeLessThanOrEqual(10);
		expect(s.maxInflightSeen).toBeLessThanOrEqual(10);
	});
});

describe('without Continue On Fail', () => {
	test('once an item fails, items not sent yet are not sent (nor billed), and the node reports the real cause', async () => {
		const items = prompts(30);
		items[0].json.prompt = 'item 0 [[unsafe-prompt]]';
		const result = await run({ stubName: 'limited', items, options: { maxImagesInFlight: 4 }, continueOnFail: false });
		expect(result.error?.message).toBe('Ideogram rejected the prompt on safety grounds (HTTP 422); it was not billed');
		const s = stub('limited');
		// The three sent alongside item 0 finish; the other 26 never leave.
		expect(s.requests.length).toBeLessThanOrEqual(4);
		expect(s.requests.filter((r) => r.status === 200).length).toBeLessThanOrEqual(3);
	});
});

describe('100 items, 10% permanent faults of mixed kinds, Continue On Fail', () => {
	test('exactly 90 items of images and 10 error items; none lost, none duplicated, no success sent twice', async () => {
		const s = stub('limited');
		const at = (i: number) => forPrompt(`item ${i}`);
		// Ten items that cannot succeed, each a different fault.
		const permanent: Record<number, RegExp> = {
			3: /safety grounds \(HTTP 422\)/,
			11: /Insufficient Ideogram credits \(HTTP 402\)/,
			19: /failed to process the request \(HTTP 500\)/,
			27: /gateway failed \(HTTP 502\)/,
			35: /\(HTTP 500\) \(an error inside a 200 answer\)/,
			43: /^Gave up after 6 tries: Too many Ideogram requests in flight \(HTTP 429\)/,
			51: /^Gave up after \d tries: The connection to .* was closed before an answer/,
			59: /^Gave up after 2 tries: Ideogram is temporarily unavailable \(HTTP 503\)/,
		};
		// What each one's description tells the user to do.
		const fixes: Record<number, RegExp> = {
			3: /^Reword the prompt \(or the negative prompt\)\. Not retried: the same prompt is rejected every time\./,
			11: /^Top up at https:\/\/ideogram\.ai\/manage-api \(or your provider's billing page\), then run again\./,
			19: /^Usually temporary: run the item again later\. Failed generations are not billed\./,
			27: /Not retried automatically: the generation may still have run, and been billed\. Check the provider's status, then run the item again\./,
			35: /^Usually temporary: run the item again later\./,
			43: /^All 6 tries were refused: 6 × HTTP 429;.*stopped because "Max Retries" is 5\..*Lower "Max Images in Flight", or raise "Max Retries" \/ "Max Retry Wait"\./,
			51: /^All 2 tries were refused: 2 × connection reset;.*stopped because "Max Retry Wait" of 0\.5 s is used up\./,
			59: /^All 2 tries were refused: 2 × HTTP 503;.*"Max Retry Wait" of 0\.5 s is used up\. Run the item again later\./,
		};
		const items = prompts(100);
		items[3].json.prompt = 'item 3 [[unsafe-prompt]]';
		items[11].json.prompt = 'item 11 [[status:402]]';
		items[19].json.prompt = 'item 19 [[status:500]]';
		s.inject({ kind: 'html', status: 502, match: at(27) });
		s.inject({ kind: 'ok-with-error', match: at(35) });
		s.inject({ kind: 'status', status: 429, times: 99, match: at(43) });
		s.inject({ kind: 'reset', times: 99, match: at(51) });
		s.inject({ kind: 'status', status: 503, times: 99, match: at(59) });
		// Two download faults: they hit whichever downloads come next.
		s.inject({ kind: 'image-404' });
		s.inject({ kind: 'image-wrong-type' });
		// Transient faults that must be absorbed: these items succeed, generated once.
		s.inject({ kind: 'status', status: 429, match: at(5) });
		s.inject({ kind: 'status', status: 503, match: at(15), headers: { 'Retry-After': '0' } });
		s.inject({ kind: 'reset', match: at(25) });
		s.inject({ kind: 'status', status: 429, times: 2, match: at(45) });

		const result = await run({ stubName: 'limited', items, options: { maxRetryWait: 0.5 } });
		const out = result.output!;

		// Every input item yields output, exactly once: images, or one error item.
		const byItem = new Map<number, INodeExecutionData[]>();
		for (const item of out) byItem.set(itemOf(item), [...(byItem.get(itemOf(item)) ?? []), item]);
		expect([...byItem.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
		const failed = [...byItem].filter(([, its]) => its.some((i) => i.json.error !== undefined));
		expect(failed).toHaveLength(10);
		for (const [, its] of failed) expect(its).toHaveLength(1);
		expect(imageItems(result)).toHaveLength(90);
		expect(imageItems(result).every((i) => i.binary?.data?.mimeType === 'image/png')).toBe(true);

		for (const [index, message] of Object.entries(permanent)) {
			const [item] = byItem.get(Number(index))!;
			expect(item.json.error).toMatch(message);
			expect(item.json.description).toMatch(fixes[Number(index)]);
		}
		const downloadFailures = failed.filter(([index]) => !(index in permanent));
		expect(downloadFailures).toHaveLength(2);
		for (const [, [item]] of downloadFailures) expect(item.json.error).toMatch(/could not be downloaded/);

		// The stub's log: no item was generated twice; the transient faults cost one extra try each.
		const generated = s.requests.filter((r) => r.status === 200 && r.error === undefined);
		expect(generated).toHaveLength(92); // 90 with images + 2 whose download failed
		expect(new Set(generated.map(promptOf)).size).toBe(92);
		const tries = (i: number) => s.requests.filter((r) => promptOf(r).startsWith(`item ${i}`) && promptOf(r).split(' ')[1] === String(i)).length;
		expect([5, 15, 25].map(tries)).toEqual([2, 2, 2]);
		expect(tries(45)).toBe(3);
		expect(tries(43)).toBe(6);
		expect(s.maxInflightSeen).toBeLessThanOrEqual(10);
		const retried = s.requests.length - 100;
		console.log(`fault suite: ${imageItems(result).length} image items, ${errorItems(result).length} error items, ${s.requests.length} API requests (${retried} retries), ${s.downloads.length} downloads, max in flight ${s.maxInflightSeen}`);
	});
});

describe('node-level "Retry On Fail" does not bill twice', () => {
	/** As if the node's Settings had Retry On Fail on, with this many tries and no wait. */
	function withNodeRetries<T>(tries: number, body: () => Promise<T>): Promise<T> {
		const spy = jest.spyOn(WorkflowExecute.prototype as unknown as { getRetryParams: () => [number, number] }, 'getRetryParams');
		spy.mockReturnValue([tries, 0]);
		return body().finally(() => spy.mockRestore());
	}

	test('items that succeeded are not sent again when n8n re-runs the node for another item', async () => {
		const items = prompts(5);
		items[2].json.prompt = 'item 2 [[status:500]]';
		const result = await withNodeRetries(3, async () => await run({ items, continueOnFail: false }));
		expect(result.error?.message).toMatch(/HTTP 500/);
		const count = (p: string) => stub().requests.filter((r) => promptOf(r) === p).length;
		expect(['item 0', 'item 1', 'item 3', 'item 4'].map(count)).toEqual([1, 1, 1, 1]);
		expect(count('item 2 [[status:500]]')).toBe(3);
	});

	test('a failed download is fetched again on the re-run, without generating again', async () => {
		stub().inject({ kind: 'image-404' });
		const result = await withNodeRetries(2, async () => await run({ continueOnFail: false }));
		expect(result.error).toBeUndefined();
		expect(result.output).toHaveLength(1);
		expect(result.output![0].binary?.data?.mimeType).toBe('image/png');
		expect(stub().requests).toHaveLength(1);
		expect(stub().downloads.map((d) => d.status)).toEqual([404, 200]);
	});
});
