/**
 * The node's "On Error" settings, run through n8n's real engine (WorkflowExecute): with
 * "Continue (using error output)" images go to output 0 and each failed input item to output 1;
 * with "Continue (regular output)" everything stays on output 0, as it always did; with neither,
 * the node fails. Also which error class reaches the user for a refused input.
 */
import type { IDataObject } from 'n8n-workflow';

import { runIdeogram } from '../support/n8n';
import { useStub } from '../support/useStub';

const KEY = 'sk-test-error-output-2b7c9d11e0';
const stub = useStub({ apiKey: KEY, latencyMs: 2, retryAfterSeconds: 0.02 });
const credentials = () => ({ provider: 'ideogram', apiKey: KEY, baseUrl: stub.baseUrl });

/** Three items: the second is refused by Ideogram on safety grounds (422), the third asks for two images. */
const ITEMS = [
	{ json: { prompt: 'a lighthouse', n: 1 } },
	{ json: { prompt: 'refused [[unsafe-prompt]]', n: 1 } },
	{ json: { prompt: 'two boats', n: 2 } },
];

const generate = (additionalFields: IDataObject = {}) => ({
	resource: 'image',
	operation: 'generate',
	prompt: '={{ $json.prompt }}',
	additionalFields: { renderingSpeed: 'TURBO', numImages: '={{ $json.n }}', ...additionalFields },
	options: {},
});

describe('On Error: Continue (using error output)', () => {
	test('images go to the success output, the refused item alone to the error output', async () => {
		const result = await runIdeogram({ parameters: generate(), items: ITEMS, credentials: credentials(), onError: 'continueErrorOutput' });

		expect(result.error).toBeUndefined();
		// Item 1 gave one image, item 3 two; each image item is paired to its input.
		expect(result.output?.map((i) => [i.pairedItem, Boolean(i.binary?.data)])).toEqual([
			[{ item: 0 }, true],
			[{ item: 2 }, true],
			[{ item: 2 }, true],
		]);
		expect(result.output?.some((i) => i.json.error !== undefined)).toBe(false);

		expect(result.errorOutput).toHaveLength(1);
		const failed = result.errorOutput![0];
		expect(failed.pairedItem).toEqual({ item: 1 });
		// Everything under `error` (the only key n8n 1.x lets through), the input's own fields beside it.
		expect(failed.json).toEqual({
			prompt: 'refused [[unsafe-prompt]]',
			n: 1,
			error: {
				message: expect.stringContaining('safety'),
				description: expect.stringContaining('Reword the prompt'),
				httpCode: '422',
			},
		});
		expect(JSON.stringify(result.run.data)).not.toContain(KEY);
		// One request per input item: the failed one is not retried, nothing is sent twice.
		expect(stub.requests).toHaveLength(3);
	});

	test('a refused input reaches the error output with its message, and nothing is sent for it', async () => {
		const items = [{ json: { prompt: 'fine', seed: 7 } }, { json: { prompt: 'bad seed', seed: -1 } }];
		const result = await runIdeogram({
			parameters: generate({ seed: '={{ $json.seed }}' }),
			items,
			credentials: credentials(),
			onError: 'continueErrorOutput',
		});
		expect(result.output).toHaveLength(1);
		expect(result.errorOutput).toHaveLength(1);
		const failed = result.errorOutput![0];
		expect(failed.pairedItem).toEqual({ item: 1 });
		const error = failed.json.error as IDataObject;
		expect(error.message).toMatch(/Seed/);
		expect(error.description).toBe('Change "Seed" to a value Ideogram accepts, or remove it from Additional Fields.');
		expect(error.httpCode).toBeUndefined();
		expect(stub.requests.map((r) => (r.json as IDataObject | undefined)?.prompt)).toEqual(['fine']);
	});

	test('the links of images that could not be downloaded reach the error output', async () => {
		stub.inject({ kind: 'image-404' });
		const result = await runIdeogram({
			parameters: generate(),
			items: [{ json: { prompt: 'one image', n: 1 } }],
			credentials: credentials(),
			onError: 'continueErrorOutput',
		});
		expect(result.output ?? []).toHaveLength(0);
		const failed = result.errorOutput![0];
		const error = failed.json.error as IDataObject;
		expect(String(error.message)).toContain('could not be downloaded');
		expect(error.images).toEqual([expect.objectContaining({ url: expect.stringMatching(/^http:\/\/127\.0\.0\.1/) })]);
	});

	test('an item that was tried more than once says how often', async () => {
		stub.inject({ kind: 'status', status: 503, times: 5 });
		const result = await runIdeogram({
			parameters: { ...generate(), options: { maxRetries: 1 } },
			items: [{ json: { prompt: 'busy', n: 1 } }],
			credentials: credentials(),
			onError: 'continueErrorOutput',
		});
		const error = result.errorOutput![0].json.error as IDataObject;
		expect(error).toMatchObject({ message: expect.stringMatching(/^Gave up after 2 tries/), httpCode: '503', tries: 2 });
		expect(stub.requests).toHaveLength(2);
	});
});

describe('On Error: Continue (regular output)', () => {
	test('every item stays on the one output: images, and the error as plain JSON', async () => {
		const result = await runIdeogram({ parameters: generate(), items: ITEMS, credentials: credentials(), onError: 'continueRegularOutput' });
		expect(result.errorOutput).toBeUndefined();
		expect(result.output?.map((i) => [i.pairedItem, i.json.error === undefined])).toEqual([
			[{ item: 0 }, true],
			[{ item: 1 }, false],
			[{ item: 2 }, true],
			[{ item: 2 }, true],
		]);
		expect(result.output![1].error).toBeUndefined();
		expect(result.output![1].json).toMatchObject({ httpCode: '422' });
	});
});

describe('On Error: Stop Workflow', () => {
	// RoutingNode (n8n-core routing-node.js, runNode) re-wraps every rejection of an item's request
	// that is not a NodeApiError into a NodeApiError with httpCode "none", and a declarative node has
	// no hook that runs outside that promise. So a refused input is a NodeOperationError on the
	// error output (above) but reaches a stopped workflow as a NodeApiError with our words.
	test('a refused input stops the node with its message and description, before anything is sent', async () => {
		const result = await runIdeogram({
			parameters: generate({ seed: -1 }),
			items: [{ json: { prompt: 'bad seed' } }],
			credentials: credentials(),
		});
		expect(result.error?.message).toBe('Additional Fields → Seed must be a whole number from 0 to 2147483647 (got -1)');
		expect(result.error?.description).toMatch(/^Change "Seed" to a value Ideogram accepts/);
		expect(result.error?.name).toBe('NodeApiError');
		expect(result.error?.httpCode).toBe('none');
		expect(stub.requests).toHaveLength(0);
	});
});
