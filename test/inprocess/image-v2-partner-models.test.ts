/**
 * Partner models on the Image operations through n8n's engine against the stub: GPT Image 2 on
 * Replace Background (its endpoint, its own Quality, a job with images out), and what each model
 * refuses before sending.
 */
import type { IDataObject } from 'n8n-workflow';

import { makePng, sha256 } from '../support/images';
import { runIdeogram, type InputItem } from '../support/n8n';
import { useStub } from '../support/useStub';

const KEY = 'sk-test-partners-62be0f19';
const stub = useStub({ apiKey: KEY, latencyMs: 2, jobLatencyMs: 200 });

jest.setTimeout(60_000);

const photo = makePng(512, 512, { seed: 7 });
const items: InputItem[] = [{ binary: { data: { data: photo, mimeType: 'image/png', fileName: 'photo.png' } } }];
const replace = (parameters: IDataObject, additionalFields: IDataObject = {}, options: IDataObject = {}) => ({
	resource: 'imageV2',
	operation: 'replaceBackground',
	prompt: 'A beach at sunset',
	image: 'data',
	additionalFields,
	options,
	...parameters,
});
const run = (parameters: IDataObject) => runIdeogram({ parameters, typeVersion: 2, items, credentials: { provider: 'ideogram', apiKey: KEY, baseUrl: stub.baseUrl } });
const posts = () => stub.requests.filter((r) => r.method === 'POST' && !r.dryRun);

test('Replace Background with GPT Image 2: its endpoint, Quality, the image uploaded, a job with two images out', async () => {
	const result = await run(replace({ model: 'gpt-image-2' }, { quality: 'medium', numImages: 2 }));
	expect(result.error).toBeUndefined();
	const [sent] = posts();
	expect(sent.path).toBe('/v2/image/replace-background/gpt-image-2');
	expect(sent.fields).toEqual({ prompt: ['A beach at sunset'], quality: ['medium'], num_images: ['2'] });
	expect(sent.files?.map((f) => [f.field, f.sha256])).toEqual([['image', sha256(photo)]]);
	expect(result.output).toHaveLength(2);
	for (const item of result.output!) expect(item.binary?.data.mimeType).toBe('image/png');
});

test('Ideogram 3 stays the default, on its own endpoint', async () => {
	await run(replace({}, { renderingSpeed: 'turbo' }, { downloadImages: false }));
	expect(posts()[0].path).toBe('/v2/image/replace-background/ideogram-3');
});

test('a quote for GPT Image 2', async () => {
	const result = await run(replace({ model: 'gpt-image-2' }, { quality: 'high' }, { priceQuoteOnly: true }));
	expect(result.output?.[0].json).toMatchObject({ endpoint: '/v2/image/replace-background/gpt-image-2', usd_micros: 90_000 });
	expect(posts()).toHaveLength(0);
});

describe('refused before sending', () => {
	test.each([
		['Rendering Speed with GPT Image 2', replace({ model: 'gpt-image-2' }, { renderingSpeed: 'turbo' }), 'Additional Fields → Rendering Speed is not taken by GPT Image 2 (gpt-image-2)'],
		['Quality with Ideogram 3', replace({}, { quality: 'low' }), 'Additional Fields → Quality is not taken by Ideogram 3 (ideogram-3)'],
		['a quality GPT Image 2 does not have', replace({ model: 'gpt-image-2' }, { quality: 'very_low' }), 'Additional Fields → Quality "very_low" is not one of the values Ideogram accepts (low, medium, high)'],
	])('%s', async (_what, parameters, message) => {
		const result = await run(parameters);
		expect(result.error?.message).toBe(message);
		expect(stub.requests).toHaveLength(0);
	});
});

describe('Edit: Ideogram 3 Character and Custom Model (inpaint)', () => {
	const mask = makePng(512, 512, { seed: 8 });
	const face = makePng(256, 256, { seed: 9 });
	const files: InputItem[] = [{ binary: { data: { data: photo, mimeType: 'image/png' }, mask: { data: mask, mimeType: 'image/png' }, face: { data: face, mimeType: 'image/png' } } }];
	const edit = (parameters: IDataObject, additionalFields: IDataObject = {}, options: IDataObject = {}) => ({
		resource: 'imageV2',
		operation: 'edit',
		prompt: 'The same person in a red coat',
		image: 'data',
		mask: 'mask',
		additionalFields,
		options: { downloadImages: false, ...options },
		...parameters,
	});
	const runEdit = (parameters: IDataObject) => runIdeogram({ parameters, typeVersion: 2, items: files, credentials: { provider: 'ideogram', apiKey: KEY, baseUrl: stub.baseUrl } });

	test('Character: image, mask and the character reference on the inpaint endpoint', async () => {
		const result = await runEdit(edit({ model: 'ideogram-3-character', referenceImages: { characterReferenceImages: 'face' } }, { styleType: 'realistic' }));
		expect(result.error).toBeUndefined();
		const [sent] = posts();
		expect(sent.path).toBe('/v2/image/inpaint/ideogram-3-character');
		expect(sent.files?.map((f) => [f.field, f.sha256])).toEqual([
			['image', sha256(photo)],
			['mask', sha256(mask)],
			['character_reference_images', sha256(face)],
		]);
		expect(sent.fields).toMatchObject({ style_type: ['realistic'], async: ['true'] });
	});

	test('Custom Model: its URI goes with the request', async () => {
		const result = await runEdit(edit({ model: 'ideogram-3-custom-model' }, { customModelUri: 'model/brand/version/2' }));
		expect(result.error).toBeUndefined();
		expect(posts()[0].path).toBe('/v2/image/inpaint/ideogram-3-custom-model');
		expect(posts()[0].fields).toMatchObject({ custom_model_uri: ['model/brand/version/2'] });
	});

	test.each([
		['Character without its reference', edit({ model: 'ideogram-3-character' }), 'Ideogram 3 Character (Inpaint) needs Reference Images → Character Reference Image'],
		['Custom Model without its URI', edit({ model: 'ideogram-3-custom-model' }), 'Additional Fields → Custom Model URI is needed by Ideogram 3 Custom Model (Inpaint) (ideogram-3-custom-model)'],
		['a Custom Model URI with Ideogram 3', edit({ model: 'ideogram-3' }, { customModelUri: 'model/brand/version/2' }), 'Additional Fields → Custom Model URI is not taken by Ideogram 3 (Inpaint) (ideogram-3)'],
		['a webhook with the Custom Model, whose endpoint takes none', edit({ model: 'ideogram-3-custom-model' }, { customModelUri: 'model/brand/version/2' }, { webhookUrl: 'https://hooks.example.com/x' }), 'Options → Webhook URL is not taken by the model ideogram-3-custom-model'],
	])('refused before sending: %s', async (_what, parameters, message) => {
		const result = await runEdit(parameters);
		expect(result.error?.message).toBe(message);
		expect(stub.requests).toHaveLength(0);
	});
});

describe('Generate: Ideogram 2 and 2a on the current API', () => {
	const generate = (model: string, additionalFields: IDataObject) => ({ resource: 'imageV2', operation: 'generate', model, prompt: 'A neon sign that says "OPEN"', additionalFields, options: { downloadImages: false } });
	const runGenerate = (parameters: IDataObject) => runIdeogram({ parameters, typeVersion: 2, credentials: { provider: 'ideogram', apiKey: KEY, baseUrl: stub.baseUrl } });

	test('Ideogram 2: its endpoint with style type, aspect ratio and negative prompt, sent as a job', async () => {
		const result = await runGenerate(generate('ideogram-2', { styleType: 'design', aspectRatio: '16x9', negativePrompt: 'blur', numImages: 2 }));
		expect(result.error).toBeUndefined();
		expect(posts().map((r) => [r.path, r.json])).toEqual([
			['/v2/image/generate/ideogram-2', { prompt: 'A neon sign that says "OPEN"', style_type: 'design', aspect_ratio: '16x9', negative_prompt: 'blur', num_images: 2, async: true }],
		]);
		expect(result.output).toHaveLength(2);
	});

	test.each([
		['a negative prompt with Ideogram 2a', generate('ideogram-2a', { negativePrompt: 'blur' }), 'Additional Fields → Negative Prompt is not taken by Ideogram 2a (ideogram-2a)'],
		['the style type Fiction, which Ideogram 2 lacks', generate('ideogram-2', { styleType: 'fiction' }), 'Additional Fields → Style Type "fiction" is not one of the values Ideogram 2 takes'],
		['a resolution with Ideogram 2', generate('ideogram-2', { resolution: '1024x1024' }), 'Additional Fields → Resolution is not taken by Ideogram 2 (ideogram-2)'],
	])('refused before sending: %s', async (_what, parameters, message) => {
		const result = await runGenerate(parameters);
		expect(result.error?.message).toBe(message);
		expect(stub.requests).toHaveLength(0);
	});
});

describe('Generate: Z-Image', () => {
	const generate = (additionalFields: IDataObject, model = 'z-image') => ({ resource: 'imageV2', operation: 'generate', model, prompt: 'A lighthouse', additionalFields, options: { downloadImages: false } });
	const runGenerate = (parameters: IDataObject) => runIdeogram({ parameters, typeVersion: 2, credentials: { provider: 'ideogram', apiKey: KEY, baseUrl: stub.baseUrl } });

	test('its endpoint, an exact size and Inference Steps', async () => {
		const result = await runGenerate(generate({ resolution: '1024x576', numInferenceSteps: 12, seed: 5 }));
		expect(result.error).toBeUndefined();
		expect(posts().map((r) => [r.path, r.json])).toEqual([['/v2/image/generate/z-image', { prompt: 'A lighthouse', resolution: '1024x576', num_inference_steps: 12, seed: 5, async: true }]]);
		expect(result.output?.[0].json.resolution).toBe('1024x576');
	});

	test.each([
		['a side that is not a multiple of 16', generate({ resolution: '1000x1000' }), 'Additional Fields → Resolution 1000x1000 is not a size Z-Image makes: each side must be a multiple of 16, and the area at most 1024x1024'],
		['an area over 1024x1024', generate({ resolution: '1280x1024' }), 'Additional Fields → Resolution 1280x1024 is not a size Z-Image makes: each side must be a multiple of 16, and the area at most 1024x1024'],
		['Inference Steps with Ideogram 4', generate({ numInferenceSteps: 8 }, 'ideogram-4'), 'Additional Fields → Inference Steps is not taken by Ideogram 4 (ideogram-4)'],
		['Inference Steps out of range', generate({ numInferenceSteps: 200 }), 'Additional Fields → Inference Steps must be a whole number from 1 to 128 (got 200)'],
	])('refused before sending: %s', async (_what, parameters, message) => {
		const result = await runGenerate(parameters);
		expect(result.error?.message).toBe(message);
		expect(stub.requests).toHaveLength(0);
	});
});

describe('Generate: custom models on Ideogram 4 and 3', () => {
	const generate = (model: string, additionalFields: IDataObject) => ({ resource: 'imageV2', operation: 'generate', model, prompt: 'Our mascot waving', additionalFields, options: { downloadImages: false } });
	const runGenerate = (parameters: IDataObject) => runIdeogram({ parameters, typeVersion: 2, credentials: { provider: 'ideogram', apiKey: KEY, baseUrl: stub.baseUrl } });

	test.each([
		['ideogram-4-custom-model', { customModelUri: 'model/mascot/version/3', resolution: '1024x1024', renderingSpeed: 'turbo' }, { custom_model_uri: 'model/mascot/version/3', resolution: '1024x1024', rendering_speed: 'turbo' }],
		['ideogram-3-custom-model', { customModelUri: 'model/mascot/version/1', stylePreset: 'bauhaus', aspectRatio: '3x2' }, { custom_model_uri: 'model/mascot/version/1', style_preset: 'bauhaus', aspect_ratio: '3x2' }],
	])('%s: its endpoint, the Custom Model URI and its fields', async (model, additionalFields, wire) => {
		const result = await runGenerate(generate(model, additionalFields));
		expect(result.error).toBeUndefined();
		expect(posts().map((r) => [r.path, r.json])).toEqual([[`/v2/image/generate/${model}`, { prompt: 'Our mascot waving', ...wire, async: true }]]);
	});

	test.each([
		['a custom model without its URI', generate('ideogram-4-custom-model', {}), 'Additional Fields → Custom Model URI is needed by Ideogram 4 Custom Model (ideogram-4-custom-model)'],
		['a Custom Model URI with Ideogram 4', generate('ideogram-4', { customModelUri: 'model/mascot/version/3' }), 'Additional Fields → Custom Model URI is not taken by Ideogram 4 (ideogram-4)'],
		['a style preset with the Ideogram 4 custom model', generate('ideogram-4-custom-model', { customModelUri: 'model/mascot/version/3', stylePreset: 'bauhaus' }), 'Additional Fields → Style Preset is not taken by Ideogram 4 Custom Model (ideogram-4-custom-model)'],
	])('refused before sending: %s', async (_what, parameters, message) => {
		const result = await runGenerate(parameters);
		expect(result.error?.message).toBe(message);
		expect(stub.requests).toHaveLength(0);
	});
});

describe('Generate: GPT Image, Nano Banana and P-Image', () => {
	const mask = makePng(512, 512, { seed: 11 });
	const second = makePng(512, 512, { seed: 12 });
	const files: InputItem[] = [{ binary: { data: { data: photo, mimeType: 'image/png' }, second: { data: second, mimeType: 'image/png' }, mask: { data: mask, mimeType: 'image/png' } } }];
	const generate = (model: string, additionalFields: IDataObject, more: IDataObject = {}) => ({ resource: 'imageV2', operation: 'generate', model, prompt: 'A lighthouse at dusk', additionalFields, options: { downloadImages: false }, ...more });
	const runGenerate = (parameters: IDataObject) => runIdeogram({ parameters, typeVersion: 2, items: files, credentials: { provider: 'ideogram', apiKey: KEY, baseUrl: stub.baseUrl } });

	test('GPT Image 2.5 Flare edits two source images with a mask: multipart, the ratio written 16:9, Quality and Background', async () => {
		const result = await runGenerate(
			generate('gpt-image-2-5-flare', { aspectRatio: '16x9', quality: 'auto', background: 'transparent', numImages: 2 }, { referenceImages: { sourceImages: 'data, second', sourceMask: 'mask' } }),
		);
		expect(result.error).toBeUndefined();
		const [sent] = posts();
		expect(sent.path).toBe('/v2/image/generate/gpt-image-2-5-flare');
		expect(sent.fields).toEqual({ prompt: ['A lighthouse at dusk'], aspect_ratio: ['16:9'], quality: ['auto'], background: ['transparent'], num_images: ['2'], async: ['true'] });
		expect(sent.files?.map((f) => [f.field, f.sha256])).toEqual([
			['images', sha256(photo)],
			['images', sha256(second)],
			['mask', sha256(mask)],
		]);
		expect(result.output).toHaveLength(2);
	});

	test('GPT Image 2 from the prompt alone: JSON, an exact size', async () => {
		const result = await runGenerate(generate('gpt-image-2', { resolution: '2048x2048', seed: 9 }));
		expect(result.error).toBeUndefined();
		expect(posts().map((r) => [r.path, r.json])).toEqual([['/v2/image/generate/gpt-image-2', { prompt: 'A lighthouse at dusk', resolution: '2048x2048', seed: 9, async: true }]]);
		expect(result.output?.[0].json.resolution).toBe('2048x2048');
	});

	test('Nano Banana 2: a ratio typed in (21x9) goes as 21:9, the tier as 4K', async () => {
		const result = await runGenerate(generate('nano-banana-2', { aspectRatio: '21x9', resolutionTier: '4k' }));
		expect(result.error).toBeUndefined();
		expect(posts().map((r) => [r.path, r.json])).toEqual([['/v2/image/generate/nano-banana-2', { prompt: 'A lighthouse at dusk', aspect_ratio: '21:9', resolution_tier: '4K', async: true }]]);
	});

	test('Nano Banana Pro edits a source image', async () => {
		const result = await runGenerate(generate('nano-banana-pro', { resolutionTier: '2k' }, { referenceImages: { sourceImages: 'data' } }));
		expect(result.error).toBeUndefined();
		const [sent] = posts();
		expect(sent.path).toBe('/v2/image/generate/nano-banana-pro');
		expect(sent.fields).toEqual({ prompt: ['A lighthouse at dusk'], resolution_tier: ['2K'], async: ['true'] });
		expect(sent.files?.map((f) => [f.field, f.sha256])).toEqual([['images', sha256(photo)]]);
	});

	test.each([
		['a size class', { resolutionTier: '2k', quality: 'very_high', magicPrompt: 'off' }, { resolution: '2k', quality: 'very_high', magic_prompt: 'off' }],
		['an exact size', { customWidth: 1536, customHeight: 1024 }, { custom_width: 1536, custom_height: 1024 }],
	])('P-Image Ideogram with %s', async (_what, additionalFields, wire) => {
		const result = await runGenerate(generate('p-image-ideogram', additionalFields));
		expect(result.error).toBeUndefined();
		expect(posts().map((r) => [r.path, r.json])).toEqual([['/v2/image/generate/p-image-ideogram', { prompt: 'A lighthouse at dusk', ...wire, async: true }]]);
	});

	test('a quote for Nano Banana 2', async () => {
		const result = await runGenerate(generate('nano-banana-2', {}, { options: { priceQuoteOnly: true } }));
		expect(result.error).toBeUndefined();
		expect(result.output?.[0].json).toMatchObject({ endpoint: '/v2/image/generate/nano-banana-2' });
		expect(posts()).toHaveLength(0);
	});

	test.each([
		['a mask without source images', generate('gpt-image-2-5-sunburst', {}, { referenceImages: { sourceMask: 'mask' } }), 'Reference Images → Source Mask needs Reference Images → Source Images'],
		['a mask with GPT Image 2', generate('gpt-image-2', {}, { referenceImages: { sourceImages: 'data', sourceMask: 'mask' } }), 'Reference Images → Source Mask is not taken by GPT Image 2 (gpt-image-2)'],
		['source images with Ideogram 4', generate('ideogram-4', {}, { referenceImages: { sourceImages: 'data' } }), 'Reference Images → Source Images is not taken by Ideogram 4 (ideogram-4)'],
		['a size GPT Image does not make', generate('gpt-image-2', { resolution: '1024x512' }), 'Additional Fields → Resolution 1024x512 is not a size GPT Image makes: each side a multiple of 16 and at most 3840, the long side at most 3 times the short, 655,360 to 8,294,400 pixels in all'],
		['GPT Image with the ratio auto', generate('gpt-image-2-5-flare', { aspectRatio: 'auto' }), 'Additional Fields → Aspect Ratio "auto" is not a ratio GPT Image takes'],
		['a ratio Nano Banana Pro lacks', generate('nano-banana-pro', { aspectRatio: '1x4' }), 'Additional Fields → Aspect Ratio "1x4" is not one of the values Nano Banana Pro takes'],
		['Magic Prompt with Nano Banana 2', generate('nano-banana-2', { magicPrompt: 'on' }), 'Additional Fields → Magic Prompt is not taken by Nano Banana 2 (nano-banana-2)'],
		['a quality GPT Image 2.5 lacks', generate('gpt-image-2-5-flare', { quality: 'very_high' }), 'Additional Fields → Quality "very_high" is not one of the values GPT Image 2.5 Flare takes'],
		['a Custom Width out of range', generate('p-image-ideogram', { customWidth: 1000, customHeight: 1024 }), 'Additional Fields → Custom Width must be a multiple of 16 from 16 to 4096 (got 1000)'],
		['a Custom Width alone', generate('p-image-ideogram', { customWidth: 1024 }), 'Additional Fields → Custom Width needs Custom Height as well'],
		['a custom size with a ratio', generate('p-image-ideogram', { customWidth: 1024, customHeight: 1024, aspectRatio: '1x1' }), 'Additional Fields → Custom Width cannot be combined with "Aspect Ratio"'],
		['P-Image at 4K', generate('p-image-ideogram', { resolutionTier: '4k' }), 'Additional Fields → Resolution Tier "4k" is not one of the values P-Image Ideogram takes'],
		['Background with Ideogram 4', generate('ideogram-4', { background: 'opaque' }), 'Additional Fields → Background is not taken by Ideogram 4 (ideogram-4)'],
	])('refused before sending: %s', async (_what, parameters, message) => {
		const result = await runGenerate(parameters);
		expect(result.error?.message).toBe(message);
		expect(stub.requests).toHaveLength(0);
	});

	test('more than 10 source images for Nano Banana are refused before sending', async () => {
		const many = Array.from({ length: 11 }, () => 'data').join(', ');
		const result = await runGenerate(generate('nano-banana-2', {}, { referenceImages: { sourceImages: many } }));
		expect(result.error?.message).toMatch(/Source Images/);
		expect(result.error?.message).toMatch(/10/);
		expect(stub.requests).toHaveLength(0);
	});
});

describe('Reframe: Auto, Bria Expand, GPT Image 2.5 Flare, Nano Banana 2 and Pro', () => {
	const reframe = (model: string | undefined, additionalFields: IDataObject, more: IDataObject = {}) => ({
		resource: 'imageV2',
		operation: 'reframe',
		...(model ? { model } : {}),
		image: 'data',
		additionalFields,
		options: { downloadImages: false },
		...more,
	});

	test.each([
		['auto', { aspectRatio: '16x9', numImages: 2 }, { aspect_ratio: ['16:9'], num_images: ['2'] }, 2],
		['bria-expand', { aspectRatio: '4x3', seed: 7 }, { aspect_ratio: ['4:3'], seed: ['7'] }, 1],
		['gpt-image-2-5-flare', { aspectRatio: '9x16', quality: 'low' }, { aspect_ratio: ['9:16'], quality: ['low'] }, 1],
		['nano-banana-2', { aspectRatio: '8x1' }, { aspect_ratio: ['8:1'] }, 1],
		['nano-banana-pro', { aspectRatio: '21x9', resolutionTier: '4k', private: false }, { aspect_ratio: ['21:9'], resolution_tier: ['4K'], private: ['false'] }, 1],
	])('%s: its endpoint, the ratio written w:h, no Resolution and no async (a job always), images out', async (model, additionalFields, wire, images) => {
		const result = await run(reframe(model, additionalFields));
		expect(result.error).toBeUndefined();
		const [sent] = posts();
		expect(sent.path).toBe(`/v2/image/reframe/${model}`);
		expect(sent.fields).toEqual(wire);
		expect(sent.files?.map((f) => [f.field, f.sha256])).toEqual([['image', sha256(photo)]]);
		expect(result.output).toHaveLength(images);
		expect(result.output?.[0].json.url).toEqual(expect.any(String));
	});

	test('Ideogram 3 stays the default: Resolution required and sent, with async', async () => {
		const result = await run(reframe(undefined, {}, { resolution: '1536x640' }));
		expect(result.error).toBeUndefined();
		expect(posts()[0].path).toBe('/v2/image/reframe/ideogram-3');
		expect(posts()[0].fields).toEqual({ resolution: ['1536x640'], async: ['true'] });
	});

	test('a quote for Bria Expand', async () => {
		const result = await run(reframe('bria-expand', { aspectRatio: '1x1' }, { options: { priceQuoteOnly: true } }));
		expect(result.error).toBeUndefined();
		expect(result.output?.[0].json).toMatchObject({ endpoint: '/v2/image/reframe/bria-expand' });
		expect(posts()).toHaveLength(0);
	});

	test.each([
		['a partner model without Aspect Ratio', reframe('auto', {}), 'Additional Fields → Aspect Ratio is needed by Auto (auto)'],
		['the ratio auto', reframe('bria-expand', { aspectRatio: 'auto' }), 'Additional Fields → Aspect Ratio "auto" is not a ratio to reframe to (bria-expand)'],
		['a ratio Nano Banana Pro lacks', reframe('nano-banana-pro', { aspectRatio: '8x1' }), 'Additional Fields → Aspect Ratio "8x1" is not one of the values Nano Banana Pro takes'],
		['Aspect Ratio with Ideogram 3', reframe(undefined, { aspectRatio: '16x9' }, { resolution: '1536x640' }), 'Additional Fields → Aspect Ratio is not taken by Ideogram 3 (ideogram-3)'],
		['more than 4 images', reframe('nano-banana-2', { aspectRatio: '16x9', numImages: 5 }), 'Additional Fields → Number of Images 5 is more than Nano Banana 2 takes'],
		['Number of Images with Bria Expand', reframe('bria-expand', { aspectRatio: '16x9', numImages: 2 }), 'Additional Fields → Number of Images is not taken by Bria Expand (bria-expand)'],
		['Quality with Nano Banana 2', reframe('nano-banana-2', { aspectRatio: '16x9', quality: 'high' }), 'Additional Fields → Quality is not taken by Nano Banana 2 (nano-banana-2)'],
		['Rendering Speed with Auto', reframe('auto', { aspectRatio: '16x9', renderingSpeed: 'turbo' }), 'Additional Fields → Rendering Speed is not taken by Auto (auto)'],
		['style references with GPT Image 2.5 Flare', reframe('gpt-image-2-5-flare', { aspectRatio: '16x9' }, { referenceImages: { styleReferenceImages: 'data' } }), 'Reference Images → Style Reference Images is not taken by GPT Image 2.5 Flare (gpt-image-2-5-flare)'],
	])('refused before sending: %s', async (_what, parameters, message) => {
		const result = await run(parameters);
		expect(result.error?.message).toBe(message);
		expect(stub.requests).toHaveLength(0);
	});
});
