/**
 * Node version 2's resource "Ideogram 4 (v1 API)": Magic Prompt, Describe and Generate on
 * /v1/ideogram-v4/*, through n8n's engine against the stub (requests validated against the spec's
 * MagicPromptV4Request, DescribeRequestV4 and GenerateImageRequestV4). The JSON prompts they give
 * must feed Generate's JSON Prompt with {{ $json.json_prompt }}.
 */
import Ajv from 'ajv';
import type { IDataObject } from 'n8n-workflow';

import { makePng } from '../support/images';
import { runIdeogram, type InputItem } from '../support/n8n';
import { useStub } from '../support/useStub';
import { loadV2OpenApi } from '../stub/schema';

const KEY = 'sk-test-ideogram4-v1-7a30f1';
const official = useStub({ apiKey: KEY, latencyMs: 2 });
const kkiai = useStub({ personality: 'kkiai', apiKey: KEY, latencyMs: 2 });
const credentials = () => ({ provider: 'ideogram', apiKey: KEY, baseUrl: official.baseUrl });

const run = (parameters: IDataObject, items?: InputItem[], creds = credentials()) =>
	runIdeogram({ parameters: { resource: 'ideogram4', ...parameters }, typeVersion: 2, credentials: creds, items });

// The answers are checked against the spec's response schemas, so what the node reads is what Ideogram sends.
const spec = loadV2OpenApi();
const ajv = new Ajv({ strict: false });
ajv.addSchema({ components: spec.components }, 'spec');
const responseValidator = (name: string) => ajv.compile({ $ref: `spec#/components/schemas/${name}` });

const photo = () => ({ binary: { data: { data: makePng(640, 480), mimeType: 'image/png', fileName: 'mug.png' } } });

describe('Magic Prompt', () => {
	test('a text prompt becomes one item: json_prompt and the aspect ratio Ideogram picked', async () => {
		const result = await run({ operation: 'magicPrompt', prompt: 'a teal mug on an oak table' });
		expect(result.error).toBeUndefined();
		const [request] = official.requests;
		expect(request.rawPath).toBe('/v1/ideogram-v4/magic-prompt');
		expect(request.contentType).toBe('json');
		expect(request.json).toEqual({ text_prompt: 'a teal mug on an oak table' });
		expect(responseValidator('MagicPromptV4Response')(request.response)).toBe(true);
		expect(result.output).toHaveLength(1);
		expect(result.output![0].json).toEqual(request.response);
		expect(result.output![0].binary).toBeUndefined();
	});

	test('a chosen aspect ratio is sent as the spec spells it and echoed', async () => {
		const result = await run({ operation: 'magicPrompt', prompt: 'a poster', additionalFields: { aspectRatio: '16x9' } });
		expect(official.requests[0].json).toEqual({ text_prompt: 'a poster', aspect_ratio: '16x9' });
		expect(result.output![0].json.aspect_ratio).toBe('16x9');
	});

	test.each([
		['an aspect ratio with a colon', { prompt: 'a poster', additionalFields: { aspectRatio: '={{ "16:9" }}' } }, /Aspect Ratio "16:9" is not one of the values/],
		['an empty prompt', { prompt: '={{ "" }}' }, /^Prompt is required but empty$/],
	])('%s is refused before sending', async (_what, parameters, message) => {
		const result = await run({ operation: 'magicPrompt', ...parameters });
		expect(result.error?.message).toMatch(message);
		expect(official.requests).toHaveLength(0);
	});

	test('a reseller credential is refused, naming what works there', async () => {
		const result = await run({ operation: 'magicPrompt', prompt: 'a mug' }, undefined, { provider: 'kkiai', apiKey: KEY, baseUrl: kkiai.baseUrl });
		expect(result.error?.message).toBe("Magic Prompt (Ideogram 4 on v1) works only with Ideogram's own API, not with Kkiai");
		expect(result.error?.description).toMatch(/Generate with Magic Prompt on/);
		expect(kkiai.requests).toHaveLength(0);
	});
});

describe('Describe (Ideogram 4)', () => {
	test('an image becomes its JSON prompt, with boxes, and keeps its file', async () => {
		const result = await run({ operation: 'describe', image: 'data' }, [photo()]);
		expect(result.error).toBeUndefined();
		const [request] = official.requests;
		expect(request.rawPath).toBe('/v1/ideogram-v4/describe');
		expect(request.contentType).toBe('multipart');
		expect(request.files?.map((f) => f.field)).toEqual(['image_file']);
		expect(responseValidator('DescribeResponseV4')(request.response)).toBe(true);
		const prompt = result.output![0].json.json_prompt as { compositional_deconstruction: { elements: IDataObject[] } };
		expect(prompt.compositional_deconstruction.elements.every((e) => Array.isArray(e.bbox))).toBe(true);
		expect(result.output![0].binary?.data?.fileName).toBe('mug.png');
	});

	test('its options go as multipart fields and shape the answer', async () => {
		const result = await run(
			{ operation: 'describe', image: 'data', additionalFields: { includeBbox: false, includeStyleDescriptions: true, includeTags: true }, options: { passThroughBinary: false } },
			[photo()],
		);
		expect(official.requests[0].fields).toEqual({ include_bbox: ['false'], include_style_descriptions: ['true'], include_tags: ['true'] });
		const prompt = result.output![0].json.json_prompt as IDataObject & { compositional_deconstruction: { elements: IDataObject[] } };
		expect(prompt.compositional_deconstruction.elements.some((e) => 'bbox' in e)).toBe(false);
		expect(prompt.style_description).toEqual(expect.objectContaining({ medium: 'photograph' }));
		expect(prompt.tags).toEqual(expect.arrayContaining(['product']));
		expect(result.output![0].binary).toBeUndefined();
	});

	test('its output feeds v2 Generate’s JSON Prompt as {{ $json.json_prompt }}, and an edited copy too', async () => {
		const described = await run({ operation: 'describe', image: 'data' }, [photo()]);
		const item = described.output![0].json as { json_prompt: { compositional_deconstruction: { elements: IDataObject[] } } };
		const edited = structuredClone(item);
		edited.json_prompt.compositional_deconstruction.elements[1].text = 'EVENING';
		official.reset();
		const result = await runIdeogram({
			parameters: { resource: 'imageV2', operation: 'generate', model: 'ideogram-4', promptType: 'json', jsonPrompt: '={{ $json.json_prompt }}', additionalFields: {} },
			typeVersion: 2,
			credentials: credentials(),
			items: [{ json: item as unknown as IDataObject }, { json: edited as unknown as IDataObject }],
		});
		expect(result.error).toBeUndefined();
		// v2 Generate runs as a job: its polls (GET /v2/generations/{id}) are left out.
		const posts = official.requests.filter((r) => r.method === 'POST');
		const sent = posts.map((r) => JSON.parse(String((r.json as IDataObject).prompt)) as typeof item.json_prompt);
		expect(posts.map((r) => r.status)).toEqual([200, 200]);
		expect(sent.map((p) => p.compositional_deconstruction.elements[1].text)).toEqual(['MORNING', 'EVENING']);
	});
});

describe('Generate (Ideogram 4, v1)', () => {
	const jsonPrompt = {
		high_level_description: 'A teal mug on an oak table',
		compositional_deconstruction: { background: 'a warm grey wall', elements: [{ type: 'obj', desc: 'a teal mug', bbox: [200, 300, 900, 700] }] },
	};

	test('a text prompt goes as text_prompt, with v1’s capitals', async () => {
		const result = await run({ operation: 'generate', prompt: 'a teal mug', additionalFields: { renderingSpeed: 'TURBO', resolution: '1248x832', seed: 3 } });
		expect(result.error).toBeUndefined();
		expect(official.requests[0].rawPath).toBe('/v1/ideogram-v4/generate');
		expect(official.requests[0].json).toEqual({ text_prompt: 'a teal mug', rendering_speed: 'TURBO', resolution: '1248x832', seed: 3 });
		expect(responseValidator('ImageGenerationResponseV4')(official.requests[0].response)).toBe(true);
		expect(result.output).toHaveLength(1);
		expect(result.output![0].json).toMatchObject({ resolution: '1248x832', seed: 3 });
		expect(result.output![0].binary?.data?.mimeType).toBe('image/png');
	});

	test('a JSON prompt goes as the json_prompt object, and no text_prompt', async () => {
		const result = await run({ operation: 'generate', prompt: 'left over', promptType: 'json', jsonPrompt: '={{ $json.json_prompt }}' }, [{ json: { json_prompt: jsonPrompt } }]);
		expect(result.error).toBeUndefined();
		expect(official.requests[0].json).toEqual({ json_prompt: jsonPrompt });
	});

	test('an invalid JSON prompt is refused with its path, nothing sent', async () => {
		const bad = { ...jsonPrompt, compositional_deconstruction: { ...jsonPrompt.compositional_deconstruction, elements: [{ type: 'obj', desc: 'a mug', color_palette: ['teal'] }] } };
		const result = await run({ operation: 'generate', promptType: 'json', jsonPrompt: JSON.stringify(bad) });
		expect(result.error?.message).toBe(
			'JSON Prompt → compositional_deconstruction.elements[0].color_palette[0] must be a colour as # and six hex digits, like "#1B3A4B" (got "teal")',
		);
		expect(official.requests).toHaveLength(0);
	});

	test('FLASH, which Ideogram 4 answers 400 for, is not offered', async () => {
		const result = await run({ operation: 'generate', prompt: 'a mug', additionalFields: { renderingSpeed: 'FLASH' } });
		expect(result.error?.message).toMatch(/Rendering Speed "FLASH" is not one of the values/);
		expect(official.requests).toHaveLength(0);
	});
});
