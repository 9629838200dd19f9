/**
 * Image → Vectorize through n8n's engine against the stub: the image uploaded, the job polled, the
 * SVG attached as a binary file (image/svg+xml, read from its text), Get Generation of the job, a
 * quote, and the refusals before sending.
 */
import type { IDataObject } from 'n8n-workflow';

import { makePng, sha256 } from '../support/images';
import { runIdeogram, type InputItem } from '../support/n8n';
import { useStub } from '../support/useStub';
import { makeSvg } from '../stub/video';

const KEY = 'sk-test-vectorize-91c2d4e0';
const stub = useStub({ apiKey: KEY, latencyMs: 2, jobLatencyMs: 200 });

jest.setTimeout(60_000);

const logo = makePng(300, 200);
const items: InputItem[] = [{ binary: { data: { data: logo, mimeType: 'image/png', fileName: 'logo.png' } } }];
const run = (parameters: IDataObject, input: InputItem[] = items) =>
	runIdeogram({ parameters: { resource: 'imageV2', options: {}, ...parameters }, typeVersion: 2, items: input, credentials: { provider: 'ideogram', apiKey: KEY, baseUrl: stub.baseUrl } });
const posts = () => stub.requests.filter((r) => r.method === 'POST' && !r.dryRun);
const servedSvg = (url: string, width: number, height: number) => Buffer.from(makeSvg(width, height, /\/svgs\/([A-Za-z0-9_-]+)\.svg/.exec(url)![1]));

test('an image in, an SVG out: multipart, no async field, polled, the file typed by its text', async () => {
	const result = await run({ operation: 'vectorize', image: 'data', additionalFields: { private: false } });
	expect(result.error).toBeUndefined();
	const [sent] = posts();
	expect(sent.path).toBe('/v2/tool/vectorizer');
	expect(sent.fields).toEqual({ private: ['false'] });
	expect(sent.files?.map((f) => [f.field, f.contentType, f.sha256])).toEqual([['image', 'image/png', sha256(logo)]]);
	const [item] = result.output!;
	expect(item.json).toEqual({
		url: expect.stringMatching(/\/svgs\/.+\.svg\?exp=/),
		width: 300,
		height: 200,
		mime_type: 'image/svg+xml',
		asset_id: expect.any(String),
		generation_id: (sent.response as IDataObject).generation_id,
		object_type: 'svg.generation',
		index: 0,
	});
	expect(item.binary?.data).toMatchObject({ mimeType: 'image/svg+xml', fileName: `ideogram-${String(item.json.generation_id)}-1.svg` });
	expect(sha256(await result.getBinary(item))).toBe(sha256(servedSvg(String(item.json.url), 300, 200)));
});

test('Wait for Completion off, then Get Generation collects the SVG', async () => {
	const sent = await run({ operation: 'vectorize', image: 'data', options: { waitForCompletion: false } });
	expect(sent.output?.[0].json).toEqual({ generation_id: expect.any(String), status: 'pending' });
	const collected = await run({ operation: 'getGeneration', generationId: String(sent.output![0].json.generation_id) });
	expect(collected.output?.[0].json).toMatchObject({ object_type: 'svg.generation', width: 300, height: 200 });
	expect(collected.output?.[0].binary?.data.mimeType).toBe('image/svg+xml');
});

test('Price Quote Only: the vectorizer declares dry_run', async () => {
	const result = await run({ operation: 'vectorize', image: 'data', options: { priceQuoteOnly: true } });
	expect(result.output?.[0].json).toMatchObject({ endpoint: '/v2/tool/vectorizer', qualifier: 'exact' });
	expect(posts()).toHaveLength(0);
});

test('refused before sending: a file that is not a raster image', async () => {
	const svgIn: InputItem[] = [{ binary: { data: { data: Buffer.from(makeSvg(10, 10, 'x')), mimeType: 'image/svg+xml', fileName: 'in.svg' } } }];
	const result = await run({ operation: 'vectorize', image: 'data' }, svgIn);
	expect(result.error?.message).toBe('Image file (binary field "data") is an SVG image, not a JPEG, PNG or WebP image');
	expect(stub.requests).toHaveLength(0);
});
