/**
 * Ideogram 4's JSON prompts on v2 Generate, through n8n's engine against the stub. v2 takes the JSON
 * prompt serialized into `prompt`; the stub holds such a prompt to the spec's V4JsonPrompt schema,
 * so a request it answers 200 carried a JSON prompt Ideogram would read.
 */
import type { IDataObject } from 'n8n-workflow';

import { runIdeogram, type InputItem } from '../support/n8n';
import { useStub } from '../support/useStub';

const KEY = 'sk-test-v2-json-prompt-51c0e9';
const official = useStub({ apiKey: KEY, latencyMs: 2 });
const credentials = () => ({ provider: 'ideogram', apiKey: KEY, baseUrl: official.baseUrl });

const jsonPrompt = () => ({
	high_level_description: 'A studio product photo of a ceramic mug',
	style_description: { medium: 'photograph', lighting: 'soft window light from the left' },
	compositional_deconstruction: {
		background: 'a plain warm grey wall and an oak table top',
		elements: [
			{ type: 'obj', desc: 'a matte teal ceramic mug with a round handle', bbox: [300, 250, 850, 700], color_palette: ['#1B3A4B'] },
			{ type: 'text', text: 'MORNING', desc: 'small white serif letters printed on the mug', bbox: [480, 380, 560, 560] },
		],
	},
});

const TEXT = 'A ceramic mug on an oak table, the word "MORNING" on it';

const generate = (extra: IDataObject) => ({
	resource: 'imageV2',
	operation: 'generate',
	model: 'ideogram-4',
	additionalFields: {},
	...extra,
});

const run = (parameters: IDataObject, items?: InputItem[]) =>
	runIdeogram({ parameters, typeVersion: 2, credentials: credentials(), items });

/** The generation requests (v2 Generate runs as a job: its polls of GET /v2/generations/{id} left out). */
const posts = () => official.requests.filter((r) => r.method === 'POST');
const sentPrompt = () => (posts()[0].json as IDataObject).prompt;

describe('the text prompt is sent as before', () => {
	test.each([
		['Prompt Type left out', {}],
		['Prompt Type Text', { promptType: 'text' }],
	])('%s', async (_what, extra) => {
		const result = await run(generate({ prompt: TEXT, ...extra }));
		expect(result.error).toBeUndefined();
		expect(posts()[0].json).toEqual({ prompt: TEXT, async: true });
		expect(posts()[0].status).toBe(200);
	});
});

describe('a JSON prompt goes into prompt, serialized', () => {
	test.each(['ideogram-4', 'ideogram-4-5', 'ideogram-4-transparent'])('%s, from the JSON editor', async (model) => {
		// A text prompt typed before switching to JSON stays in the parameters, hidden.
		const result = await run(generate({ model, prompt: TEXT, promptType: 'json', jsonPrompt: JSON.stringify(jsonPrompt(), null, 2) }));
		expect(result.error).toBeUndefined();
		expect(posts()).toHaveLength(1);
		expect(posts()[0].rawPath).toBe(`/v2/image/generate/${model}`);
		expect(posts()[0].status).toBe(200);
		// Compact, and nothing else in the body: the hidden text prompt is not sent.
		expect(posts()[0].json).toEqual({ prompt: JSON.stringify(jsonPrompt()), async: true });
		expect(result.output).toHaveLength(1);
	});

	test('an expression giving an object (the output of Describe or Magic Prompt)', async () => {
		const result = await run(generate({ promptType: 'json', jsonPrompt: '={{ $json.json_prompt }}', additionalFields: { seed: 5 } }), [
			{ json: { json_prompt: jsonPrompt(), aspect_ratio: '3x2' } },
		]);
		expect(result.error).toBeUndefined();
		expect(JSON.parse(String(sentPrompt()))).toEqual(jsonPrompt());
		expect(posts()[0].json).toMatchObject({ seed: 5 });
	});

	test('an expression giving JSON text, with nulls dropped', async () => {
		const withNull = { ...jsonPrompt(), tags: null };
		const result = await run(generate({ promptType: 'json', jsonPrompt: '={{ $json.text }}' }), [{ json: { text: JSON.stringify(withNull) } }]);
		expect(result.error).toBeUndefined();
		expect(sentPrompt()).toBe(JSON.stringify(jsonPrompt()));
	});

	test('per item: the model by expression, JSON prompts from each item', async () => {
		const second = { ...jsonPrompt(), high_level_description: 'The same mug in red' };
		const result = await run(generate({ model: '={{ $json.model }}', promptType: 'json', jsonPrompt: '={{ $json.p }}' }), [
			{ json: { model: 'ideogram-4', p: jsonPrompt() } },
			{ json: { model: 'ideogram-4-5', p: second } },
		]);
		expect(result.error).toBeUndefined();
		const byPath = Object.fromEntries(posts().map((r) => [r.rawPath, JSON.parse(String((r.json as IDataObject).prompt))]));
		expect(byPath).toEqual({ '/v2/image/generate/ideogram-4': jsonPrompt(), '/v2/image/generate/ideogram-4-5': second });
	});

	test('a typed-in model slug takes a JSON prompt too', async () => {
		const result = await run(generate({ model: 'other', modelSlug: 'ideogram-4-5', promptType: 'json', jsonPrompt: JSON.stringify(jsonPrompt()) }));
		expect(result.error).toBeUndefined();
		expect(posts()[0].rawPath).toBe('/v2/image/generate/ideogram-4-5');
		expect(sentPrompt()).toBe(JSON.stringify(jsonPrompt()));
	});
});

describe('refused before anything is sent', () => {
	const badBox = () => {
		const p = jsonPrompt();
		(p.compositional_deconstruction.elements[1] as IDataObject).bbox = [480, 380, 560];
		return p;
	};

	test.each([
		[
			'a bbox of three numbers, from an expression',
			{ jsonPrompt: '={{ $json.p }}' },
			{ p: badBox() },
			'JSON Prompt → compositional_deconstruction.elements[1].bbox must be 4 whole numbers from 0 to 1000 (got [480,380,560])',
			/\[y_min, x_min, y_max, x_max\]/,
		],
		['JSON that does not parse', { jsonPrompt: '{"high_level_description": "a mug",' }, {}, /^JSON Prompt is not valid JSON \(/, /quotes, commas and brackets/],
		['the skeleton left as it is', {}, {}, 'JSON Prompt → high_level_description is empty', /few words/],
		[
			'the whole output of Magic Prompt',
			{ jsonPrompt: '={{ $json }}' },
			{ json_prompt: jsonPrompt(), aspect_ratio: '1x1' },
			/^JSON Prompt holds a "json_prompt" field/,
			/\{\{ \$json\.json_prompt \}\}/,
		],
		[
			'too long for v2’s prompt',
			{ jsonPrompt: '={{ $json.p }}' },
			{ p: { ...jsonPrompt(), high_level_description: 'x'.repeat(10000) } },
			/^JSON Prompt is 10\d{3} characters as JSON; Ideogram takes at most 10000$/,
			/Shorten/,
		],
	])('%s', async (_what, extra, json, message, fix) => {
		const result = await run(generate({ promptType: 'json', ...extra }), [{ json: json as IDataObject }]);
		if (typeof message === 'string') expect(result.error?.message).toBe(message);
		else expect(result.error?.message).toMatch(message);
		expect(result.error?.description).toMatch(fix);
		expect(official.requests).toHaveLength(0);
	});

	test('a JSON prompt for a model that takes none (model by expression)', async () => {
		const result = await run(generate({ model: '={{ $json.model }}', promptType: 'json', jsonPrompt: JSON.stringify(jsonPrompt()) }), [
			{ json: { model: 'ideogram-3' } },
		]);
		expect(result.error?.message).toBe('Ideogram 3 (ideogram-3) takes no JSON prompt');
		expect(result.error?.description).toBe('Set Prompt Type to Text, or pick a model that takes JSON prompts: Ideogram 4.5, Ideogram 4, Ideogram 4 Transparent.');
		expect(official.requests).toHaveLength(0);
	});

	test('the stub, like Ideogram, refuses an invalid JSON prompt sent as text', async () => {
		// The node checks only what Prompt Type JSON sends; a text prompt that is JSON goes as it is.
		const bad = JSON.stringify(badBox());
		const result = await run(generate({ prompt: bad }));
		expect(result.error?.message).toMatch(/HTTP 400/);
		expect(official.requests[0].status).toBe(400);
		expect(JSON.stringify(official.requests[0].response)).toMatch(/bbox/);
	});
});
