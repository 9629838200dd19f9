import { startStub, type IdeogramStub, type Personality } from '../stub/ideogram-stub';
import { imageSize } from '../stub/png';
import { runIdeogram } from '../support/n8n';
import { useStub } from '../support/useStub';

// Legacy Generate: JSON {"image_request": {...}} to /generate, on every provider header style.

const KEY = 'sk-test-legacy-generate-0123456789';
const stub = useStub({ apiKey: KEY });

const credentials = () => ({ provider: 'ideogram', apiKey: KEY, baseUrl: stub.baseUrl });
const generate = (params: Record<string, unknown>) => ({ resource: 'legacyImage', operation: 'generate', ...params });

test('sends JSON {"image_request": {...}} with every field in its wire format and outputs one item per image', async () => {
	const result = await runIdeogram({
		parameters: generate({
			prompt: 'a red fox reading a newspaper',
			model: 'V_2_TURBO',
			additionalFields: {
				aspectRatio: 'ASPECT_16_9',
				magicPromptOption: 'OFF',
				negativePrompt: 'blurry',
				numImages: 2,
				seed: 1234,
				styleType: 'RENDER_3D',
				colorPaletteMembers: { member: [{ colorHex: '#FF5733', colorWeight: 0.7 }, { colorHex: '#000000' }] },
			},
		}),
		credentials: credentials(),
	});
	expect(result.error).toBeUndefined();
	expect(stub.requests).toHaveLength(1);
	const req = stub.requests[0];
	expect(req.status).toBe(200);
	expect(req.path).toBe('/generate');
	expect(req.contentType).toBe('json');
	expect(req.json).toEqual({
		image_request: {
			prompt: 'a red fox reading a newspaper',
			model: 'V_2_TURBO',
			aspect_ratio: 'ASPECT_16_9',
			magic_prompt_option: 'OFF',
			negative_prompt: 'blurry',
			num_images: 2,
			seed: 1234,
			style_type: 'RENDER_3D',
			color_palette: {
				members: [{ color_hex: '#FF5733', color_weight: 0.7 }, { color_hex: '#000000', color_weight: 0.5 }],
			},
		},
	});
	expect(result.output).toHaveLength(2);
	expect(result.output!.map((i) => i.json.seed)).toEqual([1234, 1235]);
	expect(result.output![0].json.style_type).toBe('RENDER_3D');
	expect(result.output![0].json.resolution).toBe('1280x720');
	const png = await result.getBinary(result.output![0]);
	expect(png.subarray(1, 4).toString()).toBe('PNG');
	expect(result.output![0].pairedItem).toEqual({ item: 0 });
});

test('a preset palette and a legacy resolution go out as their enum values', async () => {
	const result = await runIdeogram({
		parameters: generate({
			prompt: 'a lighthouse',
			model: 'V_2',
			additionalFields: { colorPaletteName: 'PASTEL', resolution: 'RESOLUTION_1280_720' },
			options: { downloadImages: false },
		}),
		credentials: credentials(),
	});
	expect(result.error).toBeUndefined();
	expect(stub.requests[0].json).toEqual({
		image_request: { prompt: 'a lighthouse', model: 'V_2', color_palette: { name: 'PASTEL' }, resolution: 'RESOLUTION_1280_720' },
	});
	expect(result.output).toHaveLength(1);
	expect(result.output![0].json.resolution).toBe('1280x720');
	expect(result.output![0].binary).toBeUndefined();
});

describe.each<{ personality: Personality; provider: string; header: string; value: (key: string) => string; prefix: string }>([
	{ personality: 'official', provider: 'ideogram', header: 'api-key', value: (k) => k, prefix: '' },
	{ personality: 'cometapi', provider: 'cometapi', header: 'authorization', value: (k) => k, prefix: '/ideogram' },
	{ personality: 'kkiai', provider: 'kkiai', header: 'authorization', value: (k) => `Bearer ${k}`, prefix: '/ideogram' },
])('provider $provider', ({ personality, provider, header, value, prefix }) => {
	let gateway: IdeogramStub;
	beforeAll(async () => {
		gateway = await startStub({ personality, apiKey: KEY });
	});
	afterAll(async () => gateway.close());

	test(`sends ${header}: ${value('<key>')} to ${prefix}/generate`, async () => {
		const result = await runIdeogram({
			parameters: generate({ prompt: 'a fox', model: 'V_2A' }),
			credentials: { provider, apiKey: KEY, baseUrl: gateway.baseUrl },
		});
		expect(result.error).toBeUndefined();
		expect(gateway.requests).toHaveLength(1);
		const req = gateway.requests[0];
		expect(req.status).toBe(200);
		expect(req.rawPath).toBe(`${prefix}/generate`);
		expect(req.headers[header]).toBe(value(KEY));
		if (header === 'authorization') expect(req.headers['api-key']).toBeUndefined();
		else expect(req.headers.authorization).toBeUndefined();
		expect(req.json).toEqual({ image_request: { prompt: 'a fox', model: 'V_2A' } });
		expect(result.output).toHaveLength(1);
		// No aspect ratio: the square legacy size, as a PNG.
		expect(imageSize(await result.getBinary(result.output![0]))).toEqual({ width: 1024, height: 1024 });
		expect(result.output![0].binary?.data?.mimeType).toBe('image/png');
	});
});
