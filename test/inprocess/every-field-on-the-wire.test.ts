/**
 * Every field the user can set reaches the wire with the value set. The stub's closed request
 * schemas refuse a field an endpoint does not take, but not one the node silently drops; this file
 * catches the drop. It reads the operation definitions (RESOURCES: each operation's required and
 * optional FieldSpecs with their wire names) and, for v2 operations, each model's own field list
 * (resources/imageV2/models.ts), sets every field to a valid value other than its default, runs the
 * node through n8n's engine against the stub, and finds each value in the request the stub logged.
 *
 * Fields that one request cannot carry together (Resolution and Aspect Ratio, ...) go in separate
 * requests: each model's fields are split into as few requests as the known exclusions allow.
 */
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { RESOURCES } from '../../nodes/Ideogram/resources';
import {
	DESCRIBE_MODELS,
	EDIT_MODELS,
	GENERATE_MODELS,
	LAYERIZE_MODELS,
	REFRAME_MODELS,
	REMIX_MODELS,
	REMOVE_BACKGROUND_MODELS,
	UPSCALE_MODELS,
	wireOf,
	type ModelSpec,
} from '../../nodes/Ideogram/resources/imageV2/models';
import { REPLACE_BACKGROUND_MODELS } from '../../nodes/Ideogram/resources/imageV2/replaceBackground';
import { VIDEO_ENDPOINTS } from '../../nodes/Ideogram/resources/video/models';
import type { FieldSpec } from '../../nodes/Ideogram/description/fields';
import type { OperationDefinition } from '../../nodes/Ideogram/description/operation';
import type { RecordedRequest } from '../stub/ideogram-stub';
import { loadRoutes } from '../stub/schema';
import { makeMask, makePng } from '../support/images';
import { runIdeogram, type InputItem } from '../support/n8n';
import { useStub } from '../support/useStub';

const KEY = 'sk-test-wire-fields-4be1a07c93';
const stub = useStub({ apiKey: KEY });

jest.setTimeout(120_000);

/** The models of each v2 operation that has a Model parameter, by operation. */
const MODELS: Record<string, readonly ModelSpec[]> = {
	generate: GENERATE_MODELS,
	remix: REMIX_MODELS,
	edit: EDIT_MODELS,
	reframe: REFRAME_MODELS,
	removeBackground: REMOVE_BACKGROUND_MODELS,
	upscale: UPSCALE_MODELS,
	describe: DESCRIBE_MODELS,
	layerize: LAYERIZE_MODELS,
	replaceBackground: REPLACE_BACKGROUND_MODELS,
};

/**
 * Values for fields whose type says too little (free text, lists, collections), with the value
 * expected on the wire where the node turns one into the other. Everything else gets a value from
 * its type: another option, the other boolean, another number in range.
 */
const SAMPLES: Record<string, { value: unknown; wire?: unknown }> = {
	prompt: { value: 'A lighthouse at dusk, the words "OPEN LATE" on a sign' },
	guidance: { value: 'keep the lettering crisp' },
	negativePrompt: { value: 'blurry, low contrast' },
	seed: { value: 1234567 },
	// Legacy models differ in what they take; 2.0 Turbo takes every field (and Edit takes only 2.0).
	model: { value: 'V_2_TURBO' },
	numImages: { value: 2 },
	styleCodes: { value: 'AAFF5733, 0133FF57', wire: ['AAFF5733', '0133FF57'] },
	colorPaletteMembers: {
		value: { member: [{ colorHex: '#FF5733', colorWeight: 0.6 }, { colorHex: '#1B3A4B', colorWeight: 0.3 }] },
		wire: [{ color_hex: '#FF5733', color_weight: 0.6 }, { color_hex: '#1B3A4B', color_weight: 0.3 }],
	},
	customModelUri: { value: 'model/lighthouses/version/3' },
	size: { value: '1280x800' },
	// A region at least 256 pixels a side, inside the 256x256 test image.
	contextWindow: { value: '0, 0, 256, 256', wire: '0,0,256,256' },
	imageUrls: { value: 'https://ideogram.ai/api/images/direct/a1b2c3.png', wire: ['https://ideogram.ai/api/images/direct/a1b2c3.png'] },
	// Asset identifiers and collections of the video operations: opaque ids Ideogram issued.
	videoAssetId: { value: 'asset_video_7f3a2c' },
	imageAssetId: { value: 'asset_image_91bd04' },
	targetCollectionId: { value: 'collection_5e8d21' },
	productDescription: { value: 'a matte black ceramic mug' },
	// Ideogram 4.5's very_low needs source images, which Generate never sends.
	quality: { value: 'medium' },
	// Video Edit: a clip that joins the footage at its end only (one end at least must join).
	isStartFrameIncluded: { value: false },
	isEndFrameIncluded: { value: true },
};

/** Values a model takes where the general sample is not one of them (its rule, not a list). */
const MODEL_SAMPLES: Record<string, Record<string, { value: unknown; wire?: unknown }>> = {
	// Z-Image: sides in multiples of 16, at most 1024x1024 in area.
	'z-image': { resolution: { value: '832x960' } },
	// GPT Image: no "auto" ratio (the first ratio of the list, 1x4, is more than 3:1 for a size, not a ratio).
	'gpt-image-2': { aspectRatio: { value: '16x9' } },
	'gpt-image-2-5-flare': { aspectRatio: { value: '16x9' } },
	'gpt-image-2-5-sunburst': { aspectRatio: { value: '16x9' } },
	// P-Image: an exact size within 2048x2048.
	'p-image-ideogram': { customWidth: { value: 1536 }, customHeight: { value: 1024 } },
};

/** Pairs of wire fields one request may not carry together (the node or the API refuses them). */
const APART: Array<[string, string]> = [
	['resolution', 'aspect_ratio'],
	['style_codes', 'style_type'],
	['style_codes', 'style_preset'],
	['color_palette.name', 'color_palette.members'],
	// P-Image: an exact size, or a ratio and size class.
	['custom_width', 'aspect_ratio'],
	['custom_width', 'resolution_tier'],
	['custom_height', 'aspect_ratio'],
	['custom_height', 'resolution_tier'],
	['resolution_tier', 'aspect_ratio'],
	// Auto remixes with style settings at 1K only: a non-default tier goes without them.
	...['color_palette.name', 'color_palette.members', 'style_codes', 'style_preset', 'style_type'].map((wire): [string, string] => ['resolution_tier', wire]),
];

interface Field {
	spec: FieldSpec;
	value: unknown;
	wire: unknown;
}

/** A valid value other than the default, within the model's own list where it has one. */
function sample(spec: FieldSpec, model?: ModelSpec): Field {
	const listed = (model && MODEL_SAMPLES[model.slug]?.[spec.name]) ?? SAMPLES[spec.name];
	// A sample of a list field only where the field's own list has it (Quality differs by operation).
	const given = listed && (spec.type !== 'options' || (spec.options ?? []).some((o) => o.value === listed.value)) ? listed : undefined;
	if (given) return { spec, value: given.value, wire: given.wire ?? given.value };
	let value: unknown;
	if (spec.type === 'options') {
		const allowed = model?.values?.[spec.wire];
		value = (spec.options ?? []).map((o) => o.value).find((v) => v !== spec.default && (!allowed || allowed.includes(String(v))));
	} else if (spec.type === 'boolean') {
		value = !spec.default;
	} else if (spec.type === 'number') {
		const d = Number(spec.default);
		const min = spec.typeOptions?.minValue ?? -Infinity;
		const max = spec.typeOptions?.maxValue ?? Infinity;
		value = max - min <= 1 ? (d === 0.25 ? 0.75 : 0.25) : d + 1 <= max ? d + 1 : d - 1;
	}
	if (value === undefined) throw new Error(`no sample value for ${spec.name} (${spec.type}): add one to SAMPLES`);
	return { spec, value, wire: value };
}

const top = (wire: string) => wire.split('.')[0];

/** Splits fields into as few requests as APART allows, in order. */
function requestsFor(fields: Field[]): Field[][] {
	const groups: Field[][] = [];
	for (const field of fields) {
		const clash = (other: Field) => APART.some(([a, b]) => (a === field.spec.wire && b === other.spec.wire) || (b === field.spec.wire && a === other.spec.wire));
		const group = groups.find((g) => !g.some(clash));
		if (group) group.push(field);
		else groups.push([field]);
	}
	return groups.length ? groups : [[]];
}

const PHOTO = makePng(256, 256, { seed: 41 });
const MASK = makeMask(256, 256, [64, 64, 128, 128]);
const FACE = makePng(200, 240, { seed: 42 });
const ITEM: InputItem = {
	binary: {
		data: { data: PHOTO, fileName: 'photo.png', mimeType: 'image/png' },
		mask: { data: MASK, fileName: 'mask.png', mimeType: 'image/png' },
		face: { data: FACE, fileName: 'face.png', mimeType: 'image/png' },
	},
};

/** The files the operation (and model) needs, named as parameters: the item holds them all. */
function fileParameters(def: OperationDefinition, model?: ModelSpec): IDataObject {
	const names = new Set((def.extraProperties ?? []).map((p: INodeProperties) => p.name));
	const out: IDataObject = {};
	if (names.has('image')) out.image = 'data';
	if (names.has('images')) out.images = 'data';
	if (names.has('mask')) out.mask = 'mask';
	if (model?.requiredFiles?.includes('character_reference_images')) out.referenceImages = { characterReferenceImages: 'face' };
	return out;
}

/** The body the stub received, multipart parts typed by the route's schema (as the stub reads them). */
function bodyOf(request: RecordedRequest): IDataObject {
	if (request.json) return request.json as IDataObject;
	const kinds = loadRoutes().get(request.path)?.fields ?? {};
	const typed = (kind: string, text: string): unknown => (kind === 'integer' || kind === 'number' ? Number(text) : kind === 'boolean' ? text === 'true' : text);
	const body: IDataObject = {};
	for (const [name, texts] of Object.entries(request.fields ?? {})) {
		const kind = kinds[name];
		if (kind?.kind === 'object') body[name] = JSON.parse(texts[0]) as IDataObject;
		else if (kind?.kind === 'array') body[name] = texts.map((t) => typed(kind.itemType, t)) as IDataObject[];
		else body[name] = typed(kind?.kind === 'scalar' ? kind.type : 'string', texts[0]) as string;
	}
	return body;
}

function wireValue(body: IDataObject, path: string): unknown {
	return path.split('.').reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as IDataObject)[key] : undefined), body);
}

interface Case {
	title: string;
	def: OperationDefinition;
	model?: ModelSpec;
	/** Video → Generate's model and mode. */
	videoModel?: string;
	videoMode?: string;
	/** Always set: the required fields, and fields the model cannot do without. */
	base: Field[];
	fields: Field[];
}

function plan(): Case[] {
	const cases: Case[] = [];
	for (const resource of RESOURCES) {
		for (const def of resource.operations) {
			if ((def.method ?? 'POST') !== 'POST') continue;
			if (def.resource === 'video' && def.value === 'generate') {
				cases.push(...videoCases(def));
				continue;
			}
			const models: Array<ModelSpec | undefined> = def.resource === 'imageV2' && MODELS[def.value] ? [...MODELS[def.value]] : [undefined];
			for (const model of models) {
				// A v2 model takes only the fields of its own list; an operation without models takes all.
				const takes = (spec: FieldSpec) => !model || model.fields.includes(top(spec.wire));
				const required = (spec: FieldSpec) => model?.requiredFields?.includes(spec.wire) ?? false;
				// A required field hidden for the model (Reframe's Resolution for the models that take a ratio) is not sent.
				const shown = (spec: FieldSpec) => !(model && spec.hide?.model?.includes(model.slug));
				const base = [...def.required.filter(shown).map((s) => sample(s, model)), ...def.optional.filter(required).map((s) => sample(s, model))];
				const optional = def.optional.filter((s) => takes(s) && !required(s)).map((s) => sample(s, model));
				requestsFor(optional).forEach((fields, i, all) => {
					const title = `${def.resource}/${def.value}${model ? ` ${model.slug}` : ''}${all.length > 1 ? ` (request ${i + 1} of ${all.length})` : ''}: ${[...base, ...fields].map((f) => f.spec.wire).join(', ') || 'no fields'}`;
					cases.push({ title, def, model, base, fields });
				});
			}
		}
	}
	return cases;
}

/**
 * Video → Generate, per model in Text to Video mode, and in Reference to Video where the endpoint
 * needs no file (MiniMax H3, whose reference endpoint alone takes Prompt Expansion): each
 * endpoint's own fields (VIDEO_ENDPOINTS), in as few requests as APART allows.
 */
function videoCases(def: OperationDefinition): Case[] {
	const cases: Case[] = [];
	for (const [slug, { model, mode, endpoint }] of VIDEO_ENDPOINTS) {
		if (mode !== 'text' && !(mode === 'reference' && !endpoint.requiredFiles?.length && model.slug.startsWith('minimax'))) continue;
		const base = def.required.map((s) => sample(s));
		const optional = def.optional.filter((s) => endpoint.fields.includes(top(s.wire))).map((s) => {
			const allowed = endpoint.values?.[s.wire];
			const field = sample(s);
			if (s.wire === 'duration') return { ...field, value: endpoint.duration.min + 1, wire: endpoint.duration.min + 1 };
			if (allowed && !allowed.includes(String(field.value))) {
				const value = allowed.find((v) => v !== s.default) ?? allowed[0];
				return { ...field, value, wire: value };
			}
			return field;
		});
		requestsFor(optional).forEach((fields, i, all) => {
			const title = `video/generate ${slug}${all.length > 1 ? ` (request ${i + 1} of ${all.length})` : ''}: ${[...base, ...fields].map((f) => f.spec.wire).join(', ')}`;
			cases.push({ title, def, videoModel: model.slug, videoMode: mode, base, fields });
		});
	}
	return cases;
}

const CASES = plan();

describe('the plan covers every field', () => {
	test('every field of every operation is set in some request', () => {
		const set = new Set(CASES.flatMap((c) => [...c.base, ...c.fields].map((f) => `${c.def.resource}/${c.def.value} ${f.spec.name}`)));
		const missing = RESOURCES.flatMap((r) => r.operations.filter((d) => (d.method ?? 'POST') === 'POST').flatMap((d) => [...d.required, ...d.optional].map((s) => `${d.resource}/${d.value} ${s.name}`))).filter((k) => !set.has(k));
		expect(missing).toEqual([]);
	});

	test('every field a v2 model takes is one the user can set for it', () => {
		const unreachable: string[] = [];
		for (const def of RESOURCES.find((r) => r.value === 'imageV2')!.operations) {
			const wires = new Set([...def.required, ...def.optional].map((s) => top(s.wire)));
			for (const model of MODELS[def.value] ?? []) for (const wire of model.fields) if (!wires.has(wire)) unreachable.push(`${def.value} ${model.slug} ${wire}`);
		}
		expect(unreachable).toEqual([]);
	});

	test.each(['enable_copyright_detection', 'output_resolution', 'resolution_tier', 'color_preservation', 'detail_strength', 'fix_compression'])('%s is among the fields asserted', (wire) => {
		expect(CASES.some((c) => c.fields.some((f) => f.spec.wire === wire))).toBe(true);
	});
});

describe('each field set arrives on the wire with its value', () => {
	test.each(CASES.map((c) => [c.title, c] as const))('%s', async (_title, c) => {
		const additionalFields = Object.fromEntries(c.fields.map((f) => [f.spec.name, f.value]));
		const parameters: IDataObject = {
			resource: c.def.resource,
			operation: c.def.value,
			...(c.model ? { model: c.model.slug } : {}),
			...(c.videoModel ? { model: c.videoModel, mode: c.videoMode } : {}),
			...Object.fromEntries(c.base.filter((f) => c.def.required.includes(f.spec)).map((f) => [f.spec.name, f.value])),
			...fileParameters(c.def, c.model),
			additionalFields: { ...additionalFields, ...Object.fromEntries(c.base.filter((f) => !c.def.required.includes(f.spec)).map((f) => [f.spec.name, f.value])) },
			// Only the request matters here: no waiting for jobs, no downloads.
			options: { waitForCompletion: false, downloadImages: false },
		};
		const result = await runIdeogram({ parameters, typeVersion: 2, items: [ITEM], credentials: { provider: 'ideogram', apiKey: KEY, baseUrl: stub.baseUrl } });
		expect(result.error).toBeUndefined();
		const posts = stub.requests.filter((r) => r.method === 'POST');
		expect(posts.map((r) => [r.path, r.status])).toEqual([[expect.any(String), 200]]);
		const body = bodyOf(posts[0]);
		const prefix = c.def.bodyPrefix ?? '';
		// Where the model writes a field otherwise (ModelSpec.sends: 16:9, 1K, P-Image's resolution).
		const sent = (f: Field) => wireOf(c.model, f.spec.wire, f.wire);
		const arrived = [...c.base, ...c.fields].map((f) => ({ field: f.spec.name, wire: sent(f)[0], value: wireValue(body, `${prefix}${sent(f)[0]}`) }));
		expect(arrived).toEqual([...c.base, ...c.fields].map((f) => ({ field: f.spec.name, wire: sent(f)[0], value: sent(f)[1] })));
	});
});
