/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies of many shapes are probed field by field */
import { spawn } from 'child_process';
import * as path from 'path';
import { createInterface } from 'readline';
import { inflateSync } from 'zlib';

import { startStub, type Fault, type IdeogramStub, type Personality } from './ideogram-stub';
import { parseArgs as parseCliArgs } from './cli';
import { boundaryFromContentType, parseMultipart } from './multipart';
import { imageSize, makePng, sniffImageType } from './png';
import { answerProblem, componentSchema, loadRoutes, stubAjv, v2ComponentValidator } from './schema';
import { MORE_ROUTE_PATHS } from './video';

const KEY = 'test-key-123';
const png64 = makePng(64, 64, { seed: 1 });
const png32 = makePng(32, 32, { seed: 2 });

type Body = FormData | Record<string, unknown> | string | undefined;

function auth(personality: Personality, key = KEY): Record<string, string> {
	if (personality === 'official') return { 'Api-Key': key };
	if (personality === 'cometapi') return { Authorization: key };
	return { Authorization: `Bearer ${key}` };
}

function file(buf: Buffer, type = 'image/png'): Blob {
	return new Blob([buf], { type });
}

function form(fields: Record<string, string | number | Blob | Array<string | Blob>>): FormData {
	const fd = new FormData();
	for (const [k, v] of Object.entries(fields)) {
		for (const item of Array.isArray(v) ? v : [v]) {
			if (item instanceof Blob) fd.append(k, item, `${k}.png`);
			else fd.append(k, String(item));
		}
	}
	return fd;
}

async function post(
	stub: IdeogramStub,
	p: string,
	body: Body,
	headers: Record<string, string> = { 'Api-Key': KEY },
): Promise<{ status: number; json: any; headers: Headers }> {
	const init: RequestInit = { method: 'POST', headers: { ...headers } };
	if (body instanceof FormData) init.body = body;
	else if (typeof body === 'string') init.body = body;
	else if (body !== undefined) {
		init.body = JSON.stringify(body);
		(init.headers as Record<string, string>)['Content-Type'] = 'application/json';
	}
	const res = await fetch(stub.baseUrl + p, init);
	const text = await res.text();
	let json: unknown = text;
	try {
		json = JSON.parse(text);
	} catch {
		// keep text
	}
	return { status: res.status, json, headers: res.headers };
}

async function download(url: string, headers: Record<string, string> = {}): Promise<{ status: number; type: string | null; buf: Buffer }> {
	const res = await fetch(url, { headers });
	return { status: res.status, type: res.headers.get('content-type'), buf: Buffer.from(await res.arrayBuffer()) };
}

/** Decodes enough of a PNG to prove it is well formed: chunk CRCs aside, the pixel stream must inflate to size. */
function decodePngRaw(buf: Buffer): { width: number; height: number; channels: number; raw: Buffer } {
	let i = 8;
	const idat: Buffer[] = [];
	let width = 0;
	let height = 0;
	let channels = 0;
	while (i < buf.length) {
		const len = buf.readUInt32BE(i);
		const type = buf.toString('ascii', i + 4, i + 8);
		const data = buf.subarray(i + 8, i + 8 + len);
		if (type === 'IHDR') {
			width = data.readUInt32BE(0);
			height = data.readUInt32BE(4);
			channels = data[9] === 6 ? 4 : 3;
		}
		if (type === 'IDAT') idat.push(data);
		i += 12 + len;
	}
	const raw = inflateSync(Buffer.concat(idat));
	expect(raw.length).toBe(height * (1 + width * channels));
	return { width, height, channels, raw };
}

const ajv = stubAjv();
const validateV3Response = ajv.compile(componentSchema('ImageGenerationResponseV3'));
const validateLegacyResponse = ajv.compile(componentSchema('GenerateImageResponse'));
const validateLayerize = ajv.compile(componentSchema('LayerizeTextResponse'));

// ---------------------------------------------------------------------------------------------

describe('png', () => {
	it('encodes real PNGs of the requested size, RGB or RGBA, and pads with noise', () => {
		const a = makePng(300, 200, { seed: 7 });
		expect(sniffImageType(a)).toBe('image/png');
		expect(imageSize(a)).toEqual({ width: 300, height: 200 });
		expect(decodePngRaw(a).channels).toBe(3);
		expect(makePng(300, 200, { seed: 7 }).equals(a)).toBe(true);
		expect(makePng(300, 200, { seed: 8 }).equals(a)).toBe(false);
		const t = decodePngRaw(makePng(64, 64, { alpha: true }));
		expect(t.channels).toBe(4);
		expect(t.raw[1 + 3]).toBe(0); // top-left pixel is transparent
		const big = makePng(1024, 1024, { noiseBytes: 1_500_000 });
		expect(big.length).toBeGreaterThan(1_400_000);
		expect(big.length).toBeLessThan(1_700_000);
		expect(imageSize(big)).toEqual({ width: 1024, height: 1024 });
		expect(makePng(1024, 1024).length).toBeLessThan(20_000);
	});

	it('reads sizes from JPEG and WebP headers and sniffs types', () => {
		const jpeg = Buffer.from([
			0xff, 0xd8, 0xff, 0xe0, 0x00, 0x04, 0x4a, 0x46, 0xff, 0xc0, 0x00, 0x11, 0x08, 0x01, 0x2c, 0x02, 0x58, 0x03,
		]);
		expect(sniffImageType(jpeg)).toBe('image/jpeg');
		expect(imageSize(jpeg)).toEqual({ width: 600, height: 300 });
		const riff = (kind: string, payload: number[]) => {
			const b = Buffer.alloc(30);
			b.write('RIFF', 0);
			b.write('WEBP', 8);
			b.write(kind, 12);
			Buffer.from(payload).copy(b, 20);
			return b;
		};
		const vp8 = riff('VP8 ', [0, 0, 0, 0x9d, 0x01, 0x2a, 0x80, 0x02, 0xe0, 0x01]);
		expect(sniffImageType(vp8)).toBe('image/webp');
		expect(imageSize(vp8)).toEqual({ width: 640, height: 480 });
		const w = 99;
		const h = 77;
		const bits = (w - 1) | ((h - 1) << 14);
		expect(imageSize(riff('VP8L', [0x2f, bits & 0xff, (bits >> 8) & 0xff, (bits >> 16) & 0xff, (bits >> 24) & 0xff]))).toEqual({
			width: 99,
			height: 77,
		});
		expect(imageSize(riff('VP8X', [0, 0, 0, 0, 0xff, 0x03, 0x00, 0xff, 0x01, 0x00]))).toEqual({ width: 1024, height: 512 });
		expect(sniffImageType(Buffer.from('GIF89a......'))).toBeUndefined();
		expect(imageSize(Buffer.from('<html>'))).toBeUndefined();
	});
});

describe('multipart parser', () => {
	it('parses what fetch/FormData sends, repeated names in order', async () => {
		const fd = new FormData();
		fd.append('prompt', 'a "quoted"; cat');
		fd.append('style_codes', 'AAAAAAAA');
		fd.append('style_codes', 'BBBBBBBB');
		fd.append('image', file(png64), 'my file.png');
		const req = new Request('http://x/', { method: 'POST', body: fd });
		const ct = req.headers.get('content-type')!;
		const parts = parseMultipart(Buffer.from(await req.arrayBuffer()), ct);
		expect(parts.map((p) => p.name)).toEqual(['prompt', 'style_codes', 'style_codes', 'image']);
		expect(parts[0].data.toString()).toBe('a "quoted"; cat');
		expect(parts[0].filename).toBeUndefined();
		expect(parts[3]).toMatchObject({ filename: 'my file.png', contentType: 'image/png' });
		expect(parts[3].data.equals(png64)).toBe(true);
	});

	it('rejects malformed bodies', () => {
		const ct = 'multipart/form-data; boundary=XyZ';
		expect(boundaryFromContentType('multipart/form-data; boundary="a b"')).toBe('a b');
		expect(() => boundaryFromContentType('multipart/form-data')).toThrow(/boundary/);
		expect(() => parseMultipart(Buffer.from('--XyZ\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n'), ct)).toThrow(/closing boundary/);
		expect(() => parseMultipart(Buffer.from('--XyZ\r\nContent-Disposition: form-data\r\n\r\n1\r\n--XyZ--'), ct)).toThrow(/name/);
		expect(() => parseMultipart(Buffer.from('--XyZ\r\nContent-Type: text/plain\r\n\r\n1\r\n--XyZ--'), ct)).toThrow(/Disposition/);
		expect(() => parseMultipart(Buffer.from('hello'), ct)).toThrow(/boundary/);
		const ok = parseMultipart(Buffer.from('--XyZ\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--XyZ--\r\n'), ct);
		expect(ok).toHaveLength(1);
	});
});

describe('schema-derived routes', () => {
	it('compiles a validator for every route with the schema content types and auth status', () => {
		const routes = loadRoutes();
		// v1 and legacy; v2 Generate's seven models, Replace Background, Remove Object; the 19 routes of
		// the synchronous v2 image operations; Ideogram 4's three v1 endpoints; the video routes and the vectorizer (./video.ts).
		expect(routes.size).toBe(16 + 9 + 19 + 3 + MORE_ROUTE_PATHS.length);
		expect(routes.get('/v1/ideogram-v4/magic-prompt')!.contentTypes).toEqual(['application/json']);
		expect(routes.get('/v1/ideogram-v4/describe')!.contentTypes).toEqual(['multipart/form-data']);
		expect(routes.get('/generate')!.contentTypes).toEqual(['application/json']);
		expect(routes.get('/v1/ideogram-v3/generate')!.contentTypes.sort()).toEqual(['application/json', 'multipart/form-data']);
		expect(routes.get('/v1/ideogram-v3/remix')!.contentTypes).toEqual(['multipart/form-data']);
		expect([...routes.values()].filter((r) => r.authStatus === 403).map((r) => r.path).sort()).toEqual([
			'/remix',
			'/upscale',
			'/v1/ideogram-v3/remix',
		]);
		expect(routes.get('/v1/remove-background')!.fields).toEqual({ image: { kind: 'file' } });
	});
});

// ---------------------------------------------------------------------------------------------

describe('official personality', () => {
	let stub: IdeogramStub;
	beforeAll(async () => {
		stub = await startStub({ apiKey: KEY });
	});
	afterAll(() => stub.close());
	beforeEach(() => stub.reset());

	it('generates (multipart) a schema-valid V3 response whose images have the stated size', async () => {
		const r = await post(stub, '/v1/ideogram-v3/generate', form({ prompt: 'a cat', num_images: 3, aspect_ratio: '16x9' }));
		expect(r.status).toBe(200);
		expect(validateV3Response(r.json)).toBe(true);
		expect(r.json.data).toHaveLength(3);
		expect(new Set(r.json.data.map((d: any) => d.seed)).size).toBe(3);
		const d = r.json.data[0];
		expect(d).toMatchObject({ prompt: 'a cat', is_image_safe: true, style_type: 'GENERAL' });
		const [w, h] = d.resolution.split('x').map(Number);
		expect(Math.abs(w / h - 16 / 9)).toBeLessThan(0.05);
		expect(d.url.startsWith(`${stub.imageOrigin}/images/`)).toBe(true);
		const u = new URL(d.url);
		expect(u.searchParams.get('exp')).toMatch(/^\d+$/);
		expect(u.searchParams.get('sig')).toMatch(/^[0-9a-f]+$/);
		const img = await download(d.url);
		expect(img.status).toBe(200);
		expect(img.type).toBe('image/png');
		expect(imageSize(img.buf)).toEqual({ width: w, height: h });
		expect(stub.requests).toHaveLength(1);
		expect(stub.requests[0]).toMatchObject({ method: 'POST', path: '/v1/ideogram-v3/generate', contentType: 'multipart', status: 200 });
		expect(stub.requests[0].fields).toEqual({ prompt: ['a cat'], num_images: ['3'], aspect_ratio: ['16x9'] });
		expect(stub.downloads[0]).toMatchObject({ status: 200, bytes: img.buf.length });
		expect(stub.downloads[0].headers['api-key']).toBeUndefined();
	});

	it('generates from JSON: seed echoed, magic prompt ON rewrites, 1x1 default is 1024x1024', async () => {
		const r = await post(stub, '/v1/ideogram-v3/generate', { prompt: 'dog', seed: 42, magic_prompt: 'ON', style_type: 'REALISTIC' });
		expect(r.status).toBe(200);
		expect(r.json.data[0]).toMatchObject({ seed: 42, prompt: 'Enhanced: dog', resolution: '1024x1024', style_type: 'REALISTIC' });
		expect(stub.requests[0].json).toEqual({ prompt: 'dog', seed: 42, magic_prompt: 'ON', style_type: 'REALISTIC' });
		const t = await post(stub, '/v1/ideogram-v3/generate-transparent', { prompt: 'logo', upscale_factor: 'X2' });
		expect(t.json.data[0]).toMatchObject({ resolution: '1024x1024', upscaled_resolution: '2048x2048' });
		const img = await download(t.json.data[0].url);
		expect(decodePngRaw(img.buf)).toMatchObject({ width: 2048, height: 2048, channels: 4 });
	});

	it('checks the Api-Key header: 401, or 403 where the spec says so; Authorization is not accepted', async () => {
		const wrong = await post(stub, '/v1/ideogram-v3/generate', form({ prompt: 'x' }), { 'Api-Key': 'nope' });
		expect(wrong.status).toBe(401);
		expect(typeof wrong.json.detail).toBe('string');
		const bearer = await post(stub, '/v1/ideogram-v3/generate', form({ prompt: 'x' }), { Authorization: `Bearer ${KEY}` });
		expect(bearer.status).toBe(401);
		for (const p of ['/v1/ideogram-v3/remix', '/remix', '/upscale']) {
			expect((await post(stub, p, form({ prompt: 'x' }), {})).status).toBe(403);
		}
		expect((await post(stub, '/describe', form({}), {})).status).toBe(401);
		expect(stub.requests.every((r) => r.status >= 401 && typeof r.error === 'string')).toBe(true);
	});

	it('answers 404 for unknown paths and 405 for other methods', async () => {
		expect((await post(stub, '/v1/ideogram-v3/nope', form({ prompt: 'x' }))).status).toBe(404);
		expect((await post(stub, '/v2/image/generate', { prompt: 'x' })).status).toBe(404);
		const get = await fetch(`${stub.baseUrl}/generate`, { headers: { 'Api-Key': KEY } });
		expect(get.status).toBe(405);
	});

	it('enforces content types from the schema', async () => {
		const urlenc = await post(stub, '/v1/ideogram-v3/generate', 'prompt=x', {
			'Api-Key': KEY,
			'Content-Type': 'application/x-www-form-urlencoded',
		});
		expect(urlenc.status).toBe(415);
		expect(urlenc.json.error).toMatch(/x-www-form-urlencoded/);
		expect((await post(stub, '/generate', form({ image_request: '{"prompt":"x"}' }))).status).toBe(415);
		expect((await post(stub, '/v1/ideogram-v3/remix', { prompt: 'x' })).status).toBe(415);
		expect((await post(stub, '/generate', { image_request: { prompt: 'x', model: 'V_2' } })).status).toBe(200);
		const broken = await post(stub, '/v1/ideogram-v3/generate', '--b\r\nContent-Disposition: form-data; name="prompt"\r\n\r\nx', {
			'Api-Key': KEY,
			'Content-Type': 'multipart/form-data; boundary=b',
		});
		expect(broken.status).toBe(400);
		expect(broken.json.error).toMatch(/multipart/i);
		const badJson = await post(stub, '/v1/ideogram-v3/generate', '{"prompt":', { 'Api-Key': KEY, 'Content-Type': 'application/json' });
		expect(badJson.status).toBe(400);
	});

	it.each([
		['unknown field', form({ prompt: 'x', foo: '1' }), /'foo'/],
		['unknown nested field (JSON)', { image_request: { prompt: 'x', bogus: 1 } }, /image_request\.bogus/],
		['non-numeric seed', form({ prompt: 'x', seed: 'abc' }), /'seed'/],
		['seed out of range', form({ prompt: 'x', seed: '2147483648' }), /'seed'/],
		['num_images > 8', form({ prompt: 'x', num_images: 9 }), /'num_images'/],
		['bad enum', form({ prompt: 'x', rendering_speed: 'FAST' }), /'rendering_speed'/],
		['bad aspect ratio separator', form({ prompt: 'x', aspect_ratio: '16:9' }), /'aspect_ratio'/],
		['JSON string seed', { prompt: 'x', seed: '1' }, /'seed'/],
		['empty part', form({ prompt: 'x', negative_prompt: '' }), /'negative_prompt'.*empty/],
		['missing prompt', form({ seed: 1 }), /'prompt'/],
		['invalid color_palette JSON', form({ prompt: 'x', color_palette: '{name:' }), /'color_palette'/],
		['color_palette name and members', form({ prompt: 'x', color_palette: JSON.stringify({ name: 'EMBER', members: [{ color_hex: '#fff' }] }) }), /'color_palette'/],
		['bad color_hex', form({ prompt: 'x', color_palette: JSON.stringify({ members: [{ color_hex: 'red' }] }) }), /color_palette\.members\[0\]\.color_hex/],
		['bad style code', form({ prompt: 'x', style_codes: 'XYZ' }), /'style_codes\[0\]'/],
		['file field as text', form({ prompt: 'x', style_reference_images: 'not a file' }), /'style_reference_images'.*file/],
		['file in JSON', { prompt: 'x', style_reference_images: ['abc'] }, /'style_reference_images'/],
		['resolution with aspect_ratio', form({ prompt: 'x', resolution: '1024x1024', aspect_ratio: '1x1' }), /'resolution'.*'aspect_ratio'/],
		['style_codes with style_type', form({ prompt: 'x', style_codes: 'AAFF5733', style_type: 'AUTO' }), /'style_codes'.*'style_type'/],
		['style_codes with style refs', form({ prompt: 'x', style_codes: 'AAFF5733', style_reference_images: file(png64) }), /'style_reference_images'/],
		['two character refs', form({ prompt: 'x', character_reference_images: [file(png64), file(png64)] }), /'character_reference_images'/],
		['ref mask count', form({ prompt: 'x', character_reference_images: file(png64), character_reference_images_mask: [file(png64), file(png64)] }), /'character_reference_images_mask'/],
		['ref mask size', form({ prompt: 'x', character_reference_images: file(png64), character_reference_images_mask: file(png32) }), /'character_reference_images_mask'.*size/],
	])('rejects %s on generate with 400 naming the field', async (_name, body, re) => {
		const p = body instanceof FormData || !('image_request' in body) ? '/v1/ideogram-v3/generate' : '/generate';
		const r = await post(stub, p, body);
		expect(r.status).toBe(400);
		expect(r.json.error).toMatch(re);
		expect(stub.requests[0].error).toBe(r.json.error);
	});

	it('rejects bad files: wrong type, text-typed part, non-image bytes, over 10 MB', async () => {
		const gif = await post(stub, '/v1/ideogram-v3/remix', form({ prompt: 'x', image: file(Buffer.from('GIF89a0000000000'), 'image/gif') }));
		expect(gif.status).toBe(400);
		expect(gif.json.error).toMatch(/'image'/);
		const octet = await post(stub, '/v1/ideogram-v3/remix', form({ prompt: 'x', image: file(png64, 'application/octet-stream') }));
		expect(octet.status).toBe(400);
		const big = Buffer.concat([png64, Buffer.alloc(10 * 1024 * 1024)]);
		const tooBig = await post(stub, '/v1/ideogram-v3/remix', form({ prompt: 'x', image: file(big) }));
		expect(tooBig.status).toBe(413);
		const prmptFile = await post(stub, '/v1/ideogram-v3/remix', form({ prompt: file(png64), image: file(png64) }));
		expect(prmptFile.status).toBe(400);
	});

	it('applies v3 endpoint rules: FLASH on transparent, reframe resolution, inpaint mask size', async () => {
		const flash = await post(stub, '/v1/ideogram-v3/generate-transparent', form({ prompt: 'x', rendering_speed: 'FLASH' }));
		expect(flash.status).toBe(400);
		expect(flash.json.error).toMatch(/rendering_speed/);
		expect((await post(stub, '/v1/ideogram-v3/generate-transparent', form({ prompt: 'x', style_type: 'AUTO' }))).status).toBe(400);
		const noRes = await post(stub, '/v1/ideogram-v3/reframe', form({ image: file(png64) }));
		expect(noRes.status).toBe(400);
		expect(noRes.json.error).toMatch(/'resolution'/);
		const reframePrompt = await post(stub, '/v1/ideogram-v3/reframe', form({ image: file(png64), resolution: '1024x1024', prompt: 'x' }));
		expect(reframePrompt.json.error).toMatch(/'prompt'/);
		for (const p of ['/v1/ideogram-v3/inpaint', '/v1/ideogram-v3/edit']) {
			const mis = await post(stub, p, form({ prompt: 'x', image: file(png64), mask: file(png32) }));
			expect(mis.status).toBe(400);
			expect(mis.json.error).toMatch(/'mask'.*64x64/);
			const ok = await post(stub, p, form({ prompt: 'x', image: file(png64), mask: file(makePng(64, 64, { seed: 9 })) }));
			expect(ok.status).toBe(200);
			// A 64x64 input comes back at the nearest size Ideogram 3.0 lists (ResolutionV3): square.
			expect(ok.json.data[0].resolution).toBe('1024x1024');
		}
		const neg = await post(stub, '/v1/ideogram-v3/inpaint', form({ prompt: 'x', image: file(png64), mask: file(png64), negative_prompt: 'y' }));
		expect(neg.json.error).toMatch(/'negative_prompt'/);
	});

	it('applies legacy model rules', async () => {
		const g = (ir: Record<string, unknown>) => post(stub, '/generate', { image_request: { prompt: 'x', ...ir } });
		expect((await g({ model: 'V_1', style_type: 'AUTO' })).json.error).toMatch(/style_type.*V_1/);
		expect((await g({ model: 'V_2A', negative_prompt: 'n' })).json.error).toMatch(/negative_prompt/);
		expect((await g({ model: 'V_1_TURBO', color_palette: { name: 'EMBER' } })).json.error).toMatch(/color_palette/);
		expect((await g({ resolution: 'RESOLUTION_1024_1024', aspect_ratio: 'ASPECT_1_1' })).status).toBe(400);
		expect((await g({ aspect_ratio: '16x9' })).json.error).toMatch(/aspect_ratio/);
		const ok = await g({ model: 'V_2', negative_prompt: 'n', aspect_ratio: 'ASPECT_16_9', magic_prompt_option: 'ON', num_images: 2 });
		expect(ok.status).toBe(200);
		expect(validateLegacyResponse(ok.json)).toBe(true);
		expect(ok.json.data[0].prompt).toBe('Enhanced: x');
		const edit = (model: string) =>
			post(stub, '/edit', form({ prompt: 'x', model, image_file: file(png64), mask: file(png64) }));
		expect((await edit('V_1')).json.error).toMatch(/model/);
		expect((await edit('V_2_TURBO')).status).toBe(200);
		const noModel = await post(stub, '/edit', form({ prompt: 'x', image_file: file(png64), mask: file(png64) }));
		expect(noModel.json.error).toMatch(/'model'/);
		const reframe = await post(stub, '/reframe', form({ model: 'V_2', image_file: file(png64), resolution: 'RESOLUTION_1280_720' }));
		expect(reframe.json.data[0].resolution).toBe('1280x720');
	});

	it('answers every image route with the documented shapes and sizes', async () => {
		const remix = await post(stub, '/v1/ideogram-v3/remix', form({ prompt: 'x', image: file(png64), image_weight: 70 }));
		expect(remix.json.data[0].resolution).toBe('1024x1024');
		const remixRes = await post(stub, '/v1/ideogram-v3/remix', form({ prompt: 'x', image: file(png64), resolution: '1280x800' }));
		expect(remixRes.json.data[0].resolution).toBe('1280x800');
		const legacyRemix = await post(stub, '/remix', form({ image_request: JSON.stringify({ prompt: 'x', image_weight: 10 }), image_file: file(png64) }));
		expect(legacyRemix.status).toBe(200);
		const badIr = await post(stub, '/remix', form({ image_request: 'not json', image_file: file(png64) }));
		expect(badIr.json.error).toMatch(/'image_request'/);
		const rb = await post(stub, '/v1/ideogram-v3/replace-background', form({ prompt: 'beach', image: file(png32) }));
		expect(rb.json.data[0].resolution).toBe('1024x1024');
		const reframe = await post(stub, '/v1/ideogram-v3/reframe', form({ image: file(png64), resolution: '1536x640', num_images: 2 }));
		expect(reframe.json.data.map((d: any) => d.resolution)).toEqual(['1536x640', '1536x640']);

		const up = await post(stub, '/upscale', form({ image_request: '{}', image_file: file(png64) }));
		expect(up.json.data[0]).toMatchObject({ resolution: '64x64', upscaled_resolution: '128x128' });
		expect(imageSize((await download(up.json.data[0].url)).buf)).toEqual({ width: 128, height: 128 });

		const rm = await post(stub, '/v1/remove-background', form({ image: file(png64) }));
		expect(rm.json.data).toHaveLength(1);
		expect(decodePngRaw((await download(rm.json.data[0].url)).buf)).toMatchObject({ width: 64, height: 64, channels: 4 });
		expect((await post(stub, '/v1/remove-background', form({ image: file(png64), prompt: 'x' }))).status).toBe(400);

		const lt = await post(stub, '/v1/ideogram-v3/layerize-text', form({ image: file(png64), seed: 7 }));
		expect(validateLayerize(lt.json)).toBe(true);
		expect(lt.json.seed).toBe(7);
		expect(lt.json.text_blocks[0]).toMatchObject({ alignment: 'center', angle: 0 });
		expect(imageSize((await download(lt.json.base_image_url)).buf)).toEqual({ width: 64, height: 64 });

		const ds = await post(stub, '/describe', form({ image_file: file(png64), describe_model_version: 'V_3' }));
		expect(ds.json.descriptions).toHaveLength(2);
		expect(typeof ds.json.descriptions[0].text).toBe('string');

		const ed = await post(stub, '/v1/edit', form({ prompt: 'x', images: [file(png64), file(png32)], transparent_background: 'true' }));
		expect(ed.json.data[0].resolution).toBe('64x64');
		expect((await post(stub, '/v1/edit', form({ prompt: 'x' }))).status).toBe(400);
		expect((await post(stub, '/v1/edit', form({ prompt: 'x', images: file(png64), transparent_background: 'maybe' }))).status).toBe(400);
	});

	it('serves images only with a valid signature and never sees the API key there', async () => {
		const r = await post(stub, '/v1/ideogram-v3/generate', form({ prompt: 'x' }));
		const url = new URL(r.json.data[0].url);
		url.searchParams.set('sig', 'deadbeef');
		expect((await download(url.toString())).status).toBe(403);
		expect((await download(`${stub.imageOrigin}/images/unknown.png?exp=1&sig=0`)).status).toBe(404);
		await download(r.json.data[0].url);
		expect(stub.downloads.map((d) => d.status)).toEqual([403, 404, 200]);
		expect(stub.downloads.every((d) => !('api-key' in d.headers) && !('authorization' in d.headers))).toBe(true);
	});

	it('honours prompt markers', async () => {
		const unsafe = await post(stub, '/v1/ideogram-v3/generate', form({ prompt: 'x [[unsafe-prompt]]' }));
		expect(unsafe).toMatchObject({ status: 422, json: { error: 'Prompt provided failed safety check due to the inclusion of prohibited content.' } });
		const out = await post(stub, '/v1/ideogram-v3/generate', form({ prompt: 'x [[unsafe-output]]', num_images: 2 }));
		expect(out.status).toBe(200);
		expect(out.json.data.every((d: any) => d.is_image_safe === false && d.url === null)).toBe(true);
		const s = await post(stub, '/generate', { image_request: { prompt: 'x [[status:503]]' } });
		expect(s.status).toBe(503);
		expect(typeof s.json.error).toBe('string');
		await expect(post(stub, '/v1/ideogram-v3/generate', form({ prompt: '[[reset]]' }))).rejects.toThrow();
		expect(stub.requests.map((r) => r.status)).toEqual([422, 200, 503, 0]);
	});

	it('injects faults, selected by path, count and match', async () => {
		const inject = (f: Fault) => stub.inject(f);
		inject({ kind: 'status', status: 500, path: '/v1/ideogram-v3/generate', times: 2 });
		expect((await post(stub, '/v1/ideogram-v3/generate', form({ prompt: 'x' }))).status).toBe(500);
		expect((await post(stub, '/v1/ideogram-v3/remix', form({}))).status).toBe(400); // other path unaffected
		expect((await post(stub, '/v1/ideogram-v3/generate', form({ prompt: 'x' }))).status).toBe(500);
		expect((await post(stub, '/v1/ideogram-v3/generate', form({ prompt: 'x' }))).status).toBe(200);

		inject({ kind: 'status', status: 429, body: { error: 'slow down', reject_reason: 'inflight_limit' }, headers: { 'Retry-After': '3' } });
		const r429 = await post(stub, '/generate', { image_request: { prompt: 'x' } });
		expect(r429).toMatchObject({ status: 429, json: { error: 'slow down', reject_reason: 'inflight_limit' } });
		expect(r429.headers.get('retry-after')).toBe('3');
		// Faults keep to the spec's shapes: a reason GenerationRejectReason does not list, or a 429
		// without one, is refused when injected.
		expect(() => inject({ kind: 'status', status: 429, body: { error: 'Too many', reject_reason: 'rate_limit' } })).toThrow(/reject_reason.*must be equal to one of the allowed values/);
		expect(() => inject({ kind: 'status', status: 402, body: { error: 'Pay up' } })).toThrow(/must have required property 'reject_reason'/);
		inject({ kind: 'status', status: 429 });
		expect((await post(stub, '/generate', { image_request: { prompt: 'x' } })).json).toEqual({ error: 'Injected error 429', reject_reason: 'inflight_limit' });

		inject({ kind: 'html' });
		const html = await post(stub, '/generate', { image_request: { prompt: 'x' } });
		expect(html.status).toBe(502);
		expect(html.headers.get('content-type')).toBe('text/html');
		inject({ kind: 'envelope', status: 503 });
		expect((await post(stub, '/generate', { image_request: { prompt: 'x' } })).json).toEqual({ code: 503, message: expect.any(String), data: null });
		inject({ kind: 'ok-with-error' });
		const owe = await post(stub, '/generate', { image_request: { prompt: 'x' } });
		expect(owe).toMatchObject({ status: 200, json: { code: 500, data: null } });
		inject({ kind: 'reset' });
		await expect(post(stub, '/generate', { image_request: { prompt: 'x' } })).rejects.toThrow();
		inject({ kind: 'status', status: 418, match: (r) => JSON.stringify(r.json ?? r.fields).includes('MARK') });
		expect((await post(stub, '/generate', { image_request: { prompt: 'plain' } })).status).toBe(200);
		expect((await post(stub, '/generate', { image_request: { prompt: 'with MARK' } })).status).toBe(418);
	});

	it('checks formats, and that a file part is what its Content-Type says', async () => {
		const hook = await post(stub, '/v2/image/generate/ideogram-4', { prompt: 'x', webhook_url: 'not a link' });
		expect([hook.status, hook.json.error]).toEqual([400, `Invalid 'webhook_url': must match format "uri"`]);
		expect((await post(stub, '/v2/image/generate/ideogram-4', { prompt: 'x', webhook_url: 'https://example.com/hook' })).status).toBe(200);
		const mislabelled = await post(stub, '/v1/ideogram-v3/remix', form({ prompt: 'x', image: file(png64, 'image/jpeg') }));
		expect([mislabelled.status, mislabelled.json.error]).toEqual([400, `File 'image' is declared as image/jpeg but its bytes are image/png`]);
	});

	it('holds its own answers to the spec: a field the spec does not have breaks it', async () => {
		const answer = (await post(stub, '/v2/image/generate/ideogram-4', { prompt: 'x' })).json;
		expect(answerProblem('POST', '/v2/image/generate/ideogram-4', answer)).toBeUndefined();
		expect(answerProblem('POST', '/v2/image/generate/ideogram-4', { ...answer, style_type: 'general' })).toBe(`Unknown field 'style_type': this endpoint does not accept it`);
		expect(answerProblem('POST', '/v2/image/generate/ideogram-4', { ...answer, data: [{ ...answer.data[0], resolution: 12 }] })).toBe(`Invalid value 12 for 'data[0].resolution': must be string`);
		const job = (await post(stub, '/v2/image/generate/ideogram-4', { prompt: 'x', async: true })).json;
		expect(answerProblem('GET', `/v2/generations/${job.generation_id}`, { generation_id: job.generation_id, status: 'pending' })).toMatch(/Missing required field 'created'/);
		expect(answerProblem('POST', '/v1/not-a-route', {})).toBe('the contract files give no 200 answer schema for POST /v1/not-a-route');
	});

	it('injects image download faults', async () => {
		const urls = (await post(stub, '/v1/ideogram-v3/generate', form({ prompt: 'x', num_images: 4 }))).json.data.map((d: any) => d.url);
		stub.inject({ kind: 'image-404' });
		expect((await download(urls[0])).status).toBe(404);
		expect((await download(urls[0])).status).toBe(200);
		stub.inject({ kind: 'image-wrong-type' });
		expect((await download(urls[1])).type).toBe('text/html');
		stub.inject({ kind: 'image-truncated' });
		await expect(download(urls[2])).rejects.toThrow();
		// A slow download is overtaken by one started after it (order, not milliseconds).
		stub.inject({ kind: 'image-slow', delayMs: 300, path: new URL(urls[3]).pathname });
		const finished: string[] = [];
		const slow = download(urls[3]).then((r) => (finished.push('slow'), r));
		const quick = download(urls[0]).then((r) => (finished.push('quick'), r));
		expect([(await slow).status, (await quick).status]).toEqual([200, 200]);
		expect(finished).toEqual(['quick', 'slow']);
	});

	it('is driven over HTTP by the control routes', async () => {
		await post(stub, '/generate', { image_request: { prompt: 'x' } });
		const ctl = (p: string, init?: RequestInit) => fetch(stub.controlUrl + p, init).then((r) => r.json() as Promise<any>);
		const reqs = await ctl('/requests');
		expect(reqs).toHaveLength(1);
		expect(reqs[0]).toMatchObject({ path: '/generate', status: 200, json: { image_request: { prompt: 'x' } } });
		expect(await ctl('/stats')).toEqual({ maxInflightSeen: 1, inflight: 0 });
		await ctl('/faults', { method: 'POST', body: JSON.stringify({ kind: 'status', status: 503, promptContains: 'ZAP' }) });
		expect((await post(stub, '/generate', { image_request: { prompt: 'x' } })).status).toBe(200);
		expect((await post(stub, '/v1/ideogram-v3/generate', form({ prompt: 'ZAP it' }))).status).toBe(503);
		const bad = await fetch(`${stub.controlUrl}/faults`, { method: 'POST', body: JSON.stringify({ kind: 'nope' }) });
		expect(bad.status).toBe(400);
		await ctl('/reset', { method: 'POST' });
		expect(await ctl('/requests')).toEqual([]);
		expect(await ctl('/downloads')).toEqual([]);
	});
});

describe('v2 image operations: the spec schemas, closed, and the rules it states in prose', () => {
	let stub: IdeogramStub;
	beforeAll(async () => {
		stub = await startStub({ apiKey: KEY });
	});
	afterAll(() => stub.close());
	beforeEach(() => stub.reset());

	const png512 = makePng(512, 512, { seed: 5 });
	const refused = async (p: string, body: Body, message: RegExp) => {
		const r = await post(stub, p, body);
		expect([p, r.status, r.json.error]).toEqual([p, 400, expect.stringMatching(message)]);
	};

	it('refuses what each model does not take, and each rule the spec states in words', async () => {
		await refused('/v2/image/remix/ideogram-4', form({ prompt: 'x', image: file(png64), seed: 1 }), /Unknown field 'seed'/);
		await refused('/v2/image/remix/ideogram-3', form({ prompt: 'x', image: file(png64), aspect_ratio: 'auto' }), /aspect_ratio/);
		await refused('/v2/image/remix/ideogram-3', form({ prompt: 'x' }), /'image' or 'image_asset_identifier' is required/);
		await refused('/v2/image/remix/ideogram-3-character', form({ prompt: 'x', image: file(png64) }), /needs a character reference/);
		await refused('/v2/image/remix/ideogram-3-custom-model', form({ prompt: 'x', image: file(png64) }), /custom_model_uri/);
		await refused('/v2/image/inpaint/ideogram-3', form({ prompt: 'x', image: file(png64) }), /'mask' is required/);
		await refused('/v2/image/inpaint/ideogram-3', form({ prompt: 'x', image: file(png64), mask: file(png32) }), /same pixel size/);
		const guides = [1, 2, 3, 4].map(() => file(png32));
		await refused('/v2/image/precise-edit/ideogram-4-5', form({ prompt: 'x', image: file(png64), mask: file(png64), reference_images: guides }), /at most three/);
		await refused('/v2/image/precise-edit/ideogram-4-5', form({ prompt: 'x', image: file(png64), context_window: 'auto' }), /requires a 'mask'/);
		await refused('/v2/image/reframe/ideogram-3', form({ image: file(png64) }), /resolution/);
		await refused('/v2/image/upscale/nano-banana-pro', form({ image: file(png64), upscale_factor: 'x2' }), /Unknown field 'upscale_factor'/);
		await refused('/v2/image/upscale/topaz-redefine', form({ image: file(png64), face_enhancement: 'true' }), /face_enhancement_strength/);
		await refused('/v2/image/describe/ideogram-3', form({ image: file(png64), include_tags: 'true' }), /Unknown field 'include_tags'/);
		await refused('/v2/design/layerize/ideogram-3', form({ image: file(png64), magic_prompt: 'on' }), /Unknown field 'magic_prompt'/);
		// Remove background: JSON names an asset, multipart uploads the file; each schema is closed.
		await refused('/v2/image/remove-background/ideogram-1', { private: true }, /image_asset_identifier/);
		await refused('/v2/image/remove-background/ideogram-1', form({ image: file(png64), seed: 3 }), /Unknown field 'seed'/);
		expect(stub.requests.every((r) => r.status === 400)).toBe(true);
	});

	it('answers each operation in the shape of its 200 schema', async () => {
		const ok = async (p: string, body: FormData) => {
			const r = await post(stub, p, body);
			expect([p, r.status]).toEqual([p, 200]);
			return r.json;
		};
		const inpaint = await ok('/v2/image/inpaint/ideogram-3', form({ prompt: 'x', image: file(png512), mask: file(png512), magic_prompt: 'on' }));
		expect(inpaint).toMatchObject({ width: 512, height: 512, data: [{ prompt: 'Enhanced: x', resolution: '512x512' }] });
		const upscaled = await ok('/v2/image/upscale/nano-banana-pro', form({ image: file(png512), resolution_tier: '2K' }));
		expect(upscaled).toMatchObject({ width: 2048, height: 2048, data: [{ resolution: '2048x2048' }] });
		const cut = await ok('/v2/image/remove-background/ideogram-1', form({ image: file(png64) }));
		expect(decodePngRaw((await download(cut.data[0].url)).buf).channels).toBe(4);
		const described = await ok('/v2/image/describe/ideogram-4', form({ image: file(png64), include_bbox: 'false' }));
		expect(described.json_prompt.compositional_deconstruction.elements[0].bbox).toBeUndefined();
		expect((await ok('/v2/image/precise-edit/ideogram-4-5', form({ prompt: 'x', image: file(png64) }))).generation_kind).toBe('sampling');
	});
});

describe('price quotes (dry_run)', () => {
	let stub: IdeogramStub;
	beforeAll(async () => {
		stub = await startStub({ apiKey: KEY, maxInflightImages: 1 });
	});
	afterAll(() => stub.close());
	beforeEach(() => stub.reset());

	const quote = async (p: string, body: Body) => {
		const r = await post(stub, `${p}?dry_run=true`, body);
		expect([p, r.status]).toEqual([p, 200]);
		const validate = v2ComponentValidator('PriceQuote');
		expect([validate(r.json), validate.errors ?? null]).toEqual([true, null]);
		return r.json;
	};

	it('prices a request without running it: a PriceQuote, no job, nothing in flight, logged as dryRun', async () => {
		// num_images 4 would not fit in one image slot if it counted in flight.
		const q = await quote('/v2/image/generate/ideogram-4', { prompt: 'x', num_images: 4, async: true });
		expect(q).toEqual({ object: 'price_quote', billing_identifier: 'ideogram_4_generate', quantity: 4, usd_micros: 240_000, credit_millis: 24_000, qualifier: 'exact' });
		expect(stub.maxInflightSeen).toBe(0);
		expect(stub.requests[0]).toMatchObject({ dryRun: true, status: 200 });
		const poll = await fetch(`${stub.baseUrl}/v2/generations/anything`, { headers: { 'Api-Key': KEY } });
		expect(poll.status).toBe(404);
	});

	it('prices differ by model, options and image count; auto and the marker give estimates', async () => {
		const price = async (p: string, body: Body) => (await quote(p, body)).usd_micros;
		const base = await price('/v2/image/generate/ideogram-4', { prompt: 'x' });
		expect(await price('/v2/image/generate/ideogram-4', { prompt: 'x', rendering_speed: 'turbo' })).toBeLessThan(base);
		expect(await price('/v2/image/generate/ideogram-3-transparent', { prompt: 'x' })).not.toBe(base);
		expect(await price('/v2/image/generate/ideogram-4', { prompt: 'x', num_images: 2 })).toBe(2 * base);
		expect(await price('/v2/image/upscale/topaz-standard-2', form({ image: file(png64), upscale_factor: 'x4' }))).toBe(2 * (await price('/v2/image/upscale/topaz-standard-2', form({ image: file(png64) }))));
		expect(await quote('/v2/image/generate/auto', { prompt: 'x' })).toMatchObject({ qualifier: 'estimate', upper_bound_usd_micros: 150_000 });
		expect(await quote('/v2/image/generate/ideogram-4', { prompt: 'x [[quote-estimate]]' })).toMatchObject({ qualifier: 'estimate', upper_bound_usd_micros: 150_000 });
	});

	it('validates the request first, fails on [[quote-fails]], and refuses dry_run where the spec does not declare it', async () => {
		expect((await post(stub, '/v2/image/generate/ideogram-4?dry_run=true', { prompt: 'x', seed: 'no' })).status).toBe(400);
		await expect(post(stub, '/v2/image/generate/ideogram-4?dry_run=true', { prompt: 'x [[quote-fails]]' })).rejects.toThrow();
		const described = await post(stub, '/v2/image/describe/ideogram-4?dry_run=true', form({ image: file(png64) }));
		expect([described.status, described.json.error]).toEqual([400, "Unknown query parameter 'dry_run': /v2/image/describe/ideogram-4 takes none"]);
		expect(stub.requests.map((r) => r.status)).toEqual([400, 0, 400]);
	});

	it('refuses dry_run=1 (the spec types it as a boolean) and any query parameter the route does not declare', async () => {
		const one = await post(stub, '/v2/image/generate/ideogram-4?dry_run=1', { prompt: 'x' });
		expect([one.status, one.json.error]).toEqual([400, "Invalid value \"1\" for query parameter 'dry_run': must be true or false"]);
		const unknown = await post(stub, '/v2/image/generate/ideogram-4?preview=true', { prompt: 'x' });
		expect([unknown.status, unknown.json.error]).toEqual([400, "Unknown query parameter 'preview': /v2/image/generate/ideogram-4 takes dry_run"]);
		const legacy = await post(stub, '/generate?dry_run=true', { image_request: { prompt: 'x' } });
		expect([legacy.status, legacy.json.error]).toEqual([400, "Unknown query parameter 'dry_run': /generate takes none"]);
		expect(stub.maxInflightSeen).toBe(0);
	});
});

describe('latency, in-flight limit, bandwidth', () => {
	let stub: IdeogramStub;
	beforeAll(async () => {
		stub = await startStub({
			apiKey: KEY,
			latencyMs: 250,
			maxInflightImages: 3,
			retryAfterSeconds: 2,
			imageBytes: 100_000,
			bandwidthBytesPerSec: 400_000,
		});
	});
	afterAll(() => stub.close());

	it('counts images in flight and answers 429 with reject_reason and Retry-After', async () => {
		const finished: string[] = [];
		const send = (prompt: string, n: number) => post(stub, '/v1/ideogram-v3/generate', form({ prompt, num_images: n })).then((r) => (finished.push(prompt), r));
		const pending = [send('a', 2), send('b', 1)];
		// c goes once a and b hold all three slots (a count, not a delay).
		while (stub.inflight < 3) await new Promise((r) => setImmediate(r));
		const c = await send('c', 1);
		const [a, b] = await Promise.all(pending);
		// Refused at once, while a and b were still held for their latency.
		expect(finished[0]).toBe('c');
		expect([a.status, b.status]).toEqual([200, 200]);
		expect(c.status).toBe(429);
		expect(c.json).toMatchObject({ reject_reason: 'inflight_limit', max_inflight_requests: 3 });
		expect(typeof c.json.error).toBe('string');
		expect(c.headers.get('retry-after')).toBe('2');
		expect(stub.maxInflightSeen).toBe(3);
		expect(stub.inflight).toBe(0);
		expect((await post(stub, '/v1/ideogram-v3/generate', form({ prompt: 'd', num_images: 4 }))).status).toBe(429);
	});

	it('serves bigger images at a capped bandwidth', async () => {
		const r = await post(stub, '/v1/ideogram-v3/generate', form({ prompt: 'a' }));
		const res = await fetch(r.json.data[0].url);
		const total = Number(res.headers.get('content-length'));
		const reader = res.body!.getReader();
		const chunks: Uint8Array[] = [];
		const first = await reader.read();
		// Paced, not sent at once: when the first bytes arrive the stub has not yet written the last
		// (order, not milliseconds: an unpaced answer is written whole before anything arrives).
		expect(stub.downloads.at(-1)!.bytes).toBeLessThan(total);
		chunks.push(first.value!);
		for (let next = await reader.read(); !next.done; next = await reader.read()) chunks.push(next.value);
		const buf = Buffer.concat(chunks);
		expect(buf.length).toBe(total);
		expect(total).toBeGreaterThan(90_000);
		expect(imageSize(buf)).toEqual({ width: 1024, height: 1024 });
	});
});

describe.each(['cometapi', 'kkiai'] as const)('%s personality', (personality) => {
	let stub: IdeogramStub;
	beforeAll(async () => {
		stub = await startStub({ apiKey: KEY, personality });
	});
	afterAll(() => stub.close());
	beforeEach(() => stub.reset());

	it('serves under /ideogram with its auth header style', async () => {
		expect(stub.baseUrl).toBe(`http://127.0.0.1:${stub.port}/ideogram`);
		const ok = await post(stub, '/v1/ideogram-v3/generate', { prompt: 'x' }, auth(personality));
		expect(ok.status).toBe(200);
		expect(stub.requests[0].path).toBe('/v1/ideogram-v3/generate');
		expect(stub.requests[0].rawPath).toBe('/ideogram/v1/ideogram-v3/generate');
		const bearer = await post(stub, '/generate', { image_request: { prompt: 'x' } }, { Authorization: `Bearer ${KEY}` });
		expect(bearer.status).toBe(200);
		const raw = await post(stub, '/generate', { image_request: { prompt: 'x' } }, { Authorization: KEY });
		expect(raw.status).toBe(personality === 'cometapi' ? 200 : 401);
		const apiKey = await post(stub, '/generate', { image_request: { prompt: 'x' } }, { 'Api-Key': KEY });
		expect(apiKey.status).toBe(401);
		if (personality === 'cometapi') {
			expect(apiKey.json).toEqual({ error: { message: expect.any(String), type: 'invalid_request_error' } });
		} else {
			expect(apiKey.json).toEqual({ code: 401, message: expect.any(String), data: null });
		}
		const root = await fetch(`http://127.0.0.1:${stub.port}/v1/ideogram-v3/generate`, {
			method: 'POST',
			headers: { ...auth(personality), 'Content-Type': 'application/json' },
			body: JSON.stringify({ prompt: 'x' }),
		});
		expect(root.status).toBe(404);
	});

	it('validates like the official API, in its own error shape', async () => {
		const r = await post(stub, '/v1/ideogram-v3/generate', form({ prompt: 'x', foo: 'y' }), auth(personality));
		expect(r.status).toBe(400);
		const message = personality === 'kkiai' ? r.json.message : r.json.error.message;
		expect(message).toMatch(/'foo'/);
		if (personality === 'kkiai') expect(r.json).toMatchObject({ code: 400, data: null });
		const unsafe = await post(stub, '/v1/ideogram-v3/generate', form({ prompt: '[[unsafe-prompt]]' }), auth(personality));
		expect(unsafe.status).toBe(422);
		const forced = await post(stub, '/v1/ideogram-v3/generate', form({ prompt: '[[status:500]]' }), auth(personality));
		expect(forced.status).toBe(500);
		if (personality === 'kkiai') expect(forced.json).toMatchObject({ code: 500, data: null });
		else expect(forced.json.error.message).toEqual(expect.any(String));
	});

	it('routes 3.0 inpainting only under its documented /edit name', async () => {
		const r = await post(stub, '/v1/ideogram-v3/inpaint', form({ prompt: 'x' }), auth(personality));
		expect(r.status).toBe(404);
	});

	it('serves result images from the image origin', async () => {
		const r = await post(stub, '/v1/ideogram-v3/generate', form({ prompt: 'x' }), auth(personality));
		const url = r.json.data[0].url as string;
		expect(url.startsWith(`${stub.imageOrigin}/images/`)).toBe(true);
		if (personality === 'kkiai') {
			expect(new URL(stub.imageOrigin).port).not.toBe(String(stub.port));
			const u = new URL(url);
			const onMain = await download(`http://127.0.0.1:${stub.port}${u.pathname}${u.search}`);
			expect(onMain.status).toBe(404);
		} else {
			expect(stub.imageOrigin).toBe(`http://127.0.0.1:${stub.port}`);
		}
		const img = await download(url);
		expect(img.status).toBe(200);
		expect(imageSize(img.buf)).toEqual({ width: 1024, height: 1024 });
		expect(stub.downloads.at(-1)!.headers.authorization).toBeUndefined();
	});
});

describe('cli', () => {
	it('passes the job settings through (the bench sets them on a stub in its own process)', () => {
		expect(parseCliArgs(['--key', 'K', '--job-latency', '1500', '--max-polls-per-10s=1000'])).toEqual({
			apiKey: 'K',
			jobLatencyMs: 1500,
			maxPollsPer10s: 1000,
		});
	});

	it('prints one JSON line, serves, and exits cleanly on SIGTERM', async () => {
		const tsxCli = require.resolve('tsx/cli');
		// eslint-disable-next-line @n8n/community-nodes/no-dangerous-functions -- the CLI must be tested as a real process
		const child = spawn(process.execPath, [tsxCli, path.join(__dirname, 'cli.ts'), '--personality', 'kkiai', '--key', 'K', '--latency', '10'], {
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		try {
			const line = await new Promise<string>((resolve, reject) => {
				const rl = createInterface({ input: child.stdout! });
				rl.once('line', resolve);
				child.once('exit', (code) => reject(new Error(`cli exited early with ${code}`)));
			});
			const info = JSON.parse(line);
			expect(Object.keys(info).sort()).toEqual(['baseUrl', 'controlUrl', 'imageOrigin', 'port']);
			expect(info.baseUrl).toBe(`http://127.0.0.1:${info.port}/ideogram`);
			const r = await fetch(`${info.baseUrl}/v1/ideogram-v3/generate`, {
				method: 'POST',
				headers: { Authorization: 'Bearer K', 'Content-Type': 'application/json' },
				body: JSON.stringify({ prompt: 'x' }),
			});
			expect(r.status).toBe(200);
			expect(((await r.json()) as any).data[0].url.startsWith(info.imageOrigin)).toBe(true);
			const stats = await (await fetch(`${info.controlUrl}/stats`)).json();
			expect(stats).toEqual({ maxInflightSeen: 1, inflight: 0 });
		} finally {
			const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
			child.kill('SIGTERM');
			expect(await exited).toBe(0);
		}
	}, 30_000);
});
