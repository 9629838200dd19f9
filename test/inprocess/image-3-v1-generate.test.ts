import { createHash } from 'node:crypto';

import { startStub, type IdeogramStub, type Personality } from '../stub/ideogram-stub';
import { runIdeogram } from '../support/n8n';

const KEY = 'sk-test-generate-0123456789abcdef';
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

const stubs: Partial<Record<Personality, IdeogramStub>> = {};
const stub = (p: Personality = 'official') => stubs[p]!;

beforeAll(async () => {
	for (const personality of ['official', 'cometapi', 'kkiai'] as const) {
		stubs[personality] = await startStub({ personality, apiKey: KEY });
	}
});
afterAll(async () => Promise.all(Object.values(stubs).map((s) => s!.close())));
beforeEach(() => Object.values(stubs).forEach((s) => s!.reset()));

const generate = (extra: Record<string, unknown> = {}) => ({
	resource: 'image',
	operation: 'generate',
	prompt: 'A red fox reading a newspaper',
	...extra,
});

describe('provider presets send the right header to the right path', () => {
	const cases = [
		{ provider: 'ideogram', personality: 'official', header: ['api-key', KEY], prefix: '' },
		{ provider: 'cometapi', personality: 'cometapi', header: ['authorization', KEY], prefix: '/ideogram' },
		{ provider: 'kkiai', personality: 'kkiai', header: ['authorization', `Bearer ${KEY}`], prefix: '/ideogram' },
	] as const;

	test.each(cases)('$provider', async ({ provider, personality, header, prefix }) => {
		const s = stub(personality);
		// The preset's own host is out of reach here: the Base URL override points it at the stub.
		const result = await runIdeogram({ parameters: generate(), credentials: { provider, apiKey: KEY, baseUrl: s.baseUrl } });

		expect(result.error).toBeUndefined();
		expect(s.requests).toHaveLength(1);
		const [request] = s.requests;
		expect(request.rawPath).toBe(`${prefix}/v1/ideogram-v3/generate`);
		expect(request.headers[header[0]]).toBe(header[1]);
		const other = header[0] === 'api-key' ? 'authorization' : 'api-key';
		expect(request.headers[other]).toBeUndefined();
		expect(request.status).toBe(200);
		expect(result.output).toHaveLength(1);
		const png = await result.getBinary(result.output![0]);
		expect(png.subarray(0, 8)).toEqual(PNG_SIGNATURE);
	});

	test('custom provider uses the chosen header style', async () => {
		const s = stub('kkiai');
		const result = await runIdeogram({
			parameters: generate(),
			credentials: { provider: 'custom', apiKey: KEY, baseUrl: `${s.baseUrl}/`, headerStyle: 'bearer' },
		});
		expect(result.error).toBeUndefined();
		expect(s.requests[0].headers.authorization).toBe(`Bearer ${KEY}`);
		expect(s.requests[0].rawPath).toBe('/ideogram/v1/ideogram-v3/generate');
	});

	test('a header style the provider does not accept fails with advice, and nothing is retried', async () => {
		const s = stub('official');
		const result = await runIdeogram({
			parameters: generate(),
			credentials: { provider: 'custom', apiKey: KEY, baseUrl: s.baseUrl, headerStyle: 'bearer' },
		});
		expect(result.output).toBeUndefined();
		expect(result.error?.message).toMatch(/key was rejected \(HTTP 401\)/);
		expect(result.error?.description).toContain('Authorization: Bearer');
		expect(s.requests).toHaveLength(1);
	});
});

describe('request body', () => {
	test('every Additional Field reaches the API under its wire name, as JSON', async () => {
		const result = await runIdeogram({
			parameters: generate({
				additionalFields: {
					seed: 12345,
					aspectRatio: '16x9',
					renderingSpeed: 'TURBO',
					magicPrompt: 'OFF',
					negativePrompt: 'blurry',
					numImages: 2,
					colorPaletteMembers: { member: [{ colorHex: '#FF5733', colorWeight: 0.7 }, { colorHex: '#0af' }] },
					stylePreset: 'ART_DECO',
					styleType: 'DESIGN',
					customModelUri: 'model/brand/version/2',
				},
			}),
			credentials: { provider: 'ideogram', apiKey: KEY, baseUrl: stub().baseUrl },
		});
		expect(result.error).toBeUndefined();
		const [request] = stub().requests;
		expect(request.contentType).toBe('json');
		expect(request.json).toEqual({
			prompt: 'A red fox reading a newspaper',
			seed: 12345,
			aspect_ratio: '16x9',
			rendering_speed: 'TURBO',
			magic_prompt: 'OFF',
			negative_prompt: 'blurry',
			num_images: 2,
			// n8n fills a fixedCollection value's defaults, so the second color gets the UI's 0.5 weight.
			color_palette: { members: [{ color_hex: '#FF5733', color_weight: 0.7 }, { color_hex: '#0af', color_weight: 0.5 }] },
			style_preset: 'ART_DECO',
			style_type: 'DESIGN',
			custom_model_uri: 'model/brand/version/2',
		});
	});

	test('preset palette, resolution and style codes (a comma list) take their wire shapes', async () => {
		const result = await runIdeogram({
			parameters: generate({
				additionalFields: { colorPaletteName: 'JUNGLE', resolution: '1280x768', styleCodes: 'AAFF5733, 0133ff57' },
			}),
			credentials: { provider: 'ideogram', apiKey: KEY, baseUrl: stub().baseUrl },
		});
		expect(result.error).toBeUndefined();
		expect(stub().requests[0].json).toEqual({
			prompt: 'A red fox reading a newspaper',
			color_palette: { name: 'JUNGLE' },
			resolution: '1280x768',
			style_codes: ['AAFF5733', '0133ff57'],
		});
		expect(result.output![0].json.resolution).toBe('1280x768');
	});

	test('resolution with aspect ratio is refused before sending, naming both fields', async () => {
		const result = await runIdeogram({
			parameters: generate({ additionalFields: { resolution: '1024x1024', aspectRatio: '1x1' } }),
			credentials: { provider: 'ideogram', apiKey: KEY, baseUrl: stub().baseUrl },
		});
		expect(result.error?.message).toBe('Additional Fields → Resolution cannot be combined with "Aspect Ratio"');
		expect(stub().requests).toHaveLength(0);
	});
});

describe('output', () => {
	test('one item per image, paired with its input item, usable by $(…).item downstream', async () => {
		const topics = ['fox', 'owl', 'cat'];
		const result = await runIdeogram({
			parameters: generate({ prompt: '={{ "A " + $json.topic }}', additionalFields: { numImages: 2 } }),
			items: topics.map((topic) => ({ json: { topic } })),
			credentials: { provider: 'ideogram', apiKey: KEY, baseUrl: stub().baseUrl },
			echo: '={{ $("Source").item.json.topic }}',
		});
		expect(result.error).toBeUndefined();
		expect(result.output!.map((i) => i.pairedItem)).toEqual([0, 0, 1, 1, 2, 2].map((item) => ({ item })));
		expect(result.output!.map((i) => i.json.prompt)).toEqual(['A fox', 'A fox', 'A owl', 'A owl', 'A cat', 'A cat']);
		expect(result.echo!.map((i) => i.json.echo)).toEqual(['fox', 'fox', 'owl', 'owl', 'cat', 'cat']);
		expect(stub().requests.map((r) => (r.json as { prompt: string }).prompt).sort()).toEqual(['A cat', 'A fox', 'A owl']);
	});

	test('each image is the file the image host served, named by seed, with its MIME type', async () => {
		const result = await runIdeogram({
			parameters: generate({ additionalFields: { seed: 777, numImages: 2 }, options: { binaryPropertyOutput: 'image' } }),
			credentials: { provider: 'ideogram', apiKey: KEY, baseUrl: stub().baseUrl },
		});
		expect(result.error).toBeUndefined();
		expect(result.output).toHaveLength(2);
		expect(stub().downloads).toHaveLength(2);
		for (const item of result.output!) {
			const binary = item.binary!.image;
			expect(binary.mimeType).toBe('image/png');
			expect(binary.fileName).toBe(`ideogram-${item.json.seed}-${Number(item.json.index) + 1}.png`);
			const bytes = await result.getBinary(item, 'image');
			expect(bytes.subarray(0, 8)).toEqual(PNG_SIGNATURE);
			const served = stub().downloads.find((d) => (item.json.url as string).includes(d.path));
			expect(served?.bytes).toBe(bytes.length);
			expect(Object.keys(item.json).sort()).toEqual(
				['created', 'index', 'is_image_safe', 'prompt', 'resolution', 'seed', 'style_type', 'url'].sort(),
			);
		}
		expect(new Set(result.output!.map((i) => sha256(Buffer.from(String(i.json.url))))).size).toBe(2);
	});

	test('Download Images off: links only, nothing downloaded', async () => {
		const result = await runIdeogram({
			parameters: generate({ options: { downloadImages: false } }),
			credentials: { provider: 'ideogram', apiKey: KEY, baseUrl: stub().baseUrl },
		});
		expect(result.error).toBeUndefined();
		expect(result.output).toHaveLength(1);
		expect(result.output![0].binary).toBeUndefined();
		expect(String(result.output![0].json.url)).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/images\/.+\.png\?exp=/);
		expect(stub().downloads).toHaveLength(0);
	});

	test('an image withheld as unsafe gives an item that says so, with no file', async () => {
		const result = await runIdeogram({
			parameters: generate({ prompt: 'something [[unsafe-output]]', additionalFields: { numImages: 2 } }),
			credentials: { provider: 'ideogram', apiKey: KEY, baseUrl: stub().baseUrl },
		});
		expect(result.error).toBeUndefined();
		expect(result.output).toHaveLength(2);
		for (const item of result.output!) {
			expect(item.json.is_image_safe).toBe(false);
			expect(item.json.url).toBeNull();
			expect(item.json.warning).toMatch(/withheld this image as unsafe/);
			expect(item.binary).toBeUndefined();
			expect(item.pairedItem).toEqual({ item: 0 });
		}
		expect(stub().downloads).toHaveLength(0);
	});

	test('the API key never reaches the image host (kkiai serves images from another host)', async () => {
		const s = stub('kkiai');
		expect(new URL(s.imageOrigin).port).not.toBe(new URL(s.baseUrl).port);
		const result = await runIdeogram({
			parameters: generate({ additionalFields: { numImages: 3 } }),
			credentials: { provider: 'kkiai', apiKey: KEY, baseUrl: s.baseUrl },
		});
		expect(result.error).toBeUndefined();
		expect(s.downloads).toHaveLength(3);
		for (const download of s.downloads) {
			expect(JSON.stringify(download.headers)).not.toContain(KEY);
			expect(download.headers.authorization).toBeUndefined();
			expect(download.headers['api-key']).toBeUndefined();
		}
		expect(JSON.stringify(result.output)).not.toContain(KEY);
	});
});
