/**
 * The JSON prompt check (nodes/Ideogram/description/jsonPrompt.ts): each rule with the path and fix it
 * names, held against the spec's own V4JsonPrompt schema compiled with ajv (a dev dependency only).
 */
import Ajv from 'ajv';

import { JSON_PROMPT_MODELS } from '../../../nodes/Ideogram/resources/imageV2/jsonPrompt';
import {
	checkJsonPrompt,
	ELEMENT_PALETTE_MAX,
	IMAGE_PALETTE_MAX,
	JSON_PROMPT_MAX_CHARS,
	jsonPromptMessage,
	serializeJsonPrompt,
	type V4JsonPrompt,
} from '../../../nodes/Ideogram/description/jsonPrompt';
import { loadV2OpenApi } from '../../stub/schema';

const valid = () => ({
	high_level_description: 'A studio photo of a ceramic mug on an oak table',
	style_description: { medium: 'photograph', lighting: 'soft window light', color_palette: ['#F2E8DC', '#1B3A4B'] },
	compositional_deconstruction: {
		background: 'a plain warm grey wall',
		elements: [
			{ type: 'obj', desc: 'a matte teal ceramic mug', bbox: [300, 250, 850, 700], color_palette: ['#1B3A4B'] },
			{ type: 'text', text: 'MORNING', desc: 'small white serif letters on the mug', bbox: [480, 380, 560, 560] },
			{ type: 'obj', desc: 'a wooden table top' },
		],
	},
	tags: ['product', 'studio'],
});

type Mutable = ReturnType<typeof valid> & Record<string, unknown>;
const changed = (change: (p: Mutable) => void): Mutable => {
	const p = valid() as Mutable;
	change(p);
	return p;
};
const elements = (p: Mutable) => p.compositional_deconstruction.elements as unknown as Array<Record<string, unknown>>;

const problemOf = (value: unknown) => {
	const result = checkJsonPrompt(value);
	if (!('problem' in result)) throw new Error(`accepted: ${JSON.stringify(value)}`);
	return result.problem;
};

// The spec's schema, closed the way the stub closes request schemas (Ideogram refuses unknown fields).
const spec = loadV2OpenApi();
function inline(node: unknown): unknown {
	if (Array.isArray(node)) return node.map(inline);
	if (!node || typeof node !== 'object') return node;
	const obj = node as Record<string, unknown>;
	if (typeof obj.$ref === 'string') return inline(spec.components.schemas[obj.$ref.split('/').pop()!]);
	const out: Record<string, unknown> = {};
	for (const [k, v] of Object.entries(obj)) if (!['example', 'description', 'discriminator'].includes(k)) out[k] = inline(v);
	if (out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
	return out;
}
const specValidate = new Ajv({ strict: false }).compile(inline(spec.components.schemas.V4JsonPrompt) as object);

describe('a JSON prompt Ideogram takes', () => {
	test('comes back as given, from an object or from JSON text', () => {
		expect(specValidate(valid())).toBe(true);
		expect(checkJsonPrompt(valid())).toEqual({ prompt: valid() });
		expect(checkJsonPrompt(JSON.stringify(valid(), null, 2))).toEqual({ prompt: valid() });
	});

	test('the smallest one: a description, a background and no elements', () => {
		const smallest = { high_level_description: 'A blank poster', compositional_deconstruction: { background: 'white', elements: [] } };
		expect(specValidate(smallest)).toBe(true);
		expect(checkJsonPrompt(smallest)).toEqual({ prompt: smallest });
	});

	test('null fields are left out, as Ideogram drops them (x-drop-nulls)', () => {
		const withNulls = changed((p) => {
			p.tags = null as never;
			(p.style_description as Record<string, unknown>).photo = null;
			elements(p)[0].bbox = null;
		});
		const result = checkJsonPrompt(withNulls);
		expect('prompt' in result && result.prompt.tags).toBeUndefined();
		expect('prompt' in result && 'photo' in result.prompt.style_description!).toBe(false);
		expect('prompt' in result && 'bbox' in result.prompt.compositional_deconstruction.elements[0]).toBe(false);
	});

	test('bbox corners 0 and 1000 are inside', () => {
		const p = changed((q) => (elements(q)[0].bbox = [0, 0, 1000, 1000]));
		expect('prompt' in checkJsonPrompt(p)).toBe(true);
	});
});

describe('refused, naming the path and the fix', () => {
	test.each([
		// [what, prompt, path, problem, fix, the spec's schema refuses it too ('not JSON': text with no object for the schema to read)]
		['not JSON', '{"high_level_description": "x",', '', /^is not valid JSON \(/, /quotes, commas and brackets/, 'not JSON'],
		['empty text', '   ', '', /^is empty$/, /\{\{ \$json\.json_prompt \}\}/, 'not JSON'],
		['a list', [valid()], '', /^must be an object \(got a list\)$/, /high_level_description/, true],
		['the whole Describe output', { json_prompt: valid() }, '', /whole output of Describe or Magic Prompt/, /^Map only its json_prompt: \{\{ \$json\.json_prompt \}\}\.$/, true],
		['no description', changed((p) => delete (p as Partial<Mutable>).high_level_description), 'high_level_description', /^is missing$/, /Add "high_level_description"/, true],
		['a blank description', changed((p) => (p.high_level_description = ' ')), 'high_level_description', /^is empty$/, /few words/, false],
		['a number as description', changed((p) => ((p as Record<string, unknown>).high_level_description = 42)), 'high_level_description', /^must be text \(got number 42\)$/, /double quotes/, true],
		['an unknown top-level field', changed((p) => (p.negative_prompt = 'blurry')), 'negative_prompt', /^is not a field of a JSON prompt$/, /takes high_level_description, style_description, compositional_deconstruction, tags/, true],
		['a misspelt field', changed((p) => (p.highLevelDescription = 'x')), 'highLevelDescription', /^is not a field of a JSON prompt$/, /^Did you mean "high_level_description"\?/, true],
		['no composition', changed((p) => delete (p as Partial<Mutable>).compositional_deconstruction), 'compositional_deconstruction', /^is missing$/, /"background": "…", "elements": \[\]/, true],
		['no background', changed((p) => delete (p.compositional_deconstruction as Partial<Mutable['compositional_deconstruction']>).background), 'compositional_deconstruction.background', /^is missing$/, /Add "background"/, true],
		['elements not a list', changed((p) => ((p.compositional_deconstruction as Record<string, unknown>).elements = { type: 'obj' })), 'compositional_deconstruction.elements', /^must be a list \(got an object\)$/, /may be empty/, true],
		['an element of no type', changed((p) => delete elements(p)[2].type), 'compositional_deconstruction.elements[2].type', /^is missing$/, /"obj" for a thing/, true],
		['an element of an unknown type', changed((p) => (elements(p)[2].type = 'image')), 'compositional_deconstruction.elements[2].type', /^must be "obj" or "text" \(got "image"\)$/, /"text" for words/, true],
		['a text element without its text', changed((p) => delete elements(p)[1].text), 'compositional_deconstruction.elements[1].text', /^is missing$/, /Add "text"/, true],
		['text on an obj element', changed((p) => (elements(p)[0].text = 'HELLO')), 'compositional_deconstruction.elements[0].text', /^is not a field of a "obj" element$/, /takes type, desc, bbox, color_palette/, true],
		['an element without desc', changed((p) => delete elements(p)[0].desc), 'compositional_deconstruction.elements[0].desc', /^is missing$/, /Add "desc"/, true],
		['a bbox of three numbers', changed((p) => (elements(p)[2].bbox = [1, 2, 3])), 'compositional_deconstruction.elements[2].bbox', /^must be 4 whole numbers from 0 to 1000 \(got \[1,2,3\]\)$/, /\[y_min, x_min, y_max, x_max\]/, true],
		['a bbox past 1000', changed((p) => (elements(p)[0].bbox = [0, 0, 1001, 500])), 'compositional_deconstruction.elements[0].bbox', /\(got \[0,0,1001,500\]\)$/, /1000 × 1000 grid/, true],
		['a bbox in fractions', changed((p) => (elements(p)[0].bbox = [0.1, 0.2, 0.9, 0.8])), 'compositional_deconstruction.elements[0].bbox', /whole numbers/, /e\.g\. \[100, 250, 900, 750\]/, true],
		['a bbox as text', changed((p) => (elements(p)[0].bbox = '0,0,1000,1000')), 'compositional_deconstruction.elements[0].bbox', /\(got "0,0,1000,1000"\)$/, /remove "bbox"/, true],
		['a colour name', changed((p) => (elements(p)[0].color_palette = ['teal'])), 'compositional_deconstruction.elements[0].color_palette[0]', /^must be a colour as # and six hex digits, like "#1B3A4B" \(got "teal"\)$/, /"#RRGGBB"/, true],
		['a short hex colour', changed((p) => (p.style_description.color_palette = ['#FFF'])), 'style_description.color_palette[0]', /\(got "#FFF"\)$/, /short forms/, true],
		['too many colours on an element', changed((p) => (elements(p)[0].color_palette = Array(ELEMENT_PALETTE_MAX + 1).fill('#000000'))), 'compositional_deconstruction.elements[0].color_palette', /^has 6 colours; Ideogram takes at most 5 per element$/, /Keep the 5/, false],
		['too many colours for the image', changed((p) => (p.style_description.color_palette = Array(IMAGE_PALETTE_MAX + 1).fill('#000000'))), 'style_description.color_palette', /^has 17 colours; Ideogram takes at most 16 for the whole image$/, /Keep the 16/, false],
		['an unknown style field', changed((p) => ((p.style_description as Record<string, unknown>).mood = 'calm')), 'style_description.mood', /^is not a field of a style description$/, /aesthetics, lighting, photo, medium, art_style, color_palette/, true],
		['a style given as text', changed((p) => ((p as Record<string, unknown>).style_description = 'photo')), 'style_description', /^must be an object \(got the text "photo"\)$/, /\{"medium": "photograph"\}/, true],
		['tags as text', changed((p) => ((p as Record<string, unknown>).tags = 'product')), 'tags', /^must be a list of words/, /Ideogram ignores tags/, true],
		['a tag that is a number', changed((p) => ((p as Record<string, unknown>).tags = ['ok', 7])), 'tags[1]', /^must be text \(got number 7\)$/, /double quotes/, true],
	])('%s', (_what, prompt, path, problem, fix, specRefuses) => {
		const found = problemOf(prompt);
		expect(found.path).toBe(path);
		expect(found.problem).toMatch(problem);
		expect(found.fix).toMatch(fix);
		// Where the node is stricter than the schema (blank text, the guide's colour limits), the row says so.
		// Every row is checked: a text prompt must parse unless its row says it is not JSON, so a typo in
		// a row fails here instead of skipping the cross-check.
		if (specRefuses === 'not JSON') expect(() => JSON.parse(prompt as string)).toThrow();
		else expect(!specValidate(typeof prompt === 'string' ? (JSON.parse(prompt) as unknown) : prompt)).toBe(specRefuses);
	});

	test('the message puts the label and the path first', () => {
		const found = problemOf(changed((p) => (elements(p)[2].bbox = [1, 2, 3])));
		expect(jsonPromptMessage('JSON Prompt', found)).toBe(
			'JSON Prompt → compositional_deconstruction.elements[2].bbox must be 4 whole numbers from 0 to 1000 (got [1,2,3])',
		);
		expect(jsonPromptMessage('JSON Prompt', problemOf('{'))).toMatch(/^JSON Prompt is not valid JSON/);
	});
});

describe('serialized for v2, within the prompt’s 10000 characters', () => {
	test('compact JSON', () => {
		const result = serializeJsonPrompt(valid() as unknown as V4JsonPrompt);
		expect(result).toEqual({ text: JSON.stringify(valid()) });
	});

	test('one character over is refused, with its length', () => {
		const base = JSON.stringify(valid()).length;
		const long = changed((p) => (p.high_level_description += 'x'.repeat(JSON_PROMPT_MAX_CHARS - base + 1)));
		expect(JSON.stringify(long)).toHaveLength(JSON_PROMPT_MAX_CHARS + 1);
		const result = serializeJsonPrompt(long as unknown as V4JsonPrompt);
		expect('problem' in result && result.problem.problem).toBe('is 10001 characters as JSON; Ideogram takes at most 10000');
		const atLimit = changed((p) => (p.high_level_description += 'x'.repeat(JSON_PROMPT_MAX_CHARS - base)));
		expect('text' in serializeJsonPrompt(atLimit as unknown as V4JsonPrompt)).toBe(true);
	});

	test('the limit is the spec’s', () => {
		expect(spec.components.schemas.GenerateImageIdeogramV4Request.properties.prompt.maxLength).toBe(JSON_PROMPT_MAX_CHARS);
	});
});

test('the models offered JSON prompts are those whose prompt the spec says takes one', () => {
	const takers = Object.keys(spec.paths as object)
		.filter((p) => p.startsWith('/v2/image/generate/'))
		.filter((p) => {
			const ref = spec.paths[p].post.requestBody.content['application/json'].schema.$ref as string;
			const prompt = spec.components.schemas[ref.split('/').pop()!].properties.prompt;
			return /JSON prompt/.test(prompt.description);
		})
		.map((p) => p.split('/').pop())
		.sort();
	expect(takers).toEqual([...JSON_PROMPT_MODELS].sort());
});
