/**
 * Node version 2's "Image" resource: Generate on Ideogram's current API (POST
 * /v2/image/generate/{model}), run through n8n's engine against the stub, which validates each
 * body against the model's own request schema (test/contract/ideogram-v2-openapi.json).
 */
import type { IDataObject } from 'n8n-workflow';

import { makePng } from '../support/images';
import { runIdeogram } from '../support/n8n';
import { useStub } from '../support/useStub';

const KEY = 'sk-test-v2-generate-8d1e44c2a9';
const official = useStub({ apiKey: KEY, latencyMs: 2, retryAfterSeconds: 0.05 });
const kkiai = useStub({ personality: 'kkiai', apiKey: KEY, latencyMs: 2 });

const credentials = () => ({ provider: 'ideogram', apiKey: KEY, baseUrl: official.baseUrl });
/** The generation requests (polls of GET /v2/generations/{id} left out). */
const posts = () => official.requests.filter((r) => r.method === 'POST');

const generate = (model: string, additionalFields: IDataObject = {}, extra: IDataObject = {}) => ({
	resource: 'imageV2',
	operation: 'generate',
	model,
	prompt: 'A lighthouse at dusk, the words "OPEN LATE" on a sign',
	additionalFields,
	...extra,
});

const run = (parameters: IDataObject, opts: { items?: Parameters<typeof runIdeogram>[0]['items']; creds?: Parameters<typeof runIdeogram>[0]['credentials'] } = {}) =>
	runIdeogram({ parameters, typeVersion: 2, credentials: opts.creds ?? credentials(), items: opts.items });

describe('v2 Generate: every model in the list, with the fields it takes', () => {
	// [model, Additional Fields, the fields as they must reach the wire]
	test.each([
		['ideogram-4', { renderingSpeed: 'turbo', resolution: '2048x2048', magicPrompt: 'off', numImages: 2, seed: 42 }, { rendering_speed: 'turbo', resolution: '2048x2048', magic_prompt: 'off', num_images: 2, seed: 42 }],
		['ideogram-4-5', { quality: 'medium', size: '1024x1024', enableCopyrightDetection: false }, { quality: 'medium', size: '1024x1024', enable_copyright_detection: false }],
		['ideogram-4-transparent', { aspectRatio: '4x1', outputResolution: '2k' }, { aspect_ratio: '4x1', output_resolution: '2k' }],
		['ideogram-3', { aspectRatio: '16x9', styleType: 'design', negativePrompt: 'blurry', colorPaletteName: 'melon', private: false }, { aspect_ratio: '16x9', style_type: 'design', negative_prompt: 'blurry', color_palette: { name: 'melon' }, private: false }],
		['ideogram-3-transparent', { upscaleFactor: 'x2', renderingSpeed: 'quality' }, { upscale_factor: 'x2', rendering_speed: 'quality' }],
		['auto', { resolution: '1280x800', resolutionTier: '2k' }, { resolution: '1280x800', resolution_tier: '2k' }],
	])('%s', async (model, fields, wire) => {
		const result = await run(generate(model, fields));
		expect(result.error).toBeUndefined();
		const expected = Number((fields as IDataObject).numImages ?? 1);
		expect(result.output).toHaveLength(expected);
		const [request] = posts();
		expect(posts()).toHaveLength(1);
		expect(request.rawPath).toBe(`/v2/image/generate/${model}`);
		expect(request.json).toEqual({ async: true, prompt: generate(model).prompt, ...wire });
		expect(request.status).toBe(200);
		expect(request.headers['api-key']).toBe(KEY);
		for (const item of result.output!) {
			expect(item.json.generation_id).toEqual(expect.any(String));
			expect(item.json.style_type).toBeUndefined();
			expect(item.binary?.data?.mimeType).toBe('image/png');
		}
	});

	test('wire values are lowercase and nested where v2 nests them', async () => {
		const result = await run(generate('ideogram-3', { renderingSpeed: 'turbo', stylePreset: 'art_deco', colorPaletteName: 'ember', magicPrompt: 'on' }));
		expect(posts()[0].json).toEqual({
			async: true,
			prompt: expect.any(String),
			rendering_speed: 'turbo',
			style_preset: 'art_deco',
			color_palette: { name: 'ember' },
			magic_prompt: 'on',
		});
		expect(posts()[0].status).toBe(200);
		expect(result.output![0].json.prompt).toMatch(/^Enhanced: /);
	});

	test('Ideogram 3 Character sends its reference image as multipart', async () => {
		const face = makePng(256, 256);
		const result = await run(generate('ideogram-3-character', { styleType: 'realistic' }, { referenceImages: { characterReferenceImages: 'face' } }), {
			items: [{ binary: { face: { data: face, mimeType: 'image/png', fileName: 'face.png' } } }],
		});
		expect(result.error).toBeUndefined();
		const [request] = posts();
		expect(request.status).toBe(200);
		expect(request.contentType).toBe('multipart');
		expect(request.files?.map((f) => f.field)).toEqual(['character_reference_images']);
	});

	test('a model slug typed in reaches its path as it is', async () => {
		const result = await run(generate('other', { seed: 7 }, { modelSlug: 'ideogram-4' }));
		expect(result.error).toBeUndefined();
		expect(posts().map((r) => r.rawPath)).toEqual(['/v2/image/generate/ideogram-4']);
	});
});

describe('v2 Generate: refused before anything is sent', () => {
	test.each([
		['ideogram-4', { aspectRatio: '16x9' }, /Aspect Ratio is not taken by Ideogram 4 \(ideogram-4\)/, /Ideogram 4 Transparent, Ideogram 3/],
		['ideogram-4', { renderingSpeed: 'turbo', quality: 'high' }, /Quality is not taken by Ideogram 4 /, /Ideogram 4\.5/],
		['ideogram-4-5', { renderingSpeed: 'turbo' }, /Rendering Speed is not taken by Ideogram 4\.5/, /Ideogram 4,/],
		['ideogram-4', { resolution: '1536x640' }, /"1536x640" is not one of the values Ideogram 4 takes/, /2048x2048/],
		['ideogram-3', { resolution: '2048x2048' }, /"2048x2048" is not one of the values Ideogram 3 takes/, /512x1536/],
		['ideogram-3', { resolution: '1024x1024', aspectRatio: '1x1' }, /cannot be combined with "Resolution"|cannot be combined with "Aspect Ratio"/, /either/],
		['ideogram-3-character', { styleType: 'design' }, /"design" is not one of the values Ideogram 3 Character takes/, /auto, realistic, fiction/],
		['ideogram-3', { renderingSpeed: 'flash' }, /Rendering Speed "flash" is not one of the values/, /Change "Rendering Speed"/],
	])('%s with %j', async (model, fields, message, fix) => {
		const result = await run(generate(model, fields));
		expect(result.error?.message).toMatch(message);
		expect(result.error?.description).toMatch(fix);
		expect(official.requests).toHaveLength(0);
	});

	test('Ideogram 3 Character without its reference image', async () => {
		const result = await run(generate('ideogram-3-character'));
		expect(result.error?.message).toBe('Ideogram 3 Character needs Reference Images → Character Reference Image');
		expect(official.requests).toHaveLength(0);
	});

	test('a reference image the model does not take', async () => {
		const result = await run(generate('ideogram-4', {}, { referenceImages: { styleReferenceImages: 'style' } }), {
			items: [{ binary: { style: { data: makePng(64, 64), mimeType: 'image/png', fileName: 'style.png' } } }],
		});
		expect(result.error?.message).toBe('Reference Images → Style Reference Images is not taken by Ideogram 4 (ideogram-4)');
		expect(official.requests).toHaveLength(0);
	});

	test('a typed-in slug that could not be a model', async () => {
		const result = await run(generate('other', {}, { modelSlug: '../v1/ideogram-v3/generate' }));
		expect(result.error?.message).toBe('Model Slug "../v1/ideogram-v3/generate" is not a model slug');
		expect(official.requests).toHaveLength(0);
	});

	test('a reseller credential, with the operation that works there', async () => {
		const result = await run(generate('ideogram-4'), { creds: { provider: 'kkiai', apiKey: KEY, baseUrl: `${kkiai.baseUrl}` } });
		expect(result.error?.message).toBe("Generate (Ideogram's current API) works only with Ideogram's own API, not with Kkiai");
		expect(result.error?.description).toMatch(/Image \(Ideogram 3\.0, v1 API\)" → Generate/);
		expect(kkiai.requests).toHaveLength(0);
	});
});

describe('v2 errors', () => {
	test.each([
		['subscription_required', 'Your Ideogram plan does not include this (HTTP 402, subscription_required); not retried', /Subscribe to an API plan/],
		['priority_credit_required', 'This request needs Ideogram priority credits (HTTP 402, priority_credit_required); not retried', /priority credits/],
		['feature_limit', 'Your Ideogram plan’s limit for this feature is reached (HTTP 402, feature_limit); not retried', /limit resets/],
		['daily_limit', 'Daily Ideogram spending limit reached (HTTP 402); not retried', /daily limit/],
	])('a 402 with reject_reason %s says what to do', async (reason, message, fix) => {
		official.inject({ kind: 'status', status: 402, body: { error: 'Rejected', reject_reason: reason } });
		const result = await run(generate('ideogram-4'));
		expect(result.error?.message).toBe(message);
		expect(result.error?.description).toMatch(fix);
		expect(posts()).toHaveLength(1);
	});

	test('an in-flight 429 names the organization’s limit Ideogram states, and is retried', async () => {
		official.inject({ kind: 'status', status: 429, times: 10, body: { error: 'Too many', reject_reason: 'inflight_limit', max_inflight_requests: 8, task_completion_speed: 'fast' } });
		const result = await run({ ...generate('ideogram-4'), options: { maxRetries: 1 } });
		expect(result.error?.message).toMatch(/^Gave up after 2 tries: Too many Ideogram requests in flight \(HTTP 429\)/);
		expect(result.error?.description).toMatch(/Ideogram allows 8 images in flight per organization/);
		expect(posts()).toHaveLength(2);
	});

	test('a job whose connection closed before the answer is not sent again (it may exist)', async () => {
		official.inject({ kind: 'reset' });
		const result = await run(generate('ideogram-4'));
		expect(result.error?.message).toMatch(/was closed before an answer; not sent again, as Ideogram may already have accepted the job$/);
		expect(official.requests).toHaveLength(1);
	});

	test('a 402 with reject_reason insufficient_funds is reported as such, not retried', async () => {
		const result = await run({ ...generate('ideogram-4'), prompt: 'Out of money [[status:402]]' });
		expect(result.error?.message).toMatch(/Insufficient Ideogram credits \(HTTP 402\)/);
		expect(official.requests).toHaveLength(1);
		expect(official.requests[0].response).toEqual({ error: expect.any(String), reject_reason: 'insufficient_funds' });
	});
});
