/**
 * The stub's Ideogram 4 routes on v1 and its check of JSON prompts in v2's prompt: as strict as the
 * spec (test/contract/ideogram-v2-openapi.json), so the node's tests can trust a 200.
 */
import { startStub, type IdeogramStub } from './ideogram-stub';
import { makePng } from './png';

const KEY = 'stub-ideogram4-key';
let stub: IdeogramStub;
let reseller: IdeogramStub;
beforeAll(async () => {
	stub = await startStub({ personality: 'official', apiKey: KEY });
	reseller = await startStub({ personality: 'kkiai', apiKey: KEY });
});
afterAll(async () => {
	await stub.close();
	await reseller.close();
});

const prompt = { high_level_description: 'A mug', compositional_deconstruction: { background: 'grey', elements: [{ type: 'obj', desc: 'a mug', bbox: [0, 0, 1000, 1000] }] } };

async function post(path: string, body: object | FormData, target = stub, headers: Record<string, string> = { 'Api-Key': KEY }) {
	const json = !(body instanceof FormData);
	const res = await fetch(target.baseUrl + path, {
		method: 'POST',
		headers: json ? { ...headers, 'Content-Type': 'application/json' } : headers,
		body: json ? JSON.stringify(body) : body,
	});
	return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('/v1/ideogram-v4/generate', () => {
	test.each([
		['text_prompt', { text_prompt: 'a mug' }],
		['json_prompt', { json_prompt: prompt }],
	])('takes %s', async (_what, body) => {
		const res = await post('/v1/ideogram-v4/generate', body);
		expect(res.status).toBe(200);
		expect(res.body).toMatchObject({ created: expect.any(String), data: [expect.objectContaining({ is_image_safe: true })] });
	});

	test.each([
		['both prompts', { text_prompt: 'a mug', json_prompt: prompt }, /exactly one of 'text_prompt' or 'json_prompt'/],
		['neither', { seed: 1 }, /exactly one of/],
		['a bbox of 3', { json_prompt: { ...prompt, compositional_deconstruction: { background: 'g', elements: [{ type: 'obj', desc: 'd', bbox: [1, 2, 3] }] } } }, /bbox/],
		['an unknown element type', { json_prompt: { ...prompt, compositional_deconstruction: { background: 'g', elements: [{ type: 'img', desc: 'd' }] } } }, /elements\[0\]/],
		['an unknown field', { json_prompt: { ...prompt, mood: 'calm' } }, /json_prompt\.mood/],
		['a lowercase rendering speed (v1 takes capitals)', { text_prompt: 'a', rendering_speed: 'turbo' }, /rendering_speed/],
	])('refuses %s with 400', async (_what, body, message) => {
		const res = await post('/v1/ideogram-v4/generate', body);
		expect(res.status).toBe(400);
		expect(JSON.stringify(res.body)).toMatch(message);
	});
});

describe('/v1/ideogram-v4/magic-prompt and /describe', () => {
	test('magic prompt resolves AUTO and echoes a chosen ratio', async () => {
		expect((await post('/v1/ideogram-v4/magic-prompt', { text_prompt: 'a mug' })).body.aspect_ratio).toBe('3x2');
		expect((await post('/v1/ideogram-v4/magic-prompt', { text_prompt: 'a mug', aspect_ratio: '9x16' })).body.aspect_ratio).toBe('9x16');
		expect((await post('/v1/ideogram-v4/magic-prompt', { text_prompt: 'a mug', aspect_ratio: '9:16' })).status).toBe(400);
		expect((await post('/v1/ideogram-v4/magic-prompt', { aspect_ratio: 'AUTO' })).status).toBe(400);
	});

	test('describe takes multipart only, with image_file', async () => {
		const form = new FormData();
		form.append('image_file', new Blob([new Uint8Array(makePng(64, 48))], { type: 'image/png' }), 'a.png');
		form.append('include_tags', 'true');
		const res = await post('/v1/ideogram-v4/describe', form);
		expect(res.status).toBe(200);
		expect((res.body.json_prompt as Record<string, unknown>).tags).toEqual(expect.arrayContaining(['product']));
		expect((await post('/v1/ideogram-v4/describe', { include_bbox: true })).status).toBe(415);
	});

	test('resellers do not route them', async () => {
		const res = await post('/ideogram/v1/ideogram-v4/magic-prompt', { text_prompt: 'a mug' }, reseller, { Authorization: `Bearer ${KEY}` });
		expect(res.status).toBe(404);
	});
});

describe('a JSON prompt in v2’s prompt string', () => {
	test('is held to V4JsonPrompt on the models that take one', async () => {
		expect((await post('/v2/image/generate/ideogram-4', { prompt: JSON.stringify(prompt) })).status).toBe(200);
		const bad = await post('/v2/image/generate/ideogram-4-5', { prompt: JSON.stringify({ ...prompt, high_level_description: 3 }) });
		expect(bad.status).toBe(400);
		expect(JSON.stringify(bad.body)).toMatch(/not a valid JSON prompt.*high_level_description/);
		expect((await post('/v2/image/generate/ideogram-4', { prompt: '{ "high_level_description": ' })).status).toBe(400);
	});

	test('is plain text to a model that takes none', async () => {
		expect((await post('/v2/image/generate/ideogram-3', { prompt: '{ not json' })).status).toBe(200);
	});
});
