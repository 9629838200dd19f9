/**
 * Legacy Image operations that take an input image (Remix, Edit, Reframe, Upscale, Describe), run as
 * workflows against the contract stub: the exact parts the stub received and the items that came out.
 */
import type { IDataObject } from 'n8n-workflow';

import { type RecordedRequest } from '../stub/ideogram-stub';
import { sniffImageType } from '../stub/png';
import { makePng, sha256 } from '../support/images';
import { runIdeogram, type InputFile } from '../support/n8n';
import { useStub } from '../support/useStub';

const KEY = 'sk-test-legacy-images-0123456789';
const stub = useStub({ apiKey: KEY });

const credentials = () => ({ provider: 'ideogram', apiKey: KEY, baseUrl: stub.baseUrl });
const op = (operation: string, extra: IDataObject = {}): IDataObject => ({ resource: 'legacyImage', operation, ...extra });

const PHOTO = makePng(512, 512, { seed: 31 });
const MASK = makePng(512, 512, { seed: 32 });
const png = (data: Buffer, fileName = 'photo.png'): InputFile => ({ data, fileName, mimeType: 'image/png' });

/** The file parts the stub received, as [part name, sha256, content type, file name]. */
const filesOf = (r: RecordedRequest) => (r.files ?? []).map((f) => [f.field, f.sha256, f.contentType, f.filename]);

function onlyRequest(path: string): RecordedRequest {
	expect(stub.requests).toHaveLength(1);
	const [request] = stub.requests;
	expect(request.error).toBeUndefined();
	expect(request.status).toBe(200);
	expect(request.path).toBe(path);
	expect(request.contentType).toBe('multipart');
	return request;
}

describe('Remix', () => {
	test('sends image_request as one JSON text part and the image as image_file', async () => {
		const result = await runIdeogram({
			parameters: op('remix', {
				prompt: 'the same scene at night',
				model: 'V_2',
				image: 'data',
				additionalFields: {
					imageWeight: 70,
					aspectRatio: 'ASPECT_3_2',
					magicPromptOption: 'ON',
					numImages: 2,
					seed: 7,
					styleType: 'ANIME',
					negativePrompt: 'people',
					colorPaletteName: 'MAGIC',
				},
			}),
			items: [{ binary: { data: png(PHOTO) } }],
			credentials: credentials(),
		});
		expect(result.error).toBeUndefined();
		const request = onlyRequest('/remix');
		expect(Object.keys(request.fields!)).toEqual(['image_request']);
		expect(request.fields!.image_request).toHaveLength(1);
		expect(JSON.parse(request.fields!.image_request[0])).toEqual({
			prompt: 'the same scene at night',
			model: 'V_2',
			image_weight: 70,
			aspect_ratio: 'ASPECT_3_2',
			magic_prompt_option: 'ON',
			num_images: 2,
			seed: 7,
			style_type: 'ANIME',
			negative_prompt: 'people',
			color_palette: { name: 'MAGIC' },
		});
		expect(filesOf(request)).toEqual([['image_file', sha256(PHOTO), 'image/png', 'photo.png']]);
		expect(result.output).toHaveLength(2);
		expect(result.output!.map((i) => i.json.seed)).toEqual([7, 8]);
		expect(result.output![0].json.prompt).toBe('Enhanced: the same scene at night');
		expect(sniffImageType(await result.getBinary(result.output![1]))).toBe('image/png');
	});

	test('the model rules apply inside image_request too: nothing is sent', async () => {
		const result = await runIdeogram({
			parameters: op('remix', { prompt: 'x', model: 'V_2A', image: 'data', additionalFields: { negativePrompt: 'people' } }),
			items: [{ binary: { data: png(PHOTO) } }],
			credentials: credentials(),
		});
		expect(result.error?.message).toBe(
			'Additional Fields → Negative Prompt is not available with Model Ideogram 2a (V_2A)',
		);
		expect(stub.requests).toHaveLength(0);
	});
});

describe('Edit', () => {
	test('sends flat text parts, image_file and mask byte for byte', async () => {
		const result = await runIdeogram({
			parameters: op('edit', {
				prompt: 'a red hat',
				model: 'V_2_TURBO',
				image: 'data',
				mask: 'mask',
				additionalFields: { magicPromptOption: 'OFF', numImages: 1, seed: 99, styleType: 'REALISTIC' },
			}),
			items: [{ binary: { data: png(PHOTO), mask: png(MASK, 'mask.png') } }],
			credentials: credentials(),
		});
		expect(result.error).toBeUndefined();
		const request = onlyRequest('/edit');
		expect(request.fields).toEqual({
			prompt: ['a red hat'],
			model: ['V_2_TURBO'],
			magic_prompt_option: ['OFF'],
			num_images: ['1'],
			seed: ['99'],
			style_type: ['REALISTIC'],
		});
		expect(filesOf(request)).toEqual([
			['image_file', sha256(PHOTO), 'image/png', 'photo.png'],
			['mask', sha256(MASK), 'image/png', 'mask.png'],
		]);
		expect(result.output).toHaveLength(1);
		expect(result.output![0].json).toMatchObject({ seed: 99, resolution: '512x512', style_type: 'REALISTIC' });
		expect(result.output![0].binary?.data?.mimeType).toBe('image/png');
	});

	test('a mask of another size is refused by the shared file checks before sending', async () => {
		const result = await runIdeogram({
			parameters: op('edit', { prompt: 'a red hat', model: 'V_2', image: 'data', mask: 'mask' }),
			items: [{ binary: { data: png(PHOTO), mask: png(makePng(256, 256), 'mask.png') } }],
			credentials: credentials(),
		});
		expect(result.error?.message).toMatch(/^Mask \(binary field "mask"\) is 256x256 pixels, but "Image" \(binary field "data"\) is 512x512/);
		expect(stub.requests).toHaveLength(0);
	});
});

describe('Reframe', () => {
	test('sends flat text parts with the required resolution and model, and the image', async () => {
		const result = await runIdeogram({
			parameters: op('reframe', {
				resolution: 'RESOLUTION_1280_720',
				model: 'V_2A_TURBO',
				image: 'data',
				additionalFields: { numImages: 2, seed: 3, styleType: 'DESIGN' },
			}),
			items: [{ binary: { data: png(PHOTO) } }],
			credentials: credentials(),
		});
		expect(result.error).toBeUndefined();
		const request = onlyRequest('/reframe');
		expect(request.fields).toEqual({
			resolution: ['RESOLUTION_1280_720'],
			model: ['V_2A_TURBO'],
			num_images: ['2'],
			seed: ['3'],
			style_type: ['DESIGN'],
		});
		expect(filesOf(request)).toEqual([['image_file', sha256(PHOTO), 'image/png', 'photo.png']]);
		expect(result.output!.map((i) => i.json.resolution)).toEqual(['1280x720', '1280x720']);
	});

	test('a resolution whose expression is empty for the item is refused before sending', async () => {
		const result = await runIdeogram({
			parameters: op('reframe', { resolution: '={{ $json.size }}', model: 'V_2', image: 'data' }),
			items: [{ json: { size: '' }, binary: { data: png(PHOTO) } }],
			credentials: credentials(),
		});
		expect(result.error?.message).toBe('Resolution is required but empty');
		expect(stub.requests).toHaveLength(0);
	});
});

describe('Upscale', () => {
	test('sends image_request (resemblance, detail, prompt, magic prompt, seed, num_images) and image_file; outputs the image and upscaled_resolution', async () => {
		const result = await runIdeogram({
			parameters: op('upscale', {
				resemblance: 80,
				detail: 30,
				image: 'data',
				additionalFields: { prompt: 'a sharp photo', magicPromptOption: 'OFF', seed: 11, numImages: 1 },
			}),
			items: [{ json: { id: 'a' }, binary: { data: png(PHOTO) } }],
			credentials: credentials(),
		});
		expect(result.error).toBeUndefined();
		const request = onlyRequest('/upscale');
		expect(Object.keys(request.fields!)).toEqual(['image_request']);
		expect(JSON.parse(request.fields!.image_request[0])).toEqual({
			resemblance: 80,
			detail: 30,
			prompt: 'a sharp photo',
			magic_prompt_option: 'OFF',
			seed: 11,
			num_images: 1,
		});
		expect(filesOf(request)).toEqual([['image_file', sha256(PHOTO), 'image/png', 'photo.png']]);
		expect(result.output).toHaveLength(1);
		const [item] = result.output!;
		expect(item.json).toMatchObject({ resolution: '512x512', upscaled_resolution: '1024x1024', seed: 11 });
		expect(item.binary?.data?.mimeType).toBe('image/png');
		const { imageSize } = await import('../stub/png');
		expect(imageSize(await result.getBinary(item))).toEqual({ width: 1024, height: 1024 });
	});

	test('with nothing but the defaults, image_request still goes out', async () => {
		const result = await runIdeogram({
			parameters: op('upscale', { image: 'data', options: { downloadImages: false } }),
			items: [{ binary: { data: png(PHOTO) } }],
			credentials: credentials(),
		});
		expect(result.error).toBeUndefined();
		const request = onlyRequest('/upscale');
		expect(JSON.parse(request.fields!.image_request[0])).toEqual({ resemblance: 50, detail: 50 });
		expect(result.output![0].json.upscaled_resolution).toBe('1024x1024');
		expect(result.output![0].binary).toBeUndefined();
	});
});

describe('Describe', () => {
	test('one item per input image, with descriptions, a plain description and the input file passed through', async () => {
		const other = makePng(320, 200, { seed: 40 });
		const result = await runIdeogram({
			parameters: op('describe', { image: 'data', additionalFields: { describeModelVersion: 'V_2' } }),
			items: [
				{ json: { n: 0 }, binary: { data: png(PHOTO) } },
				{ json: { n: 1 }, binary: { data: png(other, 'other.png') } },
			],
			credentials: credentials(),
		});
		expect(result.error).toBeUndefined();
		expect(stub.requests).toHaveLength(2);
		for (const request of stub.requests) {
			expect(request.path).toBe('/describe');
			expect(request.contentType).toBe('multipart');
			expect(request.fields).toEqual({ describe_model_version: ['V_2'] });
		}
		// The two items are sent at once, so the stub may log them in either order.
		expect(stub.requests.map(filesOf).sort((a, b) => String(a[0][3]).localeCompare(String(b[0][3])))).toEqual([
			[['image_file', sha256(other), 'image/png', 'other.png']],
			[['image_file', sha256(PHOTO), 'image/png', 'photo.png']],
		]);
		expect(result.output).toHaveLength(2);
		const [first, second] = result.output!;
		expect(first.json).toEqual({
			description: 'A 512x512 image of colourful vertical stripes in four horizontal bands.',
			descriptions: [
				'A 512x512 image of colourful vertical stripes in four horizontal bands.',
				'An abstract pattern of alternating colour bands, flat graphic style.',
			],
		});
		expect(second.json.description).toBe('A 320x200 image of colourful vertical stripes in four horizontal bands.');
		expect(first.pairedItem).toEqual({ item: 0 });
		expect(second.pairedItem).toEqual({ item: 1 });
		expect(sha256(await result.getBinary(first))).toBe(sha256(PHOTO));
		expect(sha256(await result.getBinary(second))).toBe(sha256(other));
		expect(second.binary?.data?.fileName).toBe('other.png');
	});

	test('with "Pass Through Input Files" off, the item carries only the descriptions', async () => {
		const result = await runIdeogram({
			parameters: op('describe', { image: 'data', options: { passThroughBinary: false } }),
			items: [{ binary: { data: png(PHOTO) } }],
			credentials: credentials(),
		});
		expect(result.error).toBeUndefined();
		// Describe Model Version not set: nothing but the file goes out (Ideogram's default is V_3).
		expect(stub.requests[0].fields).toEqual({});
		expect(filesOf(stub.requests[0])).toEqual([['image_file', sha256(PHOTO), 'image/png', 'photo.png']]);
		expect(result.output).toHaveLength(1);
		expect(result.output![0].binary).toBeUndefined();
		expect(typeof result.output![0].json.description).toBe('string');
	});

	test('a file that is not an image is refused before sending', async () => {
		const result = await runIdeogram({
			parameters: op('describe', { image: 'data' }),
			items: [{ binary: { data: { data: Buffer.from('%PDF-1.7\n'), fileName: 'doc.pdf', mimeType: 'application/pdf' } } }],
			credentials: credentials(),
		});
		expect(result.error?.message).toMatch(/^Image file \(binary field "data"\) is .*not a JPEG, PNG or WebP image$/);
		expect(stub.requests).toHaveLength(0);
	});
});
