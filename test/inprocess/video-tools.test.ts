/**
 * Video → Edit, Living Image and Product 360 Video through n8n's engine against the stub: the asset
 * identifiers on the wire, the job polled and its MP4 attached, and what is refused before sending.
 */
import type { IDataObject } from 'n8n-workflow';

import { runIdeogram } from '../support/n8n';
import { useStub } from '../support/useStub';

const KEY = 'sk-test-video-tools-3f92ab10';
const stub = useStub({ apiKey: KEY, latencyMs: 2, jobLatencyMs: 200 });

jest.setTimeout(60_000);

const run = (parameters: IDataObject) =>
	runIdeogram({ parameters: { resource: 'video', additionalFields: {}, options: {}, ...parameters }, typeVersion: 2, credentials: { provider: 'ideogram', apiKey: KEY, baseUrl: stub.baseUrl } });
const posts = () => stub.requests.filter((r) => r.method === 'POST' && !r.dryRun);

test('Living Image: the image asset as an identifier object, polled, an MP4 out', async () => {
	const result = await run({ operation: 'livingImage', assetType: 'RESPONSE', imageAssetId: ' 7uS_VESkRI6O3-sVgHQp_A ', additionalFields: { quality: 'high' } });
	expect(result.error).toBeUndefined();
	expect(posts().map((r) => [r.path, r.json])).toEqual([
		['/v2/tool/living-image', { image_asset_identifier: { asset_type: 'RESPONSE', asset_id: '7uS_VESkRI6O3-sVgHQp_A' }, quality: 'high' }],
	]);
	const [item] = result.output!;
	expect(item.json).toMatchObject({ duration: 8, resolution: '2K', object_type: 'video.generation' });
	expect(item.binary?.data.mimeType).toBe('video/mp4');
});

test('Product 360 Video: direction and the image asset; a quote on request', async () => {
	const result = await run({ operation: 'product360', assetType: 'UPLOAD', imageAssetId: 'abcDEF_123-xyz', direction: 'counter-clockwise', additionalFields: { duration: 6, productDescription: 'A white mug' }, options: { priceQuoteOnly: true } });
	expect(result.output?.[0].json).toMatchObject({ usd: '0.360000', qualifier: 'exact', endpoint: '/v2/tool/product-360-video' });
	expect(stub.requests.map((r) => [r.rawPath, r.json])).toEqual([
		['/v2/tool/product-360-video?dry_run=true', { image_asset_identifier: { asset_type: 'UPLOAD', asset_id: 'abcDEF_123-xyz' }, direction: 'counter-clockwise', duration: 6, product_description: 'A white mug' }],
	]);
});

test('Edit (Seedance 2): the span and the video asset, with a webhook', async () => {
	const result = await run({
		operation: 'edit',
		prompt: 'The dancer turns towards the light',
		assetType: 'RESPONSE',
		videoAssetId: 'vid_0123456789abcdefghij',
		startFrameTime: 1.5,
		endFrameTime: 3,
		additionalFields: { isEndFrameIncluded: true, duration: 4 },
		options: { waitForCompletion: false, webhookUrl: 'https://hooks.example.com/v' },
	});
	expect(result.output?.[0].json.status).toBe('pending');
	expect(posts().map((r) => [r.path, r.json])).toEqual([
		[
			'/v2/video/edit/seedance-2',
			{
				prompt: 'The dancer turns towards the light',
				video_asset_identifier: { asset_type: 'RESPONSE', asset_id: 'vid_0123456789abcdefghij' },
				start_frame_time: 1.5,
				end_frame_time: 3,
				is_end_frame_included: true,
				duration: 4,
				webhook_url: 'https://hooks.example.com/v',
			},
		],
	]);
});

describe('refused before sending', () => {
	const edit = { operation: 'edit', prompt: 'x', assetType: 'RESPONSE', videoAssetId: 'abc', startFrameTime: 2, endFrameTime: 4 };
	test.each([
		['a span that ends before it starts', { ...edit, endFrameTime: 1 }, 'End Frame Time (Seconds) is 1 s, not after Start Frame Time (2 s)'],
		['a clip anchored at neither end', { ...edit, additionalFields: { isStartFrameIncluded: false } }, 'Additional Fields → Include Start Frame is off, and so is Include End Frame: the new clip must join the video at one end at least'],
		['an asset ID that is a link', { operation: 'livingImage', assetType: 'RESPONSE', imageAssetId: 'https://ideogram.ai/x.png' }, 'Image Asset ID "https://ideogram.ai/x.png" is not an asset ID (letters, digits, - and _)'],
		['a living image longer than 15 s', { operation: 'livingImage', assetType: 'RESPONSE', imageAssetId: 'abc', additionalFields: { duration: 20 } }, 'Additional Fields → Duration (Seconds) must be a whole number from 5 to 15 (got 20)'],
	])('%s', async (_what, parameters, message) => {
		const result = await run(parameters);
		expect(result.error?.message).toBe(message);
		expect(stub.requests).toHaveLength(0);
	});
});
