/**
 * Every Ideogram 3.0 image operation run as a workflow (Source → Ideogram) against the contract
 * stub: what the stub received (path, text parts, file parts and their bytes) and what came out.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

import { type IDataObject, type INodeExecutionData } from 'n8n-workflow';

import { editPath } from '../../nodes/Ideogram/resources/image/edit';
import { startStub, type IdeogramStub, type Personality, type RecordedRequest } from '../stub/ideogram-stub';
import { imageSize, sniffImageType } from '../stub/png';
import { makeJpeg, makePng, makeWebp, sha256 } from '../support/images';
import { runIdeogram, type InputFile, type RunResult } from '../support/n8n';

const KEY = 'sk-test-image-ops-0123456789abcdef';

const stubs: Partial<Record<Personality, IdeogramStub>> = {};
const stub = (p: Personality = 'official') => stubs[p]!;
const credentials = (provider = 'ideogram', personality: Personality = 'official') => ({
	provider,
	apiKey: KEY,
	baseUrl: stub(personality).baseUrl,
});

beforeAll(async () => {
	for (const personality of ['official', 'cometapi', 'kkiai'] as const) {
		stubs[personality] = await startStub({ personality, apiKey: KEY });
	}
});
afterAll(async () => Promise.all(Object.values(stubs).map((s) => s!.close())));
beforeEach(() => Object.values(stubs).forEach((s) => s!.reset()));

const PHOTO = makePng(512, 512, { seed: 11 });
const MASK = makePng(512, 512, { seed: 12 });
const STYLE_A = makeJpeg(800, 600);
const STYLE_B = makeWebp(640, 640, 'VP8L');
const FACE = makePng(300, 400, { seed: 13 });
const FACE_MASK = makePng(300, 400, { seed: 14 });

const png = (data: Buffer, fileName = 'photo.png'): InputFile => ({ data, fileName, mimeType: 'image/png' });

const op = (operation: string, extra: IDataObject = {}): IDataObject => ({ resource: 'image', operation, ...extra });

/** The file parts the stub received, as [part name, sha256, content type, file name]. */
const filesOf = (r: RecordedRequest) => (r.files ?? []).map((f) => [f.field, f.sha256, f.contentType, f.filename]);

async function expectImageItems(result: RunResult, count: number, item = 0): Promise<INodeExecutionData[]> {
	expect(result.error).toBeUndefined();
	const items = result.output!.filter((i) => (i.pairedItem as { item: number }).item === item);
	expect(items).toHaveLength(count);
	for (const out of items) {
		expect(out.binary?.data?.mimeType).toBe('image/png');
		expect(sniffImageType(await result.getBinary(out))).toBe('image/png');
		expect(out.json.url).toEqual(expect.stringContaining('/images/'));
	}
	return items;
}

describe('Edit (inpaint with a mask)', () => {
	const items = [{ binary: { data: png(PHOTO), mask: png(MASK, 'mask.png') } }];

	test('sends image and mask byte for byte, with the prompt and options as text parts', async () => {
		const result = await runIdeogram({
			parameters: op('edit', {
				prompt: 'a red hat',
				image: 'data',
				mask: 'mask',
				additionalFields: { numImages: 2, seed: 5, renderingSpeed: 'TURBO', magicPrompt: 'OFF', styleType: 'REALISTIC', colorPaletteName: 'EMBER' },
			}),
			items,
			credentials: credentials(),
		});
		const out = await expectImageItems(result, 2);
		// Ideogram 3.0 answers only sizes of its list (ResolutionV3): the square nearest the 512x512 input.
		expect(out.map((i) => i.json.resolution)).toEqual(['1024x1024', '1024x1024']);
		expect(stub().requests).toHaveLength(1);
		const [request] = stub().requests;
		expect(request.status).toBe(200);
		expect(request.contentType).toBe('multipart');
		expect(request.fields).toEqual({
			prompt: ['a red hat'],
			num_images: ['2'],
			seed: ['5'],
			rendering_speed: ['TURBO'],
			magic_prompt: ['OFF'],
			style_type: ['REALISTIC'],
			color_palette: [JSON.stringify({ name: 'EMBER' })],
		});
		expect(filesOf(request)).toEqual([
			['image', sha256(PHOTO), 'image/png', 'photo.png'],
			['mask', sha256(MASK), 'image/png', 'mask.png'],
		]);
	});

	test('with style and character references: repeated parts, each file once, in order', async () => {
		const result = await runIdeogram({
			parameters: op('edit', {
				prompt: 'the same person, smiling',
				image: 'data',
				mask: 'mask',
				referenceImages: {
					styleReferenceImages: 'styleA, styleB',
					characterReferenceImages: 'face',
					characterReferenceImagesMask: 'faceMask',
				},
			}),
			items: [
				{
					binary: {
						data: png(PHOTO),
						mask: png(MASK, 'mask.png'),
						styleA: { data: STYLE_A, fileName: 'a.jpg', mimeType: 'image/jpeg' },
						// A declared type that is wrong: the bytes decide.
						styleB: { data: STYLE_B, fileName: 'b.bin', mimeType: 'application/octet-stream' },
						face: png(FACE, 'face.png'),
						faceMask: png(FACE_MASK, 'face-mask.png'),
					},
				},
			],
			credentials: credentials(),
		});
		await expectImageItems(result, 1);
		expect(filesOf(stub().requests[0])).toEqual([
			['image', sha256(PHOTO), 'image/png', 'photo.png'],
			['mask', sha256(MASK), 'image/png', 'mask.png'],
			['style_reference_images', sha256(STYLE_A), 'image/jpeg', 'a.jpg'],
			['style_reference_images', sha256(STYLE_B), 'image/webp', 'b.webp'],
			['character_reference_images', sha256(FACE), 'image/png', 'face.png'],
			['character_reference_images_mask', sha256(FACE_MASK), 'image/png', 'face-mask.png'],
		]);
	});

	test('Ideogram’s deprecation signals for /edit reach each item as api_notice', async () => {
		// A pass-through gateway in front of Ideogram that routes /edit: Ideogram's own headers come back.
		const result = await runIdeogram({
			parameters: op('edit', { prompt: 'a red hat', image: 'data', mask: 'mask' }),
			items,
			credentials: { provider: 'custom', headerStyle: 'apiKey', apiKey: KEY, baseUrl: stub().baseUrl },
		});
		const [item] = await expectImageItems(result, 1);
		expect(stub().requests.map((r) => r.rawPath)).toEqual(['/v1/ideogram-v3/edit']);
		expect(item.json.api_notice).toEqual({
			deprecated_since: '2026-04-29T00:00:00.000Z',
			successor: '/v1/ideogram-v3/inpaint',
			notice: 'This endpoint is deprecated; use /v1/ideogram-v3/inpaint.',
		});
	});

	describe('the path follows the provider', () => {
		test.each([
			['ideogram', 'official', '/v1/ideogram-v3/inpaint'],
			['cometapi', 'cometapi', '/ideogram/v1/ideogram-v3/edit'],
			['kkiai', 'kkiai', '/ideogram/v1/ideogram-v3/edit'],
		] as const)('%s → %s', async (provider, personality, rawPath) => {
			const result = await runIdeogram({
				parameters: op('edit', { prompt: 'a red hat', image: 'data', mask: 'mask' }),
				items,
				credentials: credentials(provider, personality),
			});
			await expectImageItems(result, 1);
			expect(stub(personality).requests.map((r) => r.rawPath)).toEqual([rawPath]);
		});

		test('a custom gateway gets /edit', async () => {
			const result = await runIdeogram({
				parameters: op('edit', { prompt: 'a red hat', image: 'data', mask: 'mask' }),
				items,
				credentials: { ...credentials('custom', 'kkiai'), headerStyle: 'bearer' },
			});
			await expectImageItems(result, 1);
			expect(stub('kkiai').requests.map((r) => r.rawPath)).toEqual(['/ideogram/v1/ideogram-v3/edit']);
		});

		// The official host is out of reach from tests: the rule itself, for the credentials not run above.
		const pathFor = (creds: IDataObject) => editPath(creds);
		test.each([
			[{}, '/v1/ideogram-v3/inpaint'],
			[{ provider: 'ideogram', baseUrl: 'https://gateway.ai.cloudflare.com/v1/acc/gw/ideogram' }, '/v1/ideogram-v3/inpaint'],
			[{ provider: 'custom', baseUrl: 'https://api.ideogram.ai' }, '/v1/ideogram-v3/inpaint'],
			[{ provider: 'custom', baseUrl: ' HTTPS://API.IDEOGRAM.AI/ ' }, '/v1/ideogram-v3/inpaint'],
			[{ provider: 'custom', baseUrl: 'https://api.ideogram.ai.evil.example' }, '/v1/ideogram-v3/edit'],
			[{ provider: 'custom', baseUrl: 'https://aihubmix.com/ideogram' }, '/v1/ideogram-v3/edit'],
			[{ provider: 'cometapi' }, '/v1/ideogram-v3/edit'],
		])('%j → %s', (creds, path) => {
			expect(pathFor(creds)).toBe(path);
		});
	});
});

describe('Remix', () => {
	test('image, weight and references', async () => {
		const result = await runIdeogram({
			parameters: op('remix', {
				prompt: 'as a watercolour',
				image: 'data',
				referenceImages: { characterReferenceImages: 'face' },
				additionalFields: { imageWeight: 80, aspectRatio: '16x9', negativePrompt: 'blur', styleCodes: 'AAFF5733' },
			}),
			items: [{ binary: { data: png(PHOTO), face: png(FACE, 'face.png') } }],
			credentials: credentials(),
		});
		const [out] = await expectImageItems(result, 1);
		const [w, h] = String(out.json.resolution).split('x').map(Number);
		expect(w / h).toBeCloseTo(16 / 9, 1);
		const [request] = stub().requests;
		expect(request.path).toBe('/v1/ideogram-v3/remix');
		expect(request.fields).toEqual({
			prompt: ['as a watercolour'],
			image_weight: ['80'],
			aspect_ratio: ['16x9'],
			negative_prompt: ['blur'],
			style_codes: ['AAFF5733'],
		});
		expect(filesOf(request)).toEqual([
			['image', sha256(PHOTO), 'image/png', 'photo.png'],
			['character_reference_images', sha256(FACE), 'image/png', 'face.png'],
		]);
	});

	test('a JPEG input keeps its bytes and is sent as image/jpeg', async () => {
		const jpeg = makeJpeg(1024, 768, { exifBytes: 64 });
		const result = await runIdeogram({
			parameters: op('remix', { prompt: 'x', image: 'photo' }),
			items: [{ binary: { photo: { data: jpeg, fileName: 'IMG_0001.JPG', mimeType: 'image/jpeg' } } }],
			credentials: credentials(),
		});
		await expectImageItems(result, 1);
		expect(filesOf(stub().requests[0])).toEqual([['image', sha256(jpeg), 'image/jpeg', 'IMG_0001.jpg']]);
	});
});

describe('Reframe', () => {
	test('resolution and style references, no prompt', async () => {
		const result = await runIdeogram({
			parameters: op('reframe', {
				resolution: '1536x640',
				image: 'data',
				referenceImages: { styleReferenceImages: 'styleA' },
				additionalFields: { numImages: 3, stylePreset: 'ART_DECO' },
			}),
			items: [{ binary: { data: png(PHOTO), styleA: { data: STYLE_A, fileName: 'a.jpg', mimeType: 'image/jpeg' } } }],
			credentials: credentials(),
		});
		const out = await expectImageItems(result, 3);
		expect(out.map((i) => i.json.resolution)).toEqual(['1536x640', '1536x640', '1536x640']);
		expect(imageSize(await result.getBinary(out[0]))).toEqual({ width: 1536, height: 640 });
		const [request] = stub().requests;
		expect(request.path).toBe('/v1/ideogram-v3/reframe');
		expect(request.fields).toEqual({ resolution: ['1536x640'], num_images: ['3'], style_preset: ['ART_DECO'] });
		expect(filesOf(request)).toEqual([
			['image', sha256(PHOTO), 'image/png', 'photo.png'],
			['style_reference_images', sha256(STYLE_A), 'image/jpeg', 'a.jpg'],
		]);
	});
});

describe('Replace Background', () => {
	test('image and prompt', async () => {
		const result = await runIdeogram({
			parameters: op('replaceBackground', {
				prompt: 'a beach at sunset',
				image: 'data',
				additionalFields: { magicPrompt: 'ON', colorPaletteMembers: { member: [{ colorHex: '#FF5733', colorWeight: 0.8 }] } },
			}),
			items: [{ binary: { data: png(PHOTO) } }],
			credentials: credentials(),
		});
		const [out] = await expectImageItems(result, 1);
		expect(out.json.prompt).toBe('Enhanced: a beach at sunset');
		const [request] = stub().requests;
		expect(request.path).toBe('/v1/ideogram-v3/replace-background');
		expect(request.fields).toEqual({
			prompt: ['a beach at sunset'],
			magic_prompt: ['ON'],
			color_palette: [JSON.stringify({ members: [{ color_hex: '#FF5733', color_weight: 0.8 }] })],
		});
		expect(filesOf(request)).toEqual([['image', sha256(PHOTO), 'image/png', 'photo.png']]);
	});
});

describe('Generate Transparent', () => {
	test('multipart text parts, upscaled PNGs with alpha', async () => {
		const result = await runIdeogram({
			parameters: op('generateTransparent', {
				prompt: 'a sticker of a fox',
				additionalFields: { upscaleFactor: 'X2', aspectRatio: '1x1', renderingSpeed: 'TURBO', numImages: 2 },
			}),
			credentials: credentials(),
		});
		const out = await expectImageItems(result, 2);
		expect(out[0].json).toMatchObject({ resolution: '1024x1024', upscaled_resolution: '2048x2048' });
		const file = await result.getBinary(out[0]);
		expect(file[25]).toBe(6); // PNG colour type 6: RGBA
		const [request] = stub().requests;
		expect(request.path).toBe('/v1/ideogram-v3/generate-transparent');
		expect(request.contentType).toBe('multipart');
		expect(request.fields).toEqual({
			prompt: ['a sticker of a fox'],
			upscale_factor: ['X2'],
			aspect_ratio: ['1x1'],
			rendering_speed: ['TURBO'],
			num_images: ['2'],
		});
		expect(request.files).toEqual([]);
	});
});

describe('Remove Background', () => {
	test('one image in, one transparent image out', async () => {
		const webp = makeWebp(700, 500, 'VP8X');
		const result = await runIdeogram({
			parameters: op('removeBackground', { image: 'data' }),
			items: [{ binary: { data: { data: webp, fileName: 'product.webp', mimeType: 'image/webp' } } }],
			credentials: credentials(),
		});
		const [out] = await expectImageItems(result, 1);
		expect(out.json.is_image_safe).toBe(true);
		expect(imageSize(await result.getBinary(out))).toEqual({ width: 700, height: 500 });
		const [request] = stub().requests;
		expect(request.path).toBe('/v1/remove-background');
		expect(request.fields).toEqual({});
		expect(filesOf(request)).toEqual([['image', sha256(webp), 'image/webp', 'product.webp']]);
	});
});

describe('Layerize Text', () => {
	test('the text-free base image as the file, the text blocks in the json', async () => {
		const result = await runIdeogram({
			parameters: op('layerizeText', { image: 'data', additionalFields: { prompt: 'a poster', seed: 42 } }),
			items: [{ binary: { data: png(PHOTO, 'poster.png') } }],
			credentials: credentials(),
		});
		const [out] = await expectImageItems(result, 1);
		expect(out.json.seed).toBe(42);
		expect(out.json.original_image_url).toEqual(expect.stringContaining('/images/'));
		const blocks = out.json.text_blocks as IDataObject[];
		expect(blocks.map((b) => b.text)).toEqual(['HELLO WORLD', 'Made with the stub']);
		expect(blocks[0]).toMatchObject({ alignment: 'center', role: 'heading', formatting: ['bold'] });
		expect(imageSize(await result.getBinary(out))).toEqual({ width: 512, height: 512 });
		const [request] = stub().requests;
		expect(request.path).toBe('/v1/ideogram-v3/layerize-text');
		expect(request.fields).toEqual({ prompt: ['a poster'], seed: ['42'] });
		expect(filesOf(request)).toEqual([['image', sha256(PHOTO), 'image/png', 'poster.png']]);
		// Only the base image is downloaded.
		expect(stub().downloads).toHaveLength(1);
	});

	test('the prompt is optional', async () => {
		const result = await runIdeogram({
			parameters: op('layerizeText', { image: 'data' }),
			items: [{ binary: { data: png(PHOTO) } }],
			credentials: credentials(),
		});
		await expectImageItems(result, 1);
		expect(stub().requests[0].fields).toEqual({});
	});
});

describe('Edit With Prompt (/v1/edit)', () => {
	test('several images as repeated "images" parts, plus Ideogram links and options', async () => {
		const images = [makePng(400, 300, { seed: 1 }), makeJpeg(640, 480), makeWebp(512, 512, 'VP8 ')];
		const result = await runIdeogram({
			parameters: op('editWithPrompt', {
				prompt: 'put the product from image 1 on the table in image 2',
				images: 'data, data_1,data_2',
				additionalFields: {
					imageUrls: 'https://ideogram.ai/api/images/ephemeral/abc.png?exp=1&sig=2',
					transparentBackground: true,
					resolution: '1024x1024',
					numImages: 2,
				},
			}),
			items: [
				{
					binary: {
						data: png(images[0], 'one.png'),
						data_1: { data: images[1], fileName: 'two.jpg', mimeType: 'image/jpeg' },
						data_2: { data: images[2], fileName: 'three.webp', mimeType: 'image/webp' },
					},
				},
			],
			credentials: credentials(),
		});
		const out = await expectImageItems(result, 2);
		expect(out[0].json.resolution).toBe('1024x1024');
		const [request] = stub().requests;
		expect(request.path).toBe('/v1/edit');
		expect(request.fields).toEqual({
			prompt: ['put the product from image 1 on the table in image 2'],
			image_urls: ['https://ideogram.ai/api/images/ephemeral/abc.png?exp=1&sig=2'],
			transparent_background: ['true'],
			resolution: ['1024x1024'],
			num_images: ['2'],
		});
		expect(filesOf(request)).toEqual([
			['images', sha256(images[0]), 'image/png', 'one.png'],
			['images', sha256(images[1]), 'image/jpeg', 'two.jpg'],
			['images', sha256(images[2]), 'image/webp', 'three.webp'],
		]);
	});

	test('field names from an expression that gives an array; files without a name are numbered', async () => {
		const [a, b] = [makePng(64, 64, { seed: 3 }), makePng(32, 32, { seed: 4 })];
		const result = await runIdeogram({
			parameters: op('editWithPrompt', { prompt: 'x', images: '={{ $json.fields }}' }),
			items: [{ json: { fields: ['first', 'second'] }, binary: { first: { data: a, mimeType: 'image/png' }, second: { data: b, mimeType: 'image/png' } } }],
			credentials: credentials(),
		});
		await expectImageItems(result, 1);
		expect(filesOf(stub().requests[0])).toEqual([
			['images', sha256(a), 'image/png', 'images-1.png'],
			['images', sha256(b), 'image/png', 'images-2.png'],
		]);
	});

	test('Ideogram links alone, with Images left empty', async () => {
		const result = await runIdeogram({
			parameters: op('editWithPrompt', {
				prompt: 'make it night',
				images: '',
				additionalFields: { imageUrls: 'https://ideogram.ai/a.png, https://ideogram.ai/b.png' },
			}),
			credentials: credentials(),
		});
		await expectImageItems(result, 1);
		expect(stub().requests[0].fields?.image_urls).toEqual(['https://ideogram.ai/a.png', 'https://ideogram.ai/b.png']);
		expect(stub().requests[0].files).toEqual([]);
	});
});

describe('Generate with reference images', () => {
	test('references switch the body to multipart', async () => {
		const result = await runIdeogram({
			parameters: op('generate', {
				prompt: 'a portrait',
				referenceImages: { styleReferenceImages: 'styleA', characterReferenceImages: 'face', characterReferenceImagesMask: 'faceMask' },
				additionalFields: { aspectRatio: '3x4', styleType: 'REALISTIC' },
			}),
			items: [
				{
					binary: {
						styleA: { data: STYLE_A, fileName: 'a.jpg', mimeType: 'image/jpeg' },
						face: png(FACE, 'face.png'),
						faceMask: png(FACE_MASK, 'face-mask.png'),
					},
				},
			],
			credentials: credentials(),
		});
		await expectImageItems(result, 1);
		const [request] = stub().requests;
		expect(request.path).toBe('/v1/ideogram-v3/generate');
		expect(request.contentType).toBe('multipart');
		expect(request.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
		expect(request.fields).toEqual({ prompt: ['a portrait'], aspect_ratio: ['3x4'], style_type: ['REALISTIC'] });
		expect(filesOf(request)).toEqual([
			['style_reference_images', sha256(STYLE_A), 'image/jpeg', 'a.jpg'],
			['character_reference_images', sha256(FACE), 'image/png', 'face.png'],
			['character_reference_images_mask', sha256(FACE_MASK), 'image/png', 'face-mask.png'],
		]);
	});

	test('without references it stays JSON', async () => {
		const result = await runIdeogram({
			parameters: op('generate', { prompt: 'a portrait', referenceImages: {} }),
			credentials: credentials(),
		});
		await expectImageItems(result, 1);
		expect(stub().requests[0].contentType).toBe('json');
		expect(stub().requests[0].json).toEqual({ prompt: 'a portrait' });
	});
});

describe('several items', () => {
	test('each item sends its own image and gets its own results, paired to it', async () => {
		// Three shapes, so each item's answer has a size of its own.
		const inputs = [makePng(256, 256, { seed: 21 }), makePng(384, 256, { seed: 22 }), makePng(256, 384, { seed: 23 })];
		const result = await runIdeogram({
			parameters: op('remix', { prompt: '={{ "variation " + $json.n }}', image: 'data', additionalFields: { numImages: 2 } }),
			items: inputs.map((data, n) => ({ json: { n }, binary: { data: png(data, `in-${n}.png`) } })),
			credentials: credentials(),
		});
		expect(result.error).toBeUndefined();
		expect(result.output).toHaveLength(6);
		const sent = stub().requests.map((r) => [r.fields?.prompt?.[0], r.files?.[0].sha256]);
		expect(sent.sort()).toEqual(inputs.map((data, n) => [`variation ${n}`, sha256(data)]).sort());
		for (const [n, data] of inputs.entries()) {
			const out = await expectImageItems(result, 2, n);
			const own = stub().requests.find((r) => r.files?.[0].sha256 === sha256(data))!;
			expect(out.map((i) => i.json.resolution)).toEqual((own.response as { data: Array<{ resolution: string }> }).data.map((d) => d.resolution));
		}
		expect(new Set(result.output!.map((i) => i.json.resolution)).size).toBe(3);
	});
});

describe('an image slot can take a link instead of a binary field', () => {
	let server: http.Server;
	let origin: string;
	const seen: http.IncomingHttpHeaders[] = [];
	const served = makeJpeg(512, 512);
	beforeAll(async () => {
		server = http.createServer((req, res) => {
			seen.push(req.headers);
			if (req.url?.startsWith('/files/mask.png')) {
				res.writeHead(200, { 'Content-Type': 'image/png' });
				res.end(MASK);
			} else if (req.url?.startsWith('/files/photo')) {
				// Served with a generic type: the node goes by the bytes.
				res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
				res.end(served);
			} else {
				res.writeHead(404, { 'Content-Type': 'text/plain' });
				res.end('Not Found');
			}
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	});
	afterAll(async () => new Promise<void>((resolve) => server.close(() => resolve())));
	beforeEach(() => (seen.length = 0));

	test('downloaded without the API key, sent byte for byte', async () => {
		const result = await runIdeogram({
			parameters: op('edit', { prompt: 'a red hat', image: `${origin}/files/photo%20one.jpg?token=abc`, mask: `${origin}/files/mask.png` }),
			credentials: credentials(),
		});
		await expectImageItems(result, 1);
		expect(seen).toHaveLength(2);
		for (const headers of seen) {
			expect(headers['api-key']).toBeUndefined();
			expect(headers.authorization).toBeUndefined();
		}
		expect(filesOf(stub().requests[0])).toEqual([
			['image', sha256(served), 'image/jpeg', 'photo one.jpg'],
			['mask', sha256(MASK), 'image/png', 'mask.png'],
		]);
	});
});
