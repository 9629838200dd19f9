import * as enums from '../../../nodes/Ideogram/description/enums';
import { FIELDS } from '../../../nodes/Ideogram/description/fields';
import { loadOpenApi } from '../../stub/schema';

// Ideogram's own schema (test/contract/ideogram-openapi.json), as the stub reads it.
const schema = loadOpenApi() as unknown as { components: { schemas: Record<string, { enum?: string[] }> } };
const schemaEnum = (name: string) => {
	const values = schema.components.schemas[name]?.enum;
	if (!values) throw new Error(`schema has no enum ${name}`);
	return values;
};

// Values the live server schema knows but the public docs do not: the node leaves them out on
// purpose. Anything else missing from the node, or any value the schema lacks, fails.
const UNDOCUMENTED: Record<string, string[]> = {
	RenderingSpeed: ['BALANCED'],
	StyleTypeV3: ['CUSTOM', 'STYLIZED'],
	DescribeModelVersion: ['CUSTOM'],
	ModelEnum: ['V_3', 'AUTO'],
	StyleType: ['CUSTOM', 'STYLIZED'],
};

test.each([
	['RESOLUTIONS_V3', 'ResolutionV3', 69],
	['ASPECT_RATIOS_V3', 'AspectRatioV3', 15],
	['STYLE_PRESETS_V3', 'StylePresetV3', 62],
	['RENDERING_SPEEDS', 'RenderingSpeed', 4],
	['MAGIC_PROMPT_OPTIONS', 'MagicPromptOption', 3],
	['STYLE_TYPES_V3', 'StyleTypeV3', 5],
	['COLOR_PALETTE_PRESETS', 'ColorPalettePresetName', 8],
	['UPSCALE_FACTORS', 'UpscaleFactor', 3],
	['DESCRIBE_MODEL_VERSIONS', 'DescribeModelVersion', 2],
	['LEGACY_MODELS', 'ModelEnum', 6],
	['LEGACY_STYLE_TYPES', 'StyleType', 7],
	['LEGACY_ASPECT_RATIOS', 'AspectRatio', 11],
	['LEGACY_RESOLUTIONS', 'Resolution', 78],
] as const)('%s matches the schema enum %s', (constant, schemaName, count) => {
	const ours = [...(enums as Record<string, readonly string[]>)[constant]];
	const expected = schemaEnum(schemaName).filter((v) => !(UNDOCUMENTED[schemaName] ?? []).includes(v));
	expect(ours).toHaveLength(count);
	expect([...ours].sort()).toEqual([...expected].sort());
});

test('the big lists keep the schema order', () => {
	expect([...enums.RESOLUTIONS_V3]).toEqual(schemaEnum('ResolutionV3'));
	expect([...enums.STYLE_PRESETS_V3]).toEqual(schemaEnum('StylePresetV3'));
	expect([...enums.LEGACY_RESOLUTIONS]).toEqual(schemaEnum('Resolution'));
});

test('the UI offers exactly the enum values', () => {
	const offered = (name: keyof typeof FIELDS) => (FIELDS[name] as { options?: Array<{ value: unknown }> }).options!.map((o) => o.value);
	expect(offered('resolution')).toEqual([...enums.RESOLUTIONS_V3]);
	expect(offered('aspectRatio')).toEqual([...enums.ASPECT_RATIOS_V3]);
	expect(offered('stylePreset')).toEqual([...enums.STYLE_PRESETS_V3]);
	expect(offered('renderingSpeed')).toEqual([...enums.RENDERING_SPEEDS]);
	expect(offered('styleType')).toEqual([...enums.STYLE_TYPES_V3]);
	expect(offered('colorPaletteName')).toEqual([...enums.COLOR_PALETTE_PRESETS]);
});
