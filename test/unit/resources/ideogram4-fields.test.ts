/** The v1 Ideogram 4 fields' value lists, held against the spec (test/contract/ideogram-v2-openapi.json). */
import { MAGIC_PROMPT_ASPECT_RATIOS, RENDERING_SPEEDS_V4_V1, V4_V1_FIELDS } from '../../../nodes/Ideogram/resources/ideogram4/fields';
import { loadV2OpenApi } from '../../stub/schema';

const schemas = loadV2OpenApi().components.schemas;

test('Magic Prompt’s aspect ratios are AspectRatioV4, AUTO first', () => {
	expect(MAGIC_PROMPT_ASPECT_RATIOS).toEqual(schemas.AspectRatioV4.enum);
	expect(V4_V1_FIELDS.aspectRatio.default).toBe(schemas.AspectRatioV4.default);
});

test('rendering speeds: RenderingSpeed without FLASH (400 on Ideogram 4) and BALANCED (not Ideogram 4’s)', () => {
	expect(schemas.RenderingSpeed.enum).toEqual(expect.arrayContaining([...RENDERING_SPEEDS_V4_V1, 'FLASH']));
	expect(schemas.GenerateImageRequestV4.properties.rendering_speed.description).toMatch(/FLASH[\s\S]*400/);
});

test('Generate’s resolutions are ResolutionV4', () => {
	expect((V4_V1_FIELDS.resolution.options ?? []).map((o) => o.value)).toEqual(schemas.ResolutionV4.enum);
});

test('every v1 Ideogram 4 field is one its request schema has', () => {
	const has = (name: string) => Object.keys(schemas[name].properties);
	expect(has('MagicPromptV4Request')).toEqual(expect.arrayContaining(['text_prompt', 'aspect_ratio']));
	expect(has('DescribeRequestV4')).toEqual(expect.arrayContaining(['include_bbox', 'include_style_descriptions', 'include_tags']));
	expect(has('GenerateImageRequestV4')).toEqual(
		expect.arrayContaining(['text_prompt', 'json_prompt', 'resolution', 'rendering_speed', 'seed', 'custom_model_uri', 'enable_copyright_detection']),
	);
	expect(schemas.DescribeRequestV4.properties.include_bbox.default).toBe(V4_V1_FIELDS.includeBbox.default);
});
