/**
 * The v2 operations Ideogram runs only as jobs (Replace Background, Remove Object): sent without an
 * `async` field (their endpoints always answer with a generation id), then polled like any job.
 */
import type { IDataObject } from 'n8n-workflow';

import { makePng } from '../support/images';
import { runIdeogram, type InputItem } from '../support/n8n';
import { useStub } from '../support/useStub';

const KEY = 'sk-test-v2-async-ops-6f2d90b1c4';
const stub = useStub({ apiKey: KEY, latencyMs: 2, jobLatencyMs: 300 });
const credentials = () => ({ provider: 'ideogram', apiKey: KEY, baseUrl: stub.baseUrl });
const posts = () => stub.requests.filter((r) => r.method === 'POST');

const PHOTO = makePng(640, 480, { seed: 21 });
const MASK = makePng(640, 480, { seed: 22 });
const SMALL_MASK = makePng(320, 240, { seed: 23 });
const files = (extra: Record<string, Buffer> = {}): InputItem[] => [
	{
		binary: Object.fromEntries(
			Object.entries({ data: PHOTO, ...extra }).map(([field, data]) => [field, { data, mimeType: 'image/png', fileName: `${field}.png` }]),
		),
	},
];
const run = (parameters: IDataObject, items = files()) => runIdeogram({ parameters: { resource: 'imageV2', ...parameters }, typeVersion: 2, credentials: credentials(), items });

describe('Replace Background', () => {
	test('multipart with the image, no async field, polled, one image per requested image at the input’s size', async () => {
		const result = await run({ operation: 'replaceBackground', prompt: 'a beach at noon', additionalFields: { numImages: 2, renderingSpeed: 'turbo' } });
		expect(result.error).toBeUndefined();
		expect(result.output).toHaveLength(2);
		for (const item of result.output!) {
			expect(item.json.resolution).toBe('640x480');
			expect(item.binary?.data?.mimeType).toBe('image/png');
		}
		const [post] = posts();
		expect(post.rawPath).toBe('/v2/image/replace-background/ideogram-3');
		expect(post.contentType).toBe('multipart');
		expect(post.fields).toEqual({ prompt: ['a beach at noon'], num_images: ['2'], rendering_speed: ['turbo'] });
		expect(post.files?.map((f) => f.field)).toEqual(['image']);
		expect(stub.requests.filter((r) => r.method === 'GET').length).toBeGreaterThanOrEqual(1);
	});

	test('a prompt over its 4,000 characters is refused before sending', async () => {
		const result = await run({ operation: 'replaceBackground', prompt: 'x'.repeat(4_001) });
		expect(result.error?.message).toBe('Prompt is 4001 characters long; this endpoint takes at most 4000');
		expect(stub.requests).toHaveLength(0);
	});

	test('Wait for Completion off: the job’s id at once', async () => {
		const result = await run({ operation: 'replaceBackground', prompt: 'a forest', options: { waitForCompletion: false } });
		// Replace Background accepts a job with its id alone (ReplaceBackgroundResponse has no seed).
		expect(result.output?.map((i) => i.json)).toEqual([{ generation_id: (posts()[0].response as IDataObject).generation_id, status: 'pending' }]);
		expect(stub.requests.filter((r) => r.method === 'GET')).toHaveLength(0);
	});
});

describe('Remove Object', () => {
	test('image and mask, polled, the image back at its size', async () => {
		const result = await run({ operation: 'removeObject', image: 'data', mask: 'mask', additionalFields: { seed: 5 } }, files({ mask: MASK }));
		expect(result.error).toBeUndefined();
		expect(result.output?.map((i) => [i.json.resolution, i.json.seed])).toEqual([['640x480', 5]]);
		const [post] = posts();
		expect(post.rawPath).toBe('/v2/image/remove-object/ideogram-1');
		expect(post.files?.map((f) => f.field)).toEqual(['image', 'mask']);
		expect(post.fields).toEqual({ seed: ['5'] });
	});

	test('a mask of another size is refused before sending', async () => {
		const result = await run({ operation: 'removeObject', image: 'data', mask: 'mask' }, files({ mask: SMALL_MASK }));
		expect(result.error?.message).toMatch(/^Mask \(binary field "mask"\) is 320x240 pixels, but "Image" \(binary field "data"\) is 640x480/);
		expect(stub.requests).toHaveLength(0);
	});
});
