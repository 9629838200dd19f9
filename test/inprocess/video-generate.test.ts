/**
 * Video → Generate through n8n's engine against the stub (test/stub/video.ts): the request on the
 * wire for each mode, the job polled and its MP4 streamed into binary data with the type read from
 * its bytes, a job still running at the Timeout, Get Generation of a video job, quotes and the cap,
 * the 403 of a model the organization may not use, and the inputs refused before sending.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { makeMp3Of, makeWav } from '../support/audio';
import { makePng, sha256 } from '../support/images';
import { runIdeogram, type InputItem } from '../support/n8n';
import { useStub } from '../support/useStub';
import { v2ComponentValidator, v2ResponseValidator } from '../stub/schema';
import { loadMoreOpenApi, makeMp4 } from '../stub/video';

const KEY = 'sk-test-video-8d41e07a3c';
const VIDEO_BYTES = 300 * 1024;
const stub = useStub({ apiKey: KEY, latencyMs: 2, jobLatencyMs: 300, videoBytes: VIDEO_BYTES });

jest.setTimeout(60_000);

const credentials = () => ({ provider: 'ideogram', apiKey: KEY, baseUrl: stub.baseUrl });
const posts = () => stub.requests.filter((r) => r.method === 'POST' && !r.dryRun);
const polls = () => stub.requests.filter((r) => r.method === 'GET');

const video = (parameters: IDataObject = {}, additionalFields: IDataObject = {}, options: IDataObject = {}) => ({
	resource: 'video',
	operation: 'generate',
	prompt: 'A red fox running through snow at dawn',
	additionalFields,
	options,
	...parameters,
});

const run = (parameters: IDataObject, opts: { items?: InputItem[]; continueOnFail?: boolean } = {}) =>
	runIdeogram({ parameters, typeVersion: 2, credentials: credentials(), items: opts.items, continueOnFail: opts.continueOnFail });

const errorOf = (items: INodeExecutionData[] | undefined) => items?.[0]?.json as IDataObject;
/** The MP4 the stub served for a video link: its bytes come from the link's id. */
const servedMp4 = (url: string) => makeMp4(VIDEO_BYTES, /\/videos\/([A-Za-z0-9_-]+)\.mp4/.exec(url)![1]);

describe('text to video', () => {
	test('Seedance 2.5 by default: one JSON request without `async`, polled, the MP4 streamed into binary data', async () => {
		const result = await run(video({}, { duration: 8, resolution: '1080p', aspectRatio: '21x9', generateAudio: true }));
		expect(result.error).toBeUndefined();
		expect(posts()).toHaveLength(1);
		const [sent] = posts();
		expect(sent.path).toBe('/v2/video/generate/seedance-2-5-text-to-video');
		expect(sent.json).toEqual({ prompt: 'A red fox running through snow at dawn', duration: 8, resolution: '1080p', aspect_ratio: '21x9', generate_audio: true });
		// Accepted at once, as the spec's acknowledgement: {created, generation_id}.
		const ack = loadMoreOpenApi().components.schemas.GenerateVideoSeedDance25Response;
		expect(Object.keys(sent.response as IDataObject).sort()).toEqual(Object.keys(ack.properties).sort());
		expect(polls().length).toBeGreaterThanOrEqual(1);

		expect(result.output).toHaveLength(1);
		const [item] = result.output!;
		const generationId = (sent.response as IDataObject).generation_id;
		expect(item.json).toEqual({
			url: expect.stringMatching(/\/videos\/.+\.mp4\?exp=/),
			prompt: 'A red fox running through snow at dawn',
			duration: 8,
			resolution: '1080p',
			aspect_ratio: '21:9',
			generation_id: generationId,
			object_type: 'video.generation',
			index: 0,
		});
		// The completed job's answer is what Ideogram documents for GET /v2/generations/{id}.
		const answer = polls().at(-1)!;
		expect((answer.response as IDataObject).status).toBe('completed');
		const generation = v2ResponseValidator('/v2/generations/{generation_id}');
		expect([generation(answer.response), generation.errors ?? null]).toEqual([true, null]);

		// The type comes from the bytes (the answer names none); the file is on disk (filesystem mode), whole.
		const binary = item.binary!.data;
		expect(binary.mimeType).toBe('video/mp4');
		expect(binary.fileName).toBe(`ideogram-${String(generationId)}-1.mp4`);
		expect(binary.id).toMatch(/^filesystem/);
		const bytes = await result.getBinary(item);
		expect(bytes.toString('latin1', 4, 8)).toBe('ftyp');
		expect(sha256(bytes)).toBe(sha256(servedMp4(String(item.json.url))));
		expect(stub.downloads).toHaveLength(1);
		expect(stub.downloads[0].headers['api-key']).toBeUndefined();
	});

	test('MiniMax H3 and Kling 3 Standard reach their own endpoints with their own fields', async () => {
		await run(video({ model: 'minimax-h3' }, { resolution: '4K', duration: 10, aspectRatio: '9x16' }, { downloadVideos: false }));
		await run(video({ model: 'kling-3-standard' }, { cfgScale: 0.7, shotType: 'intelligent', negativePrompt: 'blur', aspectRatio: '1x1' }, { downloadVideos: false }));
		expect(posts().map((r) => [r.path, r.json])).toEqual([
			['/v2/video/generate/minimax-h3-text-to-video', { prompt: 'A red fox running through snow at dawn', resolution: '4K', duration: 10, aspect_ratio: '9x16' }],
			['/v2/video/generate/kling-3-standard-text-to-video', { prompt: 'A red fox running through snow at dawn', cfg_scale: 0.7, shot_type: 'intelligent', negative_prompt: 'blur', aspect_ratio: '1x1' }],
		]);
		// Download Videos off: links only.
		expect(stub.downloads).toHaveLength(0);
	});

	test('a typed-in model slug gets the mode added, and its fields go as they are', async () => {
		const result = await run(video({ model: 'other', modelSlug: 'seedance-2' }, { duration: 5 }, { downloadVideos: false }));
		expect(result.error).toBeUndefined();
		expect(posts()[0].path).toBe('/v2/video/generate/seedance-2-text-to-video');
	});
});

describe('image and references to video', () => {
	const frame = makePng(640, 360);
	const last = makePng(640, 360, { seed: 2 });

	test('image to video from a binary field, with an end image: multipart, the files byte for byte', async () => {
		const items: InputItem[] = [{ binary: { data: { data: frame, mimeType: 'application/octet-stream', fileName: 'first.png' }, last: { data: last, fileName: 'last.png' } } }];
		const result = await run(video({ mode: 'image', model: 'kling-3-standard', image: 'data', endImage: 'last' }, { duration: 5 }), { items });
		expect(result.error).toBeUndefined();
		const [sent] = posts();
		expect(sent.path).toBe('/v2/video/generate/kling-3-standard-image-to-video');
		expect(sent.contentType).toBe('multipart');
		expect(sent.fields).toEqual({ prompt: ['A red fox running through snow at dawn'], duration: ['5'] });
		expect(sent.files?.map((f) => [f.field, f.contentType, f.sha256])).toEqual([
			['image', 'image/png', sha256(frame)],
			['end_image', 'image/png', sha256(last)],
		]);
		// The video takes the first frame's shape.
		expect(result.output?.[0].json.aspect_ratio).toBe('16:9');
		expect(result.output?.[0].binary?.data.mimeType).toBe('video/mp4');
	});

	test('references: images and audio (MP3, WAV) as repeated parts with their real types', async () => {
		const items: InputItem[] = [
			// Declared types are what n8n sources often say; the node reads the bytes.
			{ binary: { a: { data: frame, mimeType: 'image/png' }, b: { data: last, mimeType: 'image/png' }, voice: { data: makeWav(2), fileName: 'voice.bin' }, music: { data: makeMp3Of({ seconds: 6, id3: 0 }), mimeType: 'application/octet-stream' } } },
		];
		const parameters = video({ mode: 'reference', model: 'seedance-2', videoReferenceImages: 'a, b', referenceAudio: 'voice, music', prompt: '@Image1 meets @Image2, @Audio1' }, {}, { downloadVideos: false });
		const result = await run(parameters, { items });
		expect(result.error).toBeUndefined();
		const [sent] = posts();
		expect(sent.path).toBe('/v2/video/generate/seedance-2-reference-to-video');
		expect(sent.files?.map((f) => [f.field, f.contentType, f.filename])).toEqual([
			['reference_images', 'image/png', 'reference_images-1.png'],
			['reference_images', 'image/png', 'reference_images-2.png'],
			['reference_audios', 'audio/wav', 'voice.wav'],
			['reference_audios', 'audio/mpeg', 'reference_audios-2.mp3'],
		]);
	});
});

describe('reference audio lengths (the spec’s, per model), checked before sending', () => {
	const images = { a: { data: makePng(64, 64), mimeType: 'image/png' } };
	const references = (model: string, audio: Record<string, Buffer>, extra: IDataObject = {}) =>
		run(video({ mode: 'reference', model, videoReferenceImages: 'a', referenceAudio: Object.keys(audio).join(', '), ...extra }, {}, { downloadVideos: false }), {
			items: [{ binary: { ...images, ...Object.fromEntries(Object.entries(audio).map(([name, data]) => [name, { data, mimeType: 'audio/mpeg' }])) } }],
		});

	test('a file too short: its position, field, length, the model and the range, and nothing sent', async () => {
		const result = await references('seedance-2-5', { voice: makeWav(3), blip: makeMp3Of({ frames: 40 }) });
		expect(result.error?.message).toBe('Reference Audio file 2 of 2 (binary field "blip") is 1.04 s long; Seedance 2.5 (reference to video) takes 2 to 30 s per file');
		expect(result.error?.description).toBe('Use a clip of at least 2 s in its place, or leave this file out of "Reference Audio".');
		expect(stub.requests).toHaveLength(0);
	});

	test('Price Quote Only reads the files first: no quote for audio Ideogram would refuse', async () => {
		const result = await run(video({ mode: 'reference', videoReferenceImages: 'a', referenceAudio: 'voice' }, {}, { priceQuoteOnly: true }), {
			items: [{ binary: { ...images, voice: { data: makeWav(31), mimeType: 'audio/wav' } } }],
		});
		expect(result.error?.message).toBe('Reference Audio file 1 of 1 (binary field "voice") is 31 s long; Seedance 2.5 (reference to video) takes 2 to 30 s per file');
		expect(stub.requests).toHaveLength(0);
	});

	test('files too long together (each within its range): the total, each file, the model’s most, and nothing sent', async () => {
		const result = await references('seedance-2', { voice: makeWav(10), music: makeMp3Of({ frames: 250, sampleRate: 48000, id3: 12 }) });
		expect(result.error?.message).toBe(
			'Reference Audio files last 16 s together (binary field "voice": 10 s, binary field "music": 6 s); Seedance 2 (reference to video) takes at most 15 s for all of them together',
		);
		expect(result.error?.description).toBe('Use fewer or shorter clips in "Reference Audio", so that together they last at most 15 s.');
		expect(stub.requests).toHaveLength(0);
	});

	test('a valid set on the edges (exactly 2 s, and exactly 15 s in all) reaches the wire byte for byte', async () => {
		const shortest = makeWav(2);
		const vbr = makeMp3Of({ frames: 375, sampleRate: 48000, kbps: [64, 192, 320], header: 'Xing', id3: 40 }); // 9 s
		const rest = makeWav(4);
		const result = await references('minimax-h3', { shortest, vbr, rest }, { prompt: 'Image 1 sings Audio 1, Audio 2, Audio 3' });
		expect(result.error).toBeUndefined();
		const [sent] = posts();
		expect(sent.path).toBe('/v2/video/generate/minimax-h3-reference-to-video');
		expect(sent.files?.filter((f) => f.field === 'reference_audios').map((f) => [f.contentType, f.sha256])).toEqual([
			['audio/wav', sha256(shortest)],
			['audio/mpeg', sha256(vbr)],
			['audio/wav', sha256(rest)],
		]);
		expect(result.output?.[0].json.generation_id).toEqual(expect.any(String));
	});
});

describe('jobs', () => {
	test('a job still running at the Timeout is reported with its id, never sent again', async () => {
		const result = await run(video({ prompt: 'Takes forever [[job-slow]]' }, {}, { timeout: 1.5 }), { continueOnFail: true });
		const error = errorOf(result.output);
		expect(error.error).toBe('The job was still running at Ideogram after 1.5 s (the Timeout option); it was not sent again');
		expect(error.generation_id).toBe((posts()[0].response as IDataObject).generation_id);
		expect(String(error.description)).toMatch(/Get Generation/);
		expect(posts()).toHaveLength(1);
		expect(polls().length).toBeGreaterThanOrEqual(1);
	});

	test('Wait for Completion off, then Image → Get Generation collects the video', async () => {
		const sent = await run(video({}, {}, { waitForCompletion: false }));
		expect(sent.output?.map((i) => i.json)).toEqual([{ generation_id: expect.any(String), status: 'pending', created: expect.any(String) }]);
		expect(polls()).toHaveLength(0);
		const id = String(sent.output![0].json.generation_id);
		const collected = await run({ resource: 'imageV2', operation: 'getGeneration', generationId: id, options: {} });
		expect(collected.error).toBeUndefined();
		expect(collected.output).toHaveLength(1);
		const [item] = collected.output!;
		expect(item.json).toMatchObject({ generation_id: id, object_type: 'video.generation', duration: 5, resolution: '720p', aspect_ratio: '16:9' });
		expect(item.binary?.data.mimeType).toBe('video/mp4');
		expect(sha256(await collected.getBinary(item))).toBe(sha256(servedMp4(String(item.json.url))));
		expect(posts()).toHaveLength(1);
	});

	test('a webhook URL goes to Ideogram with the job', async () => {
		await run(video({}, {}, { waitForCompletion: false, webhookUrl: 'https://hooks.example.com/ideogram' }));
		expect(posts()[0].json).toMatchObject({ webhook_url: 'https://hooks.example.com/ideogram' });
		expect(posts()[0].json).not.toHaveProperty('async');
	});

	test('a download that breaks off half-way is the item’s error, with the job’s link kept; the video is not made again', async () => {
		stub.inject({ kind: 'image-truncated', path: '/videos/' });
		const result = await run(video(), { continueOnFail: true });
		const error = errorOf(result.output);
		expect(String(error.error)).toMatch(/^The video \(http:\/\/127\.0\.0\.1:\d+\/videos\/[A-Za-z0-9_-]+\.mp4\) could not be downloaded: /);
		expect(error.images).toEqual([expect.objectContaining({ object_type: 'video.generation', url: expect.stringContaining('/videos/') })]);
		expect(posts()).toHaveLength(1);
	});
});

describe('costs', () => {
	test('Price Quote Only: the quote of the exact request, nothing generated', async () => {
		const result = await run(video({ model: 'seedance-2' }, { duration: 10, resolution: '480p' }, { priceQuoteOnly: true }));
		expect(result.output?.map((i) => i.json)).toEqual([
			{
				usd: '0.480000',
				usd_micros: 480_000,
				credits: '48.000',
				credit_millis: 48_000,
				qualifier: 'exact',
				billing_identifier: 'seedance_2_text_to_video',
				quantity: 10,
				endpoint: '/v2/video/generate/seedance-2-text-to-video',
			},
		]);
		expect(stub.requests).toHaveLength(1);
		expect(stub.requests[0].rawPath).toBe('/v2/video/generate/seedance-2-text-to-video?dry_run=true');
		const validate = v2ComponentValidator('PriceQuote');
		expect([validate(stub.requests[0].response), validate.errors ?? null]).toEqual([true, null]);
	});

	test('Max Spend: an item over the cap is refused unsent; one under it is made and carries its cost', async () => {
		// Seedance 2.5 at 720p: $0.10 a second in the stub's table.
		const over = await run(video({}, { duration: 10 }, { maxSpendUsd: 0.5 }));
		expect(over.error?.message).toBe('Max Spend per Execution of $0.500000 would be crossed: $0.000000 is already committed in this execution, and this item costs $1.000000');
		expect(posts()).toHaveLength(0);
		const under = await run(video({}, { duration: 4 }, { maxSpendUsd: 0.5, downloadVideos: false }));
		expect(under.error).toBeUndefined();
		expect(under.output?.[0].json.cost).toEqual({ usd: '0.400000', usd_micros: 400_000, source: 'quote', qualifier: 'exact' });
		expect(posts()).toHaveLength(1);
	});

	test('without a duration Seedance picks one: the estimate’s upper bound (its longest video) counts against the cap', async () => {
		const result = await run(video({}, {}, { maxSpendUsd: 2 }));
		expect(result.error?.message).toBe('Max Spend per Execution of $2.000000 would be crossed: $0.000000 is already committed in this execution, and this item costs up to $3.000000 (an estimate; its upper bound counts)');
		expect(posts()).toHaveLength(0);
	});
});

describe('errors', () => {
	test('a model the organization may not use: the 403 names the model and what to do', async () => {
		const result = await run(video({ prompt: 'x [[no-model-access]]', model: 'minimax-h3' }));
		expect(result.error?.message).toBe('Your Ideogram organization has no access to the model minimax-h3-text-to-video (HTTP 403); not retried');
		expect(result.error?.description).toMatch(/^The API key was accepted, but the organization it belongs to may not use the model minimax-h3-text-to-video: .*Ask your Ideogram organization's admin, or Ideogram \(partnership@ideogram\.ai\), to enable it, or pick another model\./);
		expect(result.error?.httpCode).toBe('403');
		expect(posts()).toHaveLength(1);
	});
});

describe('refused before sending', () => {
	test.each([
		['a duration outside the model’s range', video({ model: 'seedance-2' }, { duration: 20 }), 'Additional Fields → Duration (Seconds) is 20 s, but Seedance 2 (text to video) makes videos of 4 to 15 s'],
		['a field the model does not take', video({ model: 'minimax-h3' }, { generateAudio: true }), 'Additional Fields → Generate Audio is not taken by MiniMax H3 (text to video)'],
		['an aspect ratio from an image with Seedance 2.5', video({ mode: 'image' }, { aspectRatio: '16x9' }), 'Additional Fields → Aspect Ratio is not taken by Seedance 2.5 (image to video)'],
		['a resolution of another model', video({ model: 'seedance-2' }, { resolution: '1080p' }), 'Additional Fields → Resolution "1080p" is not one of the values Seedance 2 (text to video) takes'],
		['a mode the model lacks', video({ mode: 'reference', model: 'kling-3-standard' }), 'Kling 3 Standard does not make videos from references'],
		['a prompt over 2,000 characters', video({ prompt: 'x'.repeat(2001) }), 'Prompt is 2001 characters long; this endpoint takes at most 2000'],
	])('%s', async (_what, parameters, message) => {
		const result = await run(parameters);
		expect(result.error?.message).toBe(message);
		expect(stub.requests).toHaveLength(0);
	});

	test('a missing first frame', async () => {
		const result = await run(video({ mode: 'image', image: 'data' }));
		expect(result.error?.message).toBe('Image names the binary field "data", but this item has no such field');
		expect(stub.requests).toHaveLength(0);
	});

	test('Seedance from references without a reference image', async () => {
		const result = await run(video({ mode: 'reference', videoReferenceImages: '' }));
		expect(result.error?.message).toBe('Seedance 2.5 needs Reference Images to make a video from references');
		expect(stub.requests).toHaveLength(0);
	});

	test('audio that is not MP3 or WAV, checked by its bytes', async () => {
		const items: InputItem[] = [{ binary: { a: { data: makePng(64, 64), mimeType: 'image/png' }, voice: { data: makePng(32, 32), mimeType: 'audio/mpeg', fileName: 'voice.mp3' } } }];
		const result = await run(video({ mode: 'reference', videoReferenceImages: 'a', referenceAudio: 'voice' }), { items });
		expect(result.error?.message).toBe('Reference Audio file (binary field "voice") is a PNG image, not an MP3 or WAV audio file');
		expect(stub.requests).toHaveLength(0);
	});

	test('audio without a reference image (MiniMax takes references optionally, but not audio alone)', async () => {
		const items: InputItem[] = [{ binary: { voice: { data: makeWav(2), mimeType: 'audio/wav' } } }];
		const result = await run(video({ mode: 'reference', model: 'minimax-h3', referenceAudio: 'voice' }), { items });
		expect(result.error?.message).toBe('Reference Audio needs a reference image beside it');
		expect(stub.requests).toHaveLength(0);
	});

	test('a reseller credential', async () => {
		const result = await runIdeogram({ parameters: video(), typeVersion: 2, credentials: { provider: 'cometapi', apiKey: KEY, baseUrl: stub.baseUrl } });
		expect(result.error?.message).toBe("Generate (Ideogram's video API) works only with Ideogram's own API, not with CometAPI");
		expect(stub.requests).toHaveLength(0);
	});
});
