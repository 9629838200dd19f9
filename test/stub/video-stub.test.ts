/**
 * The stub's video routes (./video.ts): as strict as the spec extract
 * (test/contract/ideogram-v2-more-openapi.json), answering jobs with real MP4 bytes, quotes and
 * the 403 of a model the organization may not use, so the node's tests can trust what they see.
 */
import { makeMp3, makeWav } from '../support/audio';
import { startStub, type IdeogramStub } from './ideogram-stub';
import { makePng } from './png';
import { v2ComponentValidator, v2ResponseValidator } from './schema';
import { NO_MODEL_ACCESS } from './video';

const KEY = 'stub-video-key';
let stub: IdeogramStub;
beforeAll(async () => {
	stub = await startStub({ personality: 'official', apiKey: KEY, jobLatencyMs: 50, videoBytes: 100_000 });
});
afterAll(async () => stub.close());

const T2V = '/v2/video/generate/seedance-2-5-text-to-video';

async function post(path: string, body: object | FormData, query = '') {
	const json = !(body instanceof FormData);
	const res = await fetch(`${stub.baseUrl}${path}${query}`, {
		method: 'POST',
		headers: json ? { 'Api-Key': KEY, 'Content-Type': 'application/json' } : { 'Api-Key': KEY },
		body: json ? JSON.stringify(body) : body,
	});
	return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function finished(id: string): Promise<Record<string, unknown>> {
	for (;;) {
		const res = await fetch(`${stub.baseUrl}/v2/generations/${id}`, { headers: { 'Api-Key': KEY } });
		const body = (await res.json()) as Record<string, unknown>;
		if (body.status !== 'pending') return body;
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

const form = (fields: Record<string, string>, files: Array<[string, Buffer, string, string]>) => {
	const data = new FormData();
	for (const [k, v] of Object.entries(fields)) data.append(k, v);
	for (const [field, bytes, type, name] of files) data.append(field, new Blob([new Uint8Array(bytes)], { type }), name);
	return data;
};

test('a text-to-video job: accepted as {created, generation_id}, then a VideoObject whose link serves an MP4', async () => {
	const accepted = await post(T2V, { prompt: 'A fox', duration: 6, resolution: '1080p', aspect_ratio: '9x16', generate_audio: true });
	expect(accepted.status).toBe(200);
	expect(Object.keys(accepted.body).sort()).toEqual(['created', 'generation_id']);
	const done = await finished(String(accepted.body.generation_id));
	const validate = v2ResponseValidator('/v2/generations/{generation_id}');
	expect([validate(done), validate.errors ?? null]).toEqual([true, null]);
	const [video] = done.data as Array<Record<string, unknown>>;
	expect(video).toMatchObject({ prompt: 'A fox', duration: 6, resolution: '1080p', aspect_ratio: '9:16', object_type: 'video.generation' });
	const file = await fetch(String(video.url));
	expect(file.headers.get('content-type')).toBe('video/mp4');
	const bytes = Buffer.from(await file.arrayBuffer());
	expect(bytes.length).toBe(100_000);
	expect(bytes.toString('latin1', 4, 12)).toBe('ftypisom');
	// The link is signed: another signature is refused.
	expect((await fetch(String(video.url).replace(/sig=[0-9a-f]+/, 'sig=00'))).status).toBe(403);
});

test.each([
	['an unknown field', T2V, { prompt: 'x', num_images: 2 }, /Unknown field 'num_images'/],
	['an enum value of another model', T2V, { prompt: 'x', resolution: '4K' }, /resolution/],
	['a duration out of range', '/v2/video/generate/seedance-2-text-to-video', { prompt: 'x', duration: 20 }, /duration/],
	['`async`, which video endpoints do not have', T2V, { prompt: 'x', async: true }, /Unknown field 'async'/],
	['aspect_ratio on Seedance 2.5 from an image', '/v2/video/generate/seedance-2-5-image-to-video', { prompt: 'x', aspect_ratio: '16x9' }, /aspect_ratio/],
	['generate_audio on MiniMax', '/v2/video/generate/minimax-h3-text-to-video', { prompt: 'x', generate_audio: true }, /generate_audio/],
	['an empty prompt', T2V, { prompt: ' ' }, /must not be empty/],
])('refuses %s with 400', async (_what, path, body, message) => {
	const res = await post(path, body);
	expect(res.status).toBe(400);
	expect(JSON.stringify(res.body)).toMatch(message);
});

describe('files', () => {
	const png = makePng(640, 360);

	test('image to video takes a first frame and an end image (multipart), and the video takes the frame’s shape', async () => {
		const res = await post('/v2/video/generate/kling-3-standard-image-to-video', form({ prompt: 'x' }, [['image', png, 'image/png', 'a.png'], ['end_image', png, 'image/png', 'b.png']]));
		expect(res.status).toBe(200);
		const done = await finished(String(res.body.generation_id));
		expect((done.data as Array<Record<string, unknown>>)[0].aspect_ratio).toBe('16:9');
	});

	test('image to video without a first frame is refused', async () => {
		const res = await post('/v2/video/generate/kling-3-standard-image-to-video', { prompt: 'x' });
		expect([res.status, res.body.error]).toEqual([400, "'image' or 'image_asset_identifier' is required"]);
	});

	test('references take images and MP3/WAV audio; audio must be audio, and needs an image', async () => {
		const path = '/v2/video/generate/seedance-2-reference-to-video';
		const ok = await post(path, form({ prompt: '@Image1 @Audio1' }, [['reference_images', png, 'image/png', 'a.png'], ['reference_audios', makeWav(2), 'audio/wav', 'a.wav'], ['reference_audios', makeMp3(), 'audio/mpeg', 'b.mp3']]));
		expect(ok.status).toBe(200);
		const notAudio = await post(path, form({ prompt: 'x' }, [['reference_images', png, 'image/png', 'a.png'], ['reference_audios', png, 'audio/mpeg', 'a.mp3']]));
		expect([notAudio.status, notAudio.body.error]).toEqual([400, "File 'reference_audios' (Content-Type audio/mpeg) is not MP3 or WAV audio"]);
		const noImage = await post('/v2/video/generate/minimax-h3-reference-to-video', form({ prompt: 'x' }, [['reference_audios', makeWav(2), 'audio/wav', 'a.wav']]));
		expect([noImage.status, noImage.body.error]).toEqual([400, "'reference_audios' requires a reference image"]);
		const none = await post(path, { prompt: 'x' });
		expect(none.status).toBe(400);
		expect(String(none.body.error)).toMatch(/needs at least one reference image/);
		// Four audio references where Seedance 2 takes three.
		const four = await post(path, form({ prompt: 'x' }, [['reference_images', png, 'image/png', 'a.png'], ...Array.from({ length: 4 }, (_, i): [string, Buffer, string, string] => ['reference_audios', makeWav(2), 'audio/wav', `${i}.wav`])]));
		expect(four.status).toBe(400);
		expect(String(four.body.error)).toMatch(/reference_audios/);
	});

	test('images up to 50 MB (not the image endpoints’ 10 MB)', async () => {
		const big = Buffer.concat([png, Buffer.alloc(12 * 1024 * 1024)]);
		const res = await post('/v2/video/generate/minimax-h3-image-to-video', form({ prompt: 'x' }, [['image', big, 'image/png', 'big.png']]));
		expect(res.status).toBe(200);
	});
});

test('quotes: per second, an estimate up to the model’s longest video when the model picks the length', async () => {
	const exact = await post(T2V, { prompt: 'x', duration: 10 }, '?dry_run=true');
	const validate = v2ComponentValidator('PriceQuote');
	expect([validate(exact.body), validate.errors ?? null]).toEqual([true, null]);
	expect(exact.body).toMatchObject({ usd_micros: 1_000_000, quantity: 10, qualifier: 'exact', billing_identifier: 'seedance_2_5_text_to_video' });
	const picked = await post(T2V, { prompt: 'x' }, '?dry_run=true');
	expect(picked.body).toMatchObject({ qualifier: 'estimate', upper_bound_usd_micros: 3_000_000 });
	expect(stub.requests.filter((r) => r.dryRun && r.status === 200)).toHaveLength(2);
});

test('the 403 of a model the organization may not use', async () => {
	const res = await post('/v2/video/generate/minimax-h3-text-to-video', { prompt: 'x [[no-model-access]]' });
	expect([res.status, res.body]).toEqual([403, { detail: NO_MODEL_ACCESS }]);
});

describe('edit, living image and product 360: asset identifiers (JSON)', () => {
	const asset = { asset_id: '7uS_VESkRI6O3-sVgHQp_A', asset_type: 'RESPONSE' };

	test('living image: an MP4 of its default 8 s; quality high is 2K', async () => {
		const res = await post('/v2/tool/living-image', { image_asset_identifier: asset, quality: 'high' });
		expect(Object.keys(res.body).sort()).toEqual(['created', 'generation_id']);
		const done = await finished(String(res.body.generation_id));
		expect((done.data as Array<Record<string, unknown>>)[0]).toMatchObject({ duration: 8, resolution: '2K', object_type: 'video.generation' });
	});

	test.each([
		['living image without its asset', '/v2/tool/living-image', {}, /image_asset_identifier/],
		['an unknown asset type', '/v2/tool/living-image', { image_asset_identifier: { asset_id: 'x', asset_type: 'IMAGE' } }, /asset_type/],
		['a webhook where the tool takes none', '/v2/tool/product-360-video', { image_asset_identifier: asset, direction: 'clockwise', webhook_url: 'https://h.example.com' }, /webhook_url/],
		['product 360 without a direction', '/v2/tool/product-360-video', { image_asset_identifier: asset }, /direction/],
		['an edit whose span ends before it starts', '/v2/video/edit/seedance-2', { prompt: 'x', video_asset_identifier: asset, start_frame_time: 3, end_frame_time: 2 }, /must come after 'start_frame_time'/],
		['an edit anchored at neither end', '/v2/video/edit/seedance-2', { prompt: 'x', video_asset_identifier: asset, start_frame_time: 1, end_frame_time: 2, is_start_frame_included: false }, /at least one of/],
	])('refuses %s', async (_what, path, body, message) => {
		const res = await post(path, body);
		expect(res.status).toBe(400);
		expect(JSON.stringify(res.body)).toMatch(message);
	});

	test('quotes: the tools per second; Living Image is exact at its default length', async () => {
		const living = await post('/v2/tool/living-image', { image_asset_identifier: asset }, '?dry_run=true');
		expect(living.body).toMatchObject({ usd_micros: 320_000, quantity: 8, qualifier: 'exact', billing_identifier: 'living_image_tool' });
		const edit = await post('/v2/video/edit/seedance-2', { prompt: 'x', video_asset_identifier: asset, start_frame_time: 1, end_frame_time: 2 }, '?dry_run=true');
		expect(edit.body).toMatchObject({ qualifier: 'estimate', billing_identifier: 'seedance_2_edit', upper_bound_usd_micros: 1_200_000 });
	});
});

test('the vectorizer: an image in (multipart, up to 50 MB), a job whose result is an SVG of the image’s size', async () => {
	const res = await post('/v2/tool/vectorizer', form({ private: 'true' }, [['image', makePng(300, 200), 'image/png', 'logo.png']]));
	expect([res.status, Object.keys(res.body)]).toEqual([200, ['generation_id']]);
	const done = await finished(String(res.body.generation_id));
	const validate = v2ResponseValidator('/v2/generations/{generation_id}');
	expect([validate(done), validate.errors ?? null]).toEqual([true, null]);
	const [svg] = done.data as Array<Record<string, unknown>>;
	expect(svg).toMatchObject({ object_type: 'svg.generation', mime_type: 'image/svg+xml', width: 300, height: 200 });
	const file = await fetch(String(svg.url));
	expect(file.headers.get('content-type')).toBe('image/svg+xml');
	expect(await file.text()).toMatch(/^<\?xml[^>]*>\n<svg [^>]*width="300" height="200"/);
	expect((await post('/v2/tool/vectorizer', { private: true })).status).toBe(400);
});

test('Replace Background with GPT Image 2 (second extract): a job with images; its own fields only', async () => {
	const path = '/v2/image/replace-background/gpt-image-2';
	const png = makePng(320, 240);
	const ok = await post(path, form({ prompt: 'a beach', quality: 'low', num_images: '2' }, [['image', png, 'image/png', 'a.png']]));
	expect([ok.status, Object.keys(ok.body).includes('data')]).toEqual([200, false]);
	const done = await finished(String(ok.body.generation_id));
	expect((done.data as unknown[]).length).toBe(2);
	const speed = await post(path, form({ prompt: 'a beach', rendering_speed: 'turbo' }, [['image', png, 'image/png', 'a.png']]));
	expect([speed.status, speed.body.error]).toEqual([400, "Unknown field 'rendering_speed': this endpoint does not accept it"]);
	const veryLow = await post(path, form({ prompt: 'a beach', quality: 'very_low' }, [['image', png, 'image/png', 'a.png']]));
	expect(veryLow.status).toBe(400);
});

test('with a bandwidth, a video is served whole through the throttled writer; POST /__stub/video-bytes sizes the next jobs’ videos', async () => {
	const paced = await startStub({ personality: 'official', apiKey: KEY, jobLatencyMs: 10, videoBytes: 100_000, bandwidthBytesPerSec: 10_000_000 });
	try {
		const videoOf = async () => {
			const res = await fetch(`${paced.baseUrl}${T2V}`, { method: 'POST', headers: { 'Api-Key': KEY, 'Content-Type': 'application/json' }, body: JSON.stringify({ prompt: 'A fox' }) });
			const { generation_id } = (await res.json()) as { generation_id: string };
			for (;;) {
				const body = (await (await fetch(`${paced.baseUrl}/v2/generations/${generation_id}`, { headers: { 'Api-Key': KEY } })).json()) as Record<string, unknown>;
				if (body.status !== 'pending') return Buffer.from(await (await fetch(String((body.data as Array<{ url: string }>)[0].url))).arrayBuffer());
				await new Promise((resolve) => setTimeout(resolve, 10));
			}
		};
		const first = await videoOf();
		expect([first.length, first.toString('latin1', 4, 12)]).toEqual([100_000, 'ftypisom']);
		const resize = (bytes: unknown) => fetch(`${paced.controlUrl}/video-bytes`, { method: 'POST', body: JSON.stringify({ bytes }) });
		expect((await resize(250_000)).status).toBe(200);
		expect((await videoOf()).length).toBe(250_000);
		expect((await resize(10)).status).toBe(400);
		expect(paced.downloads.map((d) => [d.status, d.bytes])).toEqual([
			[200, 100_000],
			[200, 250_000],
		]);
	} finally {
		await paced.close();
	}
});

test('POST /__stub/video-job-latency keeps video jobs pending that long; image jobs keep the stub’s own job latency', async () => {
	const timed = await startStub({ personality: 'official', apiKey: KEY, jobLatencyMs: 0, videoBytes: 100_000 });
	try {
		const submit = async (path: string, body: object) => {
			const res = await fetch(`${timed.baseUrl}${path}`, { method: 'POST', headers: { 'Api-Key': KEY, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
			return ((await res.json()) as { generation_id: string }).generation_id;
		};
		const status = async (id: string) => ((await (await fetch(`${timed.baseUrl}/v2/generations/${id}`, { headers: { 'Api-Key': KEY } })).json()) as { status: string }).status;
		const setLatency = (ms: unknown) => fetch(`${timed.controlUrl}/video-job-latency`, { method: 'POST', body: JSON.stringify({ ms }) });
		expect((await setLatency(3_600_000)).status).toBe(200);
		expect((await setLatency(-1)).status).toBe(400);
		const video = await submit(T2V, { prompt: 'A fox' });
		const image = await submit('/v2/image/generate/ideogram-4', { prompt: 'A fox', async: true });
		await new Promise((resolve) => setTimeout(resolve, 20));
		expect([await status(video), await status(image)]).toEqual(['pending', 'completed']);
	} finally {
		await timed.close();
	}
});
