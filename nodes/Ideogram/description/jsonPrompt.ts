/**
 * Ideogram 4's JSON prompt (`V4JsonPrompt` in Ideogram's spec, test/contract/ideogram-v2-openapi.json),
 * checked here before sending. The package ships no schema validator (it has no runtime
 * dependencies), and a generic one would report "must match exactly one schema in oneOf"; these
 * rules name the JSON path and say how to fix it. test/unit/description/jsonPrompt.test.ts holds them against
 * the spec's own schema.
 */

/** What is wrong, where (a JSON path such as `compositional_deconstruction.elements[2].bbox`) and the fix. */
export interface JsonPromptProblem {
	path: string;
	problem: string;
	fix: string;
}

export interface V4PromptElement {
	type: 'obj' | 'text';
	desc: string;
	text?: string;
	bbox?: [number, number, number, number];
	color_palette?: string[];
}

export interface V4JsonPrompt {
	high_level_description: string;
	style_description?: Partial<Record<(typeof STYLE_TEXT_FIELDS)[number], string>> & { color_palette?: string[] };
	compositional_deconstruction: { background: string; elements: V4PromptElement[] };
	tags?: string[];
}

/** v2 takes the JSON prompt serialized into `prompt`, which the spec limits to 10000 characters. */
export const JSON_PROMPT_MAX_CHARS = 10000;
/**
 * Colour limits from Ideogram's JSON-prompting guide (docs.ideogram.ai/prompting/json-prompting):
 * 16 for the whole image, 5 per element. The spec's schema sets no maxItems; the guide is the only
 * source that states them.
 */
export const IMAGE_PALETTE_MAX = 16;
export const ELEMENT_PALETTE_MAX = 5;

const STYLE_TEXT_FIELDS = ['aesthetics', 'lighting', 'photo', 'medium', 'art_style'] as const;
const ROOT_FIELDS = ['high_level_description', 'style_description', 'compositional_deconstruction', 'tags'];
const STYLE_FIELDS = [...STYLE_TEXT_FIELDS, 'color_palette'];
const COMPOSITION_FIELDS = ['background', 'elements'];
const ELEMENT_FIELDS = { obj: ['type', 'desc', 'bbox', 'color_palette'], text: ['type', 'text', 'desc', 'bbox', 'color_palette'] };
const HEX = /^#[0-9a-fA-F]{6}$/;

class Refusal extends Error {
	constructor(readonly found: JsonPromptProblem) {
		super(found.problem);
	}
}

const refuse = (path: string, problem: string, fix: string): never => {
	throw new Refusal({ path, problem, fix });
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A value as the message quotes it: short, on one line. */
function shown(value: unknown): string {
	const text = JSON.stringify(value) ?? String(value);
	return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

function kindOf(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'a list';
	if (typeof value === 'object') return 'an object';
	if (typeof value === 'string') return `the text ${shown(value)}`;
	return `${typeof value} ${shown(value)}`;
}

const at = (path: string, key: string | number) => (typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key);

/** Copies the fields of `value` listed in `known`, refusing any other; nulls count as left out (the spec drops them). */
function fieldsOf(value: Record<string, unknown>, path: string, known: readonly string[], what: string): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const [key, v] of Object.entries(value)) {
		if (!known.includes(key)) {
			const close = known.find((k) => k.replace(/_/g, '') === key.toLowerCase().replace(/[_\s-]/g, ''));
			refuse(at(path, key), `is not a field of ${what}`, close ? `Did you mean "${close}"? ${what[0].toUpperCase()}${what.slice(1)} takes ${known.join(', ')}.` : `Remove it: ${what} takes ${known.join(', ')}.`);
		}
		if (v !== null) out[key] = v;
	}
	return out;
}

function text(value: unknown, path: string, required: boolean): string | undefined {
	if (value === undefined) {
		if (required) refuse(path, 'is missing', `Add "${path.split('.').pop()!.replace(/\[\d+\]$/, '')}" with a few words of description.`);
		return undefined;
	}
	if (typeof value !== 'string') return refuse(path, `must be text (got ${kindOf(value)})`, 'Put the value in double quotes.');
	if (required && value.trim() === '') refuse(path, 'is empty', 'Describe it in a few words, or remove what it belongs to.');
	return value;
}

function object(value: unknown, path: string, fix: string): Record<string, unknown> {
	if (!isObject(value)) refuse(path, value === undefined ? 'is missing' : `must be an object (got ${kindOf(value)})`, fix);
	return value as Record<string, unknown>;
}

function palette(value: unknown, path: string, max: number, scope: string): string[] | undefined {
	if (value === undefined) return undefined;
	const example = '["#1B3A4B", "#F2C14E"]';
	if (!Array.isArray(value)) return refuse(path, `must be a list of colours like ${example} (got ${kindOf(value)})`, 'Write the colours as a list in square brackets.');
	value.forEach((colour, i) => {
		if (typeof colour !== 'string' || !HEX.test(colour))
			refuse(at(path, i), `must be a colour as # and six hex digits, like "#1B3A4B" (got ${shown(colour)})`, 'Write each colour as "#RRGGBB"; names and short forms like "#FFF" are not taken.');
	});
	if (value.length > max)
		refuse(path, `has ${value.length} colours; Ideogram takes at most ${max} ${scope}`, `Keep the ${max} colours that matter most.`);
	return value as string[];
}

function bbox(value: unknown, path: string): V4PromptElement['bbox'] {
	if (value === undefined) return undefined;
	const ok = Array.isArray(value) && value.length === 4 && value.every((n) => typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 1000);
	if (!ok)
		refuse(
			path,
			`must be 4 whole numbers from 0 to 1000 (got ${shown(value)})`,
			'Give the box as [y_min, x_min, y_max, x_max] on a 1000 × 1000 grid, top first, e.g. [100, 250, 900, 750]; or remove "bbox" to let Ideogram place the element.',
		);
	return value as V4PromptElement['bbox'];
}

function element(value: unknown, path: string): V4PromptElement {
	const raw = object(value, path, 'Each element is an object such as {"type": "obj", "desc": "a red umbrella"}.');
	const type = raw.type;
	if (type !== 'obj' && type !== 'text')
		refuse(
			at(path, 'type'),
			type === undefined || type === null ? 'is missing' : `must be "obj" or "text" (got ${shown(type)})`,
			'Set "type" to "obj" for a thing in the picture, or "text" for words to render (then with "text").',
		);
	const kind = type as 'obj' | 'text';
	// The copy keeps the user's key order (fieldsOf), so what is sent reads like what was written.
	const out = fieldsOf(raw, path, ELEMENT_FIELDS[kind], `a "${kind}" element`);
	if (kind === 'text') text(out.text, at(path, 'text'), true);
	text(out.desc, at(path, 'desc'), true);
	bbox(out.bbox, at(path, 'bbox'));
	palette(out.color_palette, at(path, 'color_palette'), ELEMENT_PALETTE_MAX, 'per element');
	return out as unknown as V4PromptElement;
}

function parse(value: unknown): unknown {
	if (typeof value !== 'string') return value;
	if (value.trim() === '') return refuse('', 'is empty', 'Paste a JSON prompt, or map one with an expression such as {{ $json.json_prompt }} from Describe or Magic Prompt.');
	try {
		return JSON.parse(value) as unknown;
	} catch (error) {
		return refuse('', `is not valid JSON (${(error as Error).message})`, 'Check the quotes, commas and brackets, or map an object with an expression such as {{ $json.json_prompt }}.');
	}
}

/**
 * Reads a JSON prompt given as an object or as JSON text (the JSON editor gives text, an expression
 * may give either) and checks it against Ideogram's schema. Returns a copy with null fields left
 * out, as Ideogram drops them; or the first problem found.
 */
export function checkJsonPrompt(value: unknown): { prompt: V4JsonPrompt } | { problem: JsonPromptProblem } {
	try {
		return { prompt: readJsonPrompt(parse(value)) };
	} catch (error) {
		// Only refuse() throws here (JSON.parse errors are caught where they happen).
		if (error instanceof Refusal) return { problem: error.found };
		return { problem: { path: '', problem: `could not be read (${(error as Error).message})`, fix: 'Check the JSON prompt.' } };
	}
}

function readJsonPrompt(value: unknown): V4JsonPrompt {
	if (isObject(value) && 'json_prompt' in value && !('high_level_description' in value))
		refuse('', 'holds a "json_prompt" field: this is the whole output of Describe or Magic Prompt', 'Map only its json_prompt: {{ $json.json_prompt }}.');
	const root = fieldsOf(
		object(value, '', 'A JSON prompt is an object with "high_level_description" and "compositional_deconstruction".'),
		'',
		ROOT_FIELDS,
		'a JSON prompt',
	);
	text(root.high_level_description, 'high_level_description', true);
	if (root.style_description !== undefined) {
		const style = fieldsOf(object(root.style_description, 'style_description', 'Write the style as an object such as {"medium": "photograph"}.'), 'style_description', STYLE_FIELDS, 'a style description');
		for (const field of STYLE_TEXT_FIELDS) text(style[field], at('style_description', field), false);
		palette(style.color_palette, 'style_description.color_palette', IMAGE_PALETTE_MAX, 'for the whole image');
		root.style_description = style;
	}
	const compositionPath = 'compositional_deconstruction';
	const composition = fieldsOf(
		object(root.compositional_deconstruction, compositionPath, 'Add "compositional_deconstruction": {"background": "…", "elements": []}.'),
		compositionPath,
		COMPOSITION_FIELDS,
		'the compositional deconstruction',
	);
	text(composition.background, at(compositionPath, 'background'), true);
	const elements = composition.elements;
	const elementsPath = at(compositionPath, 'elements');
	if (!Array.isArray(elements))
		refuse(elementsPath, elements === undefined ? 'is missing' : `must be a list (got ${kindOf(elements)})`, 'Add "elements": a list of {"type": "obj", "desc": …} and {"type": "text", "text": …, "desc": …} objects (it may be empty).');
	composition.elements = (elements as unknown[]).map((e, i) => element(e, at(elementsPath, i)));
	root.compositional_deconstruction = composition;
	if (root.tags !== undefined) {
		if (!Array.isArray(root.tags)) refuse('tags', `must be a list of words (got ${kindOf(root.tags)})`, 'Write the tags as ["product", "studio"], or remove them (Ideogram ignores tags when generating).');
		(root.tags as unknown[]).forEach((tag, i) => text(tag, at('tags', i), false));
	}
	return root as unknown as V4JsonPrompt;
}

/** The JSON prompt as v2 takes it in `prompt`: compact JSON, within the prompt's length limit. */
export function serializeJsonPrompt(prompt: V4JsonPrompt): { text: string } | { problem: JsonPromptProblem } {
	const text = JSON.stringify(prompt);
	if (text.length <= JSON_PROMPT_MAX_CHARS) return { text };
	return {
		problem: {
			path: '',
			problem: `is ${text.length} characters as JSON; Ideogram takes at most ${JSON_PROMPT_MAX_CHARS}`,
			fix: 'Shorten the descriptions, or remove elements or tags (tags are ignored when generating).',
		},
	};
}

/** The message for a problem: "JSON Prompt → compositional_deconstruction.elements[2].bbox must be …". */
export function jsonPromptMessage(label: string, problem: JsonPromptProblem): string {
	return `${problem.path ? `${label} → ${problem.path}` : label} ${problem.problem}`;
}
