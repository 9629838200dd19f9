/**
 * The v2 tables held against Ideogram's spec (test/contract/ideogram-v2-openapi.json): the models
 * and the fields each takes (resources/imageV2/models.ts), and the v2 enums (shared/enums.ts).
 */
import * as enums from '../../nodes/Ideogram/shared/enums';
import { generate } from '../../nodes/Ideogram/resources/imageV2/generate';
import { GENERATE_MODELS } from '../../nodes/Ideogram/resources/imageV2/models';
import { loadV2OpenApi } from '../stub/schema';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Schema = Record<string, any>;
const spec = loadV2OpenApi() as Schema;
const component = (name: string): Schema => {
	const s = spec.components.schemas[name];
	if (!s) throw new Error(`spec has no schema ${name}`);
	return s;
};
const resolve = (s: Schema): Schema => (s?.$ref ? resolve(component(s.$ref.split('/').pop())) : s?.allOf?.length === 1 ? resolve(s.allOf[0]) : s);
const requestSchema = (path: string): Schema => {
	const content = spec.paths[path]?.post?.requestBody?.content;
	if (!content) throw new Error(`spec has no POST ${path}`);
	return resolve((content['application/json'] ?? content['multipart/form-data']).schema);
};
const enumOf = (s: Schema): string[] | undefined => resolve(s)?.enum;

/** The top-level wire names the node's Generate can send. */
const offered = new Set([...generate.required, ...generate.optional].map((f) => f.wire.split('.')[0]));

describe.each(GENERATE_MODELS.map((m) => [m.slug, m] as const))('generate/%s', (slug, model) => {
	const schema = requestSchema(`/v2/image/generate/${slug}`);
	const properties = schema.properties as Record<string, Schema>;

	test('takes a prompt, and every field and file the node lets through for it', () => {
		expect(schema.required).toContain('prompt');
		for (const wire of [...model.fields, ...(model.files ?? [])]) expect([slug, wire, wire in properties]).toEqual([slug, wire, true]);
	});

	test('the node lets through every field of the model it offers', () => {
		const missing = Object.keys(properties).filter((wire) => offered.has(wire) && wire !== 'prompt' && !model.fields.includes(wire));
		expect(missing).toEqual([]);
	});

	test('its narrowed value lists are the model’s own enums', () => {
		for (const [wire, values] of Object.entries(model.values ?? {})) {
			expect([wire, [...values].sort()]).toEqual([wire, [...(enumOf(properties[wire]) ?? [])].sort()]);
		}
	});
});

test.each([
	['RESOLUTIONS_V4', 'ResolutionV4'],
	['ASPECT_RATIOS_V3_V2', 'IdeogramV3AspectRatio'],
	['ASPECT_RATIOS_V4', 'IdeogramV4AspectRatio'],
	['MAGIC_PROMPT_MODES_V2', 'MagicPromptMode'],
	['STYLE_PRESETS_V3_V2', 'IdeogramV3StylePreset'],
	['COLOR_PALETTE_PRESETS_V2', 'IdeogramColorPalettePresetName'],
] as const)('%s is the spec enum %s', (constant, schemaName) => {
	expect([...(enums as Record<string, readonly string[]>)[constant]]).toEqual(component(schemaName).enum);
});

test('the documented v2 style types: the spec enum without custom and stylized (as on v1)', () => {
	expect([...enums.STYLE_TYPES_V3_V2].sort()).toEqual(component('IdeogramV3StyleType').enum.filter((v: string) => !['custom', 'stylized'].includes(v)).sort());
});

test.each([
	['RENDERING_SPEEDS_V2', 'ideogram-4', 'rendering_speed'],
	['QUALITIES_V45', 'ideogram-4-5', 'quality'],
	['OUTPUT_RESOLUTIONS_V4', 'ideogram-4-transparent', 'output_resolution'],
	['TRANSPARENT_UPSCALE_FACTORS_V2', 'ideogram-3-transparent', 'upscale_factor'],
	['RESOLUTION_TIERS', 'auto', 'resolution_tier'],
] as const)('%s is generate/%s’s %s enum', (constant, slug, wire) => {
	const schema = requestSchema(`/v2/image/generate/${slug}`);
	expect([...(enums as Record<string, readonly string[]>)[constant]]).toEqual(enumOf(schema.properties[wire]));
});
