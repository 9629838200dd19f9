/**
 * The v2 tables held against Ideogram's spec (test/contract/ideogram-v2-openapi.json): the models
 * and the fields each takes (resources/imageV2/models.ts), and the v2 enums (description/enums.ts).
 */
import * as enums from '../../../nodes/Ideogram/description/enums';
import { describeImage } from '../../../nodes/Ideogram/resources/imageV2/describe';
import { edit } from '../../../nodes/Ideogram/resources/imageV2/edit';
import { generate } from '../../../nodes/Ideogram/resources/imageV2/generate';
import { layerize } from '../../../nodes/Ideogram/resources/imageV2/layerize';
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
} from '../../../nodes/Ideogram/resources/imageV2/models';
import { reframe } from '../../../nodes/Ideogram/resources/imageV2/reframe';
import { remix } from '../../../nodes/Ideogram/resources/imageV2/remix';
import { removeBackground } from '../../../nodes/Ideogram/resources/imageV2/removeBackground';
import { upscale } from '../../../nodes/Ideogram/resources/imageV2/upscale';
import type { OperationDefinition } from '../../../nodes/Ideogram/description/operation';
import { REFRAME_BY_ASPECT_RATIO } from '../../../nodes/Ideogram/resources/common/imageParts';
import { loadV2OpenApi } from '../../stub/schema';
import { loadMoreOpenApi } from '../../stub/video';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Schema = Record<string, any>;
const spec = loadV2OpenApi() as Schema;
/** The second extract: the partner and more models (Edit's Ideogram 3 Character and Custom Model inpaint). */
const more = loadMoreOpenApi() as Schema;
/** Component names are the same in both extracts where both have one; the first extract's win. */
const component = (name: string): Schema => {
	const s = spec.components.schemas[name] ?? more.components.schemas[name];
	if (!s) throw new Error(`spec has no schema ${name}`);
	return s;
};
const resolve = (s: Schema): Schema => (s?.$ref ? resolve(component(s.$ref.split('/').pop())) : s?.allOf?.length === 1 ? resolve(s.allOf[0]) : s);
/** The multipart schema where the endpoint has one (the node sends files), else the JSON one. */
const requestSchema = (path: string): Schema => {
	const content = (spec.paths[path] ?? more.paths[path])?.post?.requestBody?.content;
	if (!content) throw new Error(`spec has no POST ${path}`);
	return resolve((content['multipart/form-data'] ?? content['application/json']).schema);
};
const enumOf = (s: Schema): string[] | undefined => resolve(s)?.enum;

/** Each v2 operation's model table, and the endpoint of each model. */
const TABLES: Array<[string, OperationDefinition, readonly ModelSpec[], string]> = [
	['generate', generate, GENERATE_MODELS, 'image/generate'],
	['remix', remix, REMIX_MODELS, 'image/remix'],
	['edit', edit, EDIT_MODELS, ''],
	['reframe', reframe, REFRAME_MODELS, 'image/reframe'],
	['removeBackground', removeBackground, REMOVE_BACKGROUND_MODELS, 'image/remove-background'],
	['upscale', upscale, UPSCALE_MODELS, 'image/upscale'],
	['describe', describeImage, DESCRIBE_MODELS, 'image/describe'],
	['layerize', layerize, LAYERIZE_MODELS, 'design/layerize'],
];
const endpointOf = (model: ModelSpec, action: string) => model.path ?? `/v2/${action}/${model.slug}`;

/**
 * Files a model's spec takes that the node does not offer it yet, though the operation has the slot
 * for other models, each with why. Generate's Source Images and Source Mask were added for GPT Image
 * and Nano Banana; Ideogram 4.5 and Auto take `images` too, with rules of their own.
 */
const FILES_NOT_OFFERED: Record<string, string> = {
	'/v2/image/generate/ideogram-4-5 images': 'up to 5, the first edited and the others references; with a mask at most 3 others and no Size',
	'/v2/image/generate/ideogram-4-5 mask': 'black marks the area to edit (GPT Image 2.5: transparent), and it must hold both black and white',
	'/v2/image/generate/auto images': 'not added with the partner models',
};
describe.each(TABLES.flatMap(([op, def, models, action]) => models.map((m) => [`${op} ${endpointOf(m, action)}`, def, m, endpointOf(m, action), models] as const)))(
	'%s',
	(_name, def, model, path, models) => {
		/** The optional file slots the operation has (the image itself every model takes). */
		const slots = new Set(models.flatMap((m) => m.files ?? []));
		const schema = requestSchema(path);
		const properties = schema.properties as Record<string, Schema>;
		/** The top-level wire names the operation can send. */
		const offered = new Set([...def.required, ...def.optional].map((f) => f.wire.split('.')[0]));
		// A required field the model's slug hides is not sent for it (Reframe's Resolution, for the models that take a ratio).
		const always = new Set(def.required.filter((f) => !f.hide?.model?.includes(model.slug)).map((f) => f.wire));
		/** The model's fields as its endpoint names them (ModelSpec.sends). */
		const wireName = (wire: string) => wireOf(model, wire, undefined)[0];
		const modelWires = model.fields.map(wireName);

		test('takes the operation’s required fields, and every field and file the node lets through for it', () => {
			for (const wire of always) expect([path, wire, wire in properties]).toEqual([path, wire, true]);
			for (const wire of [...modelWires, ...(model.files ?? [])]) expect([path, wire, wire in properties]).toEqual([path, wire, true]);
			for (const wire of model.requiredFiles ?? []) expect(properties[wire]).toBeDefined();
		});

		test('the node lets through every field of the model it offers, and asks for those the spec requires', () => {
			const missing = Object.keys(properties).filter((wire) => offered.has(wire) && !always.has(wire) && !modelWires.includes(wire));
			expect(missing).toEqual([]);
			const filesMissing = Object.keys(properties).filter(
				(wire) => slots.has(wire) && !(model.files ?? []).includes(wire) && !FILES_NOT_OFFERED[`${path} ${wire}`],
			);
			expect(filesMissing).toEqual([]);
			for (const wire of (schema.required ?? []) as string[]) {
				expect([wire, always.has(wire) || (model.requiredFields ?? []).includes(wire)]).toEqual([wire, true]);
			}
		});

		test('its most is the spec’s maximum', () => {
			for (const [wire, max] of Object.entries(model.max ?? {})) expect([wire, max]).toEqual([wire, resolve(properties[wire]).maximum]);
		});

		test('its narrowed value lists are the model’s own enums', () => {
			for (const [wire, values] of Object.entries(model.values ?? {})) {
				const sent = values.map((v) => String(wireOf(model, wire, v)[1]));
				expect([wire, sent.sort()]).toEqual([wire, [...(enumOf(properties[wireName(wire)]) ?? [])].sort()]);
			}
		});

		test('each option field it takes offers only values the model takes, or is narrowed', () => {
			for (const spec of [...def.required, ...def.optional]) {
				const wire = spec.wire.split('.')[0];
				const allowed = enumOf(properties[wireName(wire)] ?? {});
				if (!model.fields.includes(wire) && !always.has(wire)) continue;
				if (!allowed || !spec.options || model.values?.[wire]) continue;
				const offeredValues = spec.options.map((o) => String(wireOf(model, wire, String(o.value))[1]));
				expect([wire, offeredValues.filter((v) => !allowed.includes(v))]).toEqual([wire, []]);
			}
		});
	},
);

test.each(TABLES.filter(([, , , action]) => action))('%s lists every model the first extract has for its endpoint, and only models of the extracts', (_op, _def, models, action) => {
	const inSpec = Object.keys(spec.paths).filter((p) => p.startsWith(`/v2/${action}/`));
	const listed = models.map((m) => endpointOf(m, action));
	expect(inSpec.filter((p) => !listed.includes(p))).toEqual([]);
	// The second extract's models not listed yet are named in moreExtractReach.test.ts.
	expect(listed.filter((p) => !spec.paths[p] && !more.paths[p])).toEqual([]);
});

test('edit covers inpaint and precise edit, in both extracts', () => {
	const paths = [...Object.keys(spec.paths), ...Object.keys(more.paths)].filter((p) => /^\/v2\/image\/(inpaint|precise-edit)\//.test(p));
	expect(EDIT_MODELS.map((m) => m.path).sort()).toEqual(paths.sort());
});

test.each([
	['RESOLUTIONS_V4', 'ResolutionV4'],
	['ASPECT_RATIOS_V3_V2', 'IdeogramV3AspectRatio'],
	['ASPECT_RATIOS_V4', 'IdeogramV4AspectRatio'],
	['MAGIC_PROMPT_MODES_V2', 'MagicPromptMode'],
	['STYLE_PRESETS_V3_V2', 'IdeogramV3StylePreset'],
	['COLOR_PALETTE_PRESETS_V2', 'IdeogramColorPalettePresetName'],
	['STYLE_TYPES_V2', 'IdeogramV2StyleType'],
] as const)('%s is the spec enum %s', (constant, schemaName) => {
	expect([...(enums as Record<string, readonly string[]>)[constant]]).toEqual(component(schemaName).enum);
});

test('the documented v2 style types: the spec enum without custom and stylized (as on v1)', () => {
	expect([...enums.STYLE_TYPES_V3_V2].sort()).toEqual(component('IdeogramV3StyleType').enum.filter((v: string) => !['custom', 'stylized'].includes(v)).sort());
});

test.each([
	['RENDERING_SPEEDS_V2', 'generate/ideogram-4', 'rendering_speed'],
	['QUALITIES_V45', 'generate/ideogram-4-5', 'quality'],
	['QUALITIES_V45', 'precise-edit/ideogram-4-5', 'quality'],
	['OUTPUT_RESOLUTIONS_V4', 'generate/ideogram-4-transparent', 'output_resolution'],
	['TRANSPARENT_UPSCALE_FACTORS_V2', 'generate/ideogram-3-transparent', 'upscale_factor'],
	['RESOLUTION_TIERS', 'generate/auto', 'resolution_tier'],
	['UPSCALE_FACTORS_V2', 'upscale/auto', 'upscale_factor'],
	['UPSCALE_TIERS_NANO_BANANA', 'upscale/nano-banana-pro', 'resolution_tier'],
	['SUBJECT_DETECTION', 'upscale/topaz-redefine', 'subject_detection'],
	['ENHANCEMENT_STRENGTHS', 'upscale/topaz-wonder-3-5', 'enhancement_strength'],
] as const)('%s is %s’s %s enum', (constant, slug, wire) => {
	const schema = requestSchema(`/v2/image/${slug}`);
	expect([...(enums as Record<string, readonly string[]>)[constant]]).toEqual(enumOf(schema.properties[wire]));
});

test('Reframe hides its Resolution for exactly the models that need an aspect ratio instead', () => {
	expect([...REFRAME_BY_ASPECT_RATIO].sort()).toEqual(REFRAME_MODELS.filter((m) => m.requiredFields?.includes('aspect_ratio')).map((m) => m.slug).sort());
	expect(REFRAME_MODELS.filter((m) => m.fields.includes('resolution')).map((m) => m.slug)).toEqual(['ideogram-3']);
});
