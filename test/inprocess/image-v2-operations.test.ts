/**
 * Node version 2's "Image" resource beyond Generate: Remix, Edit, Reframe, Remove Background,
 * Upscale, Describe and Layerize on Ideogram's current API, run through n8n's engine against the
 * stub. The stub validates each body against the model's own request schema; this suite holds what
 * the stub answers against the spec's response schema, so the node is tested on answers shaped as
 * Ideogram documents them.
 */
import type { IDataObject } from 'n8n-workflow';

import { v2ResponseValidator } from '../stub/schema';
import { imageSize } from '../stub/png';
import { makeJpeg, makeMask, makePng, sha256 } from '../support/images';
import { runIdeogram, type InputItem, type RunResult } from '../support/n8n';
import { useStub } from '../support/useStub';

const KEY = 'sk-test-v2-image-ops-5c0ffee2b7';
const official = useStub({ apiKey: KEY, latencyMs: 2 });
const kkiai = useStub({ personality: 'kkiai', apiKey: KEY, latencyMs: 2 });

const credentials = () => ({ provider: 'ideogram', apiKey: KEY, baseUrl: official.baseUrl });

const PHOTO = makePng(512, 512, { seed: 21 });
const SMALL = makePng(128, 96, { seed: 22 });
const MASK = makeMask(512, 512, [128, 128, 256, 256]);
const FACE = makePng(300, 400, { seed: 23 });
const FACE_MASK = makeMask(300, 400, [50, 50, 200, 300]);
const STYLE = makeJpeg(800, 600);
const GUIDES = [1, 2, 3, 4].map((i) => makePng(256, 256, { seed: 30 + i }));

const png = (data: Buffer, fileName: string) => ({ data, fileName, mimeType: 'image/png' });
/** One item with every file a test may name. */
const ITEM: InputItem = {
	binary: {
		data: png(PHOTO, 'photo.png'),
		small: png(SMALL, 'small.png'),
		mask: png(MASK, 'mask.png'),
		face: png(FACE, 'face.png'),
		faceMask: png(FACE_MASK, 'face-mask.png'),
		style: { data: STYLE, fileName: 'style.jpg', mimeType: 'image/jpeg' },
		...Object.fromEntries(GUIDES.map((g, i) => [`guide${i + 1}`, png(g, `guide${i + 1}.png`)])),
	},
};

const op = (operation: string, model: string, additionalFields: IDataObject = {}, extra: IDataObject = {}): IDataObject => ({
	resource: 'imageV2',
	operation,
	model,
	image: 'data',
	additionalFields,
	...extra,
});

const run = (parameters: IDataObject, items: InputItem[] = [ITEM], creds = credentials()) =>
	runIdeogram({ parameters, typeVersion: 2, credentials: creds, items });

/**
 * The one request sent: its path, 200, and an answer the spec's response schema accepts. Every
 * operation here but Describe runs as a job: sent with `async`, then polled at
 * /v2/generations/{id} until completed (the polls are left out of "sent").
 */
function sentOnce(path: string) {
	const posts = official.requests.filter((r) => r.method === 'POST');
	expect(posts.map((r) => r.rawPath)).toEqual([path]);
	const [request] = posts;
	expect([request.status, request.error]).toEqual([200, undefined]);
	expect(request.contentType).toBe('multipart');
	const validate = v2ResponseValidator(path);
	expect([validate(request.response), validate.errors ?? null]).toEqual([true, null]);
	const polls = official.requests.filter((r) => r.method === 'GET');
	if (request.fields?.async) {
		expect(request.fields.async).toEqual(['true']);
		const id = (request.response as { generation_id: string }).generation_id;
		expect(polls.map((r) => r.path).every((p) => p === `/v2/generations/${id}`)).toBe(true);
		expect((polls.at(-1)?.response as { status?: string } | undefined)?.status).toBe('completed');
	} else {
		expect(polls).toHaveLength(0);
	}
	return request;
}

/** Image items as from Generate: one per image, the file downloaded, the generation's id. */
async function imageItems(result: RunResult, count: number) {
	expect(result.error).toBeUndefined();
	expect(result.output).toHaveLength(count);
	for (const item of result.output!) {
		expect(item.json.generation_id).toEqual(expect.any(String));
		expect(item.binary?.data?.mimeType).toBe('image/png');
	}
	return result.output!;
}

const fileFields = (request: { files?: Array<{ field: string }> }) => (request.files ?? []).map((f) => f.field);

describe('Remix: every model, with the fields it takes', () => {
	// [model, Additional Fields, extra parameters, file parts, images, the text parts besides prompt and async]
	test.each([
		['ideogram-4', { imageWeight: 40, renderingSpeed: 'turbo', resolution: '1024x1024', numImages: 2, enableCopyrightDetection: false }, {}, ['image'], 2, { image_weight: ['40'], rendering_speed: ['turbo'], resolution: ['1024x1024'], num_images: ['2'], enable_copyright_detection: ['false'] }],
		['ideogram-3', { aspectRatio: '16x9', styleType: 'design', magicPrompt: 'on', negativePrompt: 'blur', seed: 5 }, { referenceImages: { styleReferenceImages: 'style' } }, ['image', 'style_reference_images'], 1, { aspect_ratio: ['16x9'], style_type: ['design'], magic_prompt: ['on'], negative_prompt: ['blur'], seed: ['5'] }],
		[
			'ideogram-3-character',
			{ styleType: 'fiction', resolution: '1024x1024' },
			{ referenceImages: { characterReferenceImages: 'face', characterReferenceMask: 'faceMask' } },
			['image', 'character_reference_images', 'character_reference_mask'],
			1,
			{ style_type: ['fiction'], resolution: ['1024x1024'] },
		],
		['ideogram-3-custom-model', { customModelUri: 'model/brand/version/1', stylePreset: 'art_deco', colorPaletteName: 'melon' }, {}, ['image'], 1, { custom_model_uri: ['model/brand/version/1'], style_preset: ['art_deco'], color_palette: ['{"name":"melon"}'] }],
		['auto', { resolutionTier: '2k', aspectRatio: '4x1', private: false }, {}, ['image'], 1, { resolution_tier: ['2k'], aspect_ratio: ['4x1'], private: ['false'] }],
	])('%s', async (model, fields, extra, files, count, wire) => {
		const result = await run(op('remix', model, fields, { prompt: 'The same scene at night', ...extra }));
		const items = await imageItems(result, count);
		const request = sentOnce(`/v2/image/remix/${model}`);
		expect(fileFields(request)).toEqual(files);
		expect(request.files![0].sha256).toBe(sha256(PHOTO));
		expect(request.fields).toEqual({ prompt: ['The same scene at night'], async: ['true'], ...wire });
		if (model === 'ideogram-3') expect(items[0].json.prompt).toBe('Enhanced: The same scene at night');
	});

	test('a typed-in model slug reaches its path', async () => {
		const result = await run(op('remix', 'other', { imageWeight: 10 }, { modelSlug: 'ideogram-4', prompt: 'x' }));
		await imageItems(result, 1);
		sentOnce('/v2/image/remix/ideogram-4');
	});
});

describe('Edit: Ideogram 4.5 precise edit and Ideogram 3 inpaint', () => {
	test('Ideogram 4.5 with a mask, three guide images and context "auto"', async () => {
		const result = await run(
			op('edit', 'ideogram-4-5', { quality: 'low', contextWindow: 'auto', seed: 8 }, { prompt: 'Make the sign red', mask: 'mask', referenceImages: { guideImages: 'guide1, guide2, guide3' } }),
		);
		const [item] = await imageItems(result, 1);
		const request = sentOnce('/v2/image/precise-edit/ideogram-4-5');
		expect(fileFields(request)).toEqual(['image', 'mask', 'reference_images', 'reference_images', 'reference_images']);
		expect(request.fields).toEqual({ prompt: ['Make the sign red'], quality: ['low'], context_window: ['auto'], seed: ['8'], async: ['true'] });
		expect(item.json.resolution).toBe('512x512');
	});

	test('Ideogram 4.5 without a mask: four guide images, an explicit region', async () => {
		const result = await run(
			op('edit', 'ideogram-4-5', { contextWindow: '0, 0, 512, 300' }, { prompt: 'Add a hat', referenceImages: { guideImages: 'guide1,guide2,guide3,guide4' } }),
		);
		await imageItems(result, 1);
		const request = sentOnce('/v2/image/precise-edit/ideogram-4-5');
		expect(fileFields(request).filter((f) => f === 'reference_images')).toHaveLength(4);
		expect(request.fields?.context_window).toEqual(['0,0,512,300']);
	});

	test('Ideogram 3 repaints the black area of the mask, with a style', async () => {
		const result = await run(op('edit', 'ideogram-3', { styleType: 'realistic', renderingSpeed: 'quality', numImages: 2 }, { prompt: 'A red door', mask: 'mask' }));
		await imageItems(result, 2);
		const request = sentOnce('/v2/image/inpaint/ideogram-3');
		expect(fileFields(request)).toEqual(['image', 'mask']);
		expect(request.files![1].sha256).toBe(sha256(MASK));
	});
});

describe('Reframe, Remove Background, Layerize', () => {
	test('Reframe to a resolution of Ideogram 3', async () => {
		const result = await run(op('reframe', 'ideogram-3', { numImages: 2, stylePreset: 'watercolor' }, { resolution: '1536x640' }));
		const items = await imageItems(result, 2);
		sentOnce('/v2/image/reframe/ideogram-3');
		expect(items.map((i) => i.json.resolution)).toEqual(['1536x640', '1536x640']);
		expect(imageSize(await result.getBinary(items[0]))).toEqual({ width: 1536, height: 640 });
	});

	test('Remove Background: one transparent PNG, no prompt', async () => {
		const result = await run(op('removeBackground', 'ideogram-1', { private: true }));
		const [item] = await imageItems(result, 1);
		const request = sentOnce('/v2/image/remove-background/ideogram-1');
		expect(request.fields?.private).toEqual(['true']);
		expect(item.json.is_image_safe).toBe(true);
	});

	test('Layerize: the base image without text as the file, the text blocks and the design link in the json', async () => {
		const result = await run(op('layerize', 'ideogram-3', { guidance: 'A poster that says HELLO WORLD', seed: 9 }));
		const [item] = await imageItems(result, 1);
		const request = sentOnce('/v2/design/layerize/ideogram-3');
		expect(request.fields?.async).toEqual(['true']);
		expect(request.fields?.prompt).toEqual(['A poster that says HELLO WORLD']);
		// A job: the design comes with the last poll.
		const lastPoll = official.requests.filter((r) => r.method === 'GET').at(-1)!;
		const answer = (lastPoll.response as { data: Array<{ base_image_url: string; url: string }> }).data[0];
		expect(item.json.url).toBe(answer.base_image_url);
		expect(item.json.design_url).toBe(answer.url);
		expect(item.json.text_blocks).toEqual([expect.objectContaining({ text: 'HELLO WORLD', role: 'heading' })]);
	});
});

test('Layerize without waiting, then Get Generation: the design comes back shaped as Layerize shapes it', async () => {
	const sent = await run(op('layerize', 'ideogram-3', { guidance: 'A sign that says OPEN' }, { options: { waitForCompletion: false } }));
	expect(sent.output?.map((i) => i.json.status)).toEqual(['pending']);
	const id = String(sent.output![0].json.generation_id);
	const collected = await run({ resource: 'imageV2', operation: 'getGeneration', generationId: id });
	const [item] = await imageItems(collected, 1);
	expect(item.json.generation_id).toBe(id);
	expect(item.json.design_url).toEqual(expect.any(String));
	expect(item.json.text_blocks).toEqual([expect.objectContaining({ text: expect.any(String), font_name: expect.any(String) })]);
});

describe('Upscale: every model, with its own settings', () => {
	// [model, Additional Fields, the size answered, the text parts besides async]
	test.each([
		['auto', { upscaleBy: 'x4', seed: 3 }, '512x384', { upscale_factor: ['x4'], seed: ['3'] }],
		['topaz-standard-2', { denoise: 0.3, faceEnhancement: true, faceEnhancementStrength: 0.4, faceEnhancementCreativity: 0.2, subjectDetection: 'foreground', strength: 0.8 }, '256x192', { denoise: ['0.3'], face_enhancement: ['true'], face_enhancement_strength: ['0.4'], face_enhancement_creativity: ['0.2'], subject_detection: ['foreground'], strength: ['0.8'] }],
		['topaz-text-refine', { strength: 0.4, fixCompression: 0.6, upscaleBy: 'x4' }, '512x384', { strength: ['0.4'], fix_compression: ['0.6'], upscale_factor: ['x4'] }],
		['topaz-bloom-2', { creativity: 5, colorPreservation: false, guidance: 'crisp lettering' }, '256x192', { creativity: ['5'], color_preservation: ['false'], prompt: ['crisp lettering'] }],
		['topaz-redefine', { autoprompt: true, texture: 2, detail: true, detailStrength: 3, sharpen: 0.1 }, '256x192', { autoprompt: ['true'], texture: ['2'], detail: ['true'], detail_strength: ['3'], sharpen: ['0.1'] }],
		['topaz-wonder-3-5', { enhancementStrength: 'high', upscaleBy: 'x8' }, '1024x768', { enhancement_strength: ['high'], upscale_factor: ['x8'] }],
		['nano-banana-pro', { upscaleTier: '1K', guidance: 'sharper' }, '1024x768', { resolution_tier: ['1K'], prompt: ['sharper'] }],
	])('%s', async (model, fields, size, wire) => {
		const result = await run(op('upscale', model, fields, { image: 'small' }));
		const [item] = await imageItems(result, 1);
		const request = sentOnce(`/v2/image/upscale/${model}`);
		expect(request.fields).toEqual({ async: ['true'], ...wire });
		expect(item.json.resolution).toBe(size);
	});
});

describe('Describe: JSON items, the described file kept', () => {
	test('Ideogram 4: a JSON prompt, also as a string for Generate', async () => {
		const result = await run(op('describe', 'ideogram-4', { includeBbox: false, includeTags: true, includeStyleDescriptions: true }));
		expect(result.error).toBeUndefined();
		expect(result.output).toHaveLength(1);
		const request = sentOnce('/v2/image/describe/ideogram-4');
		expect(request.fields).toEqual({ include_bbox: ['false'], include_tags: ['true'], include_style_descriptions: ['true'] });
		const [item] = result.output!;
		const jsonPrompt = item.json.json_prompt as IDataObject;
		expect(jsonPrompt.tags).toEqual(['stripes', 'abstract']);
		expect(JSON.parse(item.json.prompt as string)).toEqual(jsonPrompt);
		expect(item.json.description).toBe(jsonPrompt.high_level_description);
		expect(item.json.description_id).toEqual(expect.any(String));
		expect(sha256(await result.getBinary(item))).toBe(sha256(PHOTO));
	});

	test('Ideogram 3: text descriptions', async () => {
		const result = await run(op('describe', 'ideogram-3', {}, { options: { passThroughBinary: false } }));
		expect(result.error).toBeUndefined();
		sentOnce('/v2/image/describe/ideogram-3');
		const [item] = result.output!;
		expect(item.json.description).toMatch(/^A 512x512 image/);
		expect(item.json.descriptions).toHaveLength(2);
		expect(item.binary).toBeUndefined();
	});
});

describe('refused before anything is sent', () => {
	const GUIDE_4 = { referenceImages: { guideImages: 'guide1,guide2,guide3,guide4' } };
	test.each([
		['remix', 'ideogram-4', { seed: 1 }, {}, /^Additional Fields → Seed is not taken by Ideogram 4 \(ideogram-4\)$/, /Ideogram 3, Ideogram 3 Character/],
		['remix', 'ideogram-4', { magicPrompt: 'on' }, {}, /Magic Prompt is not taken by Ideogram 4 /, /Auto/],
		['remix', 'ideogram-3', { aspectRatio: 'auto' }, {}, /"auto" is not one of the values Ideogram 3 takes/, /1x3/],
		['remix', 'ideogram-3', { resolution: '2048x2048' }, {}, /"2048x2048" is not one of the values Ideogram 3 takes/, /512x1536/],
		['remix', 'ideogram-3-custom-model', {}, {}, /^Additional Fields → Custom Model URI is needed by Ideogram 3 Custom Model/, /Add it/],
		['remix', 'ideogram-3-custom-model', { customModelUri: 'model/a/version/1', styleType: 'design' }, {}, /Style Type is not taken by Ideogram 3 Custom Model/, /Ideogram 3,/],
		['remix', 'ideogram-3-character', {}, {}, /^Ideogram 3 Character needs Reference Images → Character Reference Image$/, /person or character/],
		['remix', 'ideogram-4', {}, { referenceImages: { styleReferenceImages: 'style' } }, /^Reference Images → Style Reference Images is not taken by Ideogram 4 \(ideogram-4\)$/, /Ideogram 3, Ideogram 3 Character, Ideogram 3 Custom Model/],
		['remix', 'auto', { resolutionTier: '4k' }, {}, /"4k" is not one of the values Auto takes/, /1k, 2k/],
		['remix', 'auto', { resolutionTier: '2k', stylePreset: 'art_deco' }, {}, /Resolution Tier is 2K, but Auto remixes with style settings at 1K only/, /1K/],
		['remix', 'ideogram-3', { stylePreset: 'art_deco', styleCodes: 'AAFF5733' }, {}, /cannot be combined/, /Style Preset or the Style Codes/],
		['edit', 'ideogram-3', {}, { mask: '' }, /^Ideogram 3 \(Inpaint\) needs Mask$/, /black marks the area/],
		['edit', 'ideogram-3', { quality: 'high' }, { mask: 'mask' }, /Quality is not taken by Ideogram 3 \(Inpaint\)/, /Ideogram 4\.5 \(Precise Edit\)/],
		['edit', 'ideogram-4-5', { styleType: 'design' }, {}, /Style Type is not taken by Ideogram 4\.5 \(Precise Edit\)/, /Ideogram 3 \(Inpaint\)/],
		['edit', 'ideogram-3', {}, { mask: 'mask', referenceImages: { guideImages: 'guide1' } }, /^Reference Images → Guide Images is not taken by Ideogram 3 \(Inpaint\)/, /Ideogram 4\.5/],
		['edit', 'ideogram-4-5', {}, { mask: 'mask', ...GUIDE_4 }, /Guide Images names 4 files, but with a mask Ideogram takes at most 3/, /mask takes one/],
		['edit', 'ideogram-4-5', { contextWindow: 'auto' }, {}, /Context Window: "auto" needs a mask/, /"none"/],
		['edit', 'ideogram-4-5', { contextWindow: '0,0,100,900' }, {}, /Context Window: the region is 900x100 pixels; each side must be at least 256/, /256/],
		['edit', 'ideogram-4-5', { contextWindow: '0,0,256,2000' }, {}, /more than 6 times/, /6:1/],
		['edit', 'ideogram-4-5', { contextWindow: 'left half' }, {}, /Context Window "left half" is not "none", "auto" or four numbers/, /Change "Context Window"/],
		['upscale', 'nano-banana-pro', { upscaleBy: 'x2' }, {}, /Upscale Factor is not taken by Nano Banana Pro/, /Auto, Topaz Standard 2/],
		['upscale', 'auto', { guidance: 'more detail' }, {}, /^Additional Fields → Guidance is not taken by Auto \(auto\)$/, /Topaz Bloom 2, Topaz Redefine, Nano Banana Pro/],
		['upscale', 'topaz-standard-2', { seed: 4 }, {}, /Seed is not taken by Topaz Standard 2/, /Auto/],
		['upscale', 'auto', { upscaleTier: '2K' }, {}, /Resolution Tier is not taken by Auto/, /Nano Banana Pro/],
		['upscale', 'topaz-redefine', { faceEnhancement: true, faceEnhancementStrength: 0.4 }, {}, /Face Enhancement is on without Face Enhancement Creativity/, /turn Face Enhancement off/],
		['upscale', 'topaz-bloom-2', { guidance: 'x'.repeat(1025) }, {}, /Guidance is 1025 characters; this model takes at most 1024/, /Shorten/],
		['upscale', 'topaz-wonder-3-5', { denoise: 2 }, {}, /Denoise must be a number from 0 to 1/, /Change "Denoise"/],
		['describe', 'ideogram-3', { includeTags: true }, {}, /Include Tags is not taken by Ideogram 3 \(Text\)/, /Ideogram 4 \(JSON Prompt\)/],
	])('%s %s with %j', async (operation, model, fields, extra, message, fix) => {
		const result = await run(op(operation, model, fields, { prompt: 'x', ...extra }));
		expect(result.error?.message).toMatch(message);
		expect(result.error?.description).toMatch(fix);
		expect(official.requests).toHaveLength(0);
	});

	const MB = 1024 * 1024;
	const jpegOfSize = (bytes: number) => {
		const head = makeJpeg(640, 480);
		return Buffer.concat([head, Buffer.alloc(bytes - head.length)]);
	};
	test.each([
		['describe', 'ideogram-4', 10],
		['reframe', 'ideogram-3', 25],
		['edit', 'ideogram-3', 25],
	])('%s (%s) takes images up to %i MB', async (operation, model, limit) => {
		const big = { data: jpegOfSize(limit * MB + 1), fileName: 'big.jpg', mimeType: 'image/jpeg' };
		const mask = png(makeMask(640, 480, [0, 0, 320, 240]), 'mask.png');
		const result = await run(op(operation, model, {}, { prompt: 'x', resolution: '1024x1024', mask: 'mask' }), [{ binary: { data: big, mask } }]);
		expect(result.error?.message).toBe(`Image file (binary field "data") is ${(limit * MB + 1).toLocaleString('en-US')} bytes; Ideogram takes at most ${(limit * MB).toLocaleString('en-US')} bytes per file`);
		expect(official.requests).toHaveLength(0);
	});

	test('an image of 25 MB and more goes to Edit with Ideogram 4.5 (50 MB there)', async () => {
		const big = { data: jpegOfSize(30 * MB), fileName: 'big.jpg', mimeType: 'image/jpeg' };
		const result = await run(op('edit', 'ideogram-4-5', {}, { prompt: 'x' }), [{ binary: { data: big } }]);
		// The node lets it through; the stub, like v1, takes 10 MB per file and answers 413.
		expect(result.error?.message).not.toMatch(/Ideogram takes at most/);
		expect(official.requests).toHaveLength(1);
	});

	test.each([
		// Edit now offers Ideogram 3 Custom Model (inpaint); Generate's transparent model it does not.
		// Reframe left this table when it gained "Other (Enter a Model Slug)" (issue 18): a slug it
		// does not list reaches Ideogram, as on Generate, since it may be a model newer than the node.
		['edit', 'ideogram-3-transparent'],
	])('%s with a model it does not offer (%s, as from an expression or another operation)', async (operation, model) => {
		const result = await run(op(operation, model, {}, { prompt: 'x', resolution: '1024x1024', mask: 'mask' }));
		expect(result.error?.message).toBe(`Model "${model}" is not one this operation offers`);
		expect(result.error?.description).toMatch(/^Pick one of: Ideogram/);
		expect(official.requests).toHaveLength(0);
	});

	test('a reseller credential, with the v1 operation that works there', async () => {
		const result = await run(op('upscale', 'auto'), [ITEM], { provider: 'kkiai', apiKey: KEY, baseUrl: kkiai.baseUrl });
		expect(result.error?.message).toBe("Upscale (Ideogram's current API) works only with Ideogram's own API, not with Kkiai");
		expect(result.error?.description).toMatch(/Legacy Image \(v1 API\)" → Upscale/);
		expect(kkiai.requests).toHaveLength(0);
	});
});
