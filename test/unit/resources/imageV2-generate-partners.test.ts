/**
 * Generate's partner models (GPT Image, Nano Banana, P-Image): the rules the spec states in prose,
 * checked before sending, and the wire form each model writes (ModelSpec.sends). The tables
 * themselves are held against the spec in imageV2-models.test.ts.
 */
import type { IDataObject } from 'n8n-workflow';

import { generate } from '../../../nodes/Ideogram/resources/imageV2/generate';
import { NANO_BANANA_SOURCE_IMAGES, SOURCE_IMAGES } from '../../../nodes/Ideogram/resources/imageV2/files';
import { loadMoreOpenApi } from '../../stub/video';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Schema = Record<string, any>;
const more = loadMoreOpenApi() as Schema;
const propertiesOf = (slug: string): Record<string, Schema> => {
	const ref = more.paths[`/v2/image/generate/${slug}`].post.requestBody.content['multipart/form-data'].schema.$ref as string;
	return more.components.schemas[ref.split('/').pop()!].properties;
};

/** The first rule that refuses the fields for the model, as "field: problem". */
const refusal = (model: string, fields: IDataObject) => {
	for (const rule of generate.rules ?? []) {
		const v = rule(fields, model);
		if (v) return `${v.field}: ${v.problem}`;
	}
	return undefined;
};
const onWire = (model: string, fields: IDataObject) => {
	const copy = { ...fields };
	generate.modelWire?.(copy, model);
	return copy;
};

describe('GPT Image sizes: sides in multiples of 16 up to 3840, at most 3:1, 655,360 to 8,294,400 pixels', () => {
	test.each(['1024x1024', '1920x1088', '2048x2048', '3840x2160', '3840x1280', '816x816'])('%s is taken', (resolution) => {
		for (const model of ['gpt-image-2', 'gpt-image-2-5-flare', 'gpt-image-2-5-sunburst']) expect(refusal(model, { resolution })).toBeUndefined();
	});
	test.each([
		['1920x1080', 'not a multiple of 16'],
		['4096x2048', 'a side over 3840'],
		['3072x1008', 'more than 3:1'],
		['512x1024', 'under 655,360 pixels'],
		['3840x3840', 'over 8,294,400 pixels'],
	])('%s is refused (%s), naming the field and the rule', (resolution) => {
		expect(refusal('gpt-image-2', { resolution })).toMatch(/^resolution: .* is not a size GPT Image makes: each side a multiple of 16 and at most 3840/);
	});
	test('other models keep their own sizes', () => {
		expect(refusal('ideogram-4', { resolution: '1280x720' })).toBeUndefined();
	});
});

test('GPT Image takes no "auto" ratio; other ratios go as 16:9', () => {
	expect(refusal('gpt-image-2-5-flare', { aspect_ratio: 'auto' })).toBe('aspect_ratio: "auto" is not a ratio GPT Image takes');
	expect(refusal('gpt-image-2', { aspect_ratio: '16x9' })).toBeUndefined();
	expect(onWire('gpt-image-2', { aspect_ratio: '16x9', num_images: 2 })).toEqual({ aspect_ratio: '16:9', num_images: 2 });
});

test('Nano Banana: ratios from its own list, written 16:9, and the tier upper-case', () => {
	expect(onWire('nano-banana-2', { aspect_ratio: '8x1', resolution_tier: '4k' })).toEqual({ aspect_ratio: '8:1', resolution_tier: '4K' });
	expect(refusal('nano-banana-pro', { aspect_ratio: '8x1' })).toBe('aspect_ratio: "8x1" is not one of the values Nano Banana Pro takes');
	expect(refusal('nano-banana-2', { aspect_ratio: '16x10' })).toBe('aspect_ratio: "16x10" is not one of the values Nano Banana 2 takes');
	expect(refusal('nano-banana-2', { magic_prompt: 'on' })).toBe('magic_prompt: is not taken by Nano Banana 2 (nano-banana-2)');
});

test('P-Image: its size class goes as its `resolution`; Custom Width and Height together, at most 2048x2048', () => {
	expect(onWire('p-image-ideogram', { resolution_tier: '2k', seed: 5 })).toEqual({ resolution: '2k', seed: 5 });
	expect(refusal('p-image-ideogram', { resolution_tier: '2k', aspect_ratio: '16x9' })).toBe(
		'resolution_tier: cannot be combined with "Aspect Ratio" for P-Image Ideogram (the tier is its Resolution)',
	);
	expect(refusal('auto', { resolution_tier: '2k', aspect_ratio: '16x9' })).toBeUndefined();
	expect(refusal('p-image-ideogram', { resolution_tier: '4k' })).toBe('resolution_tier: "4k" is not one of the values P-Image Ideogram takes');
	expect(refusal('p-image-ideogram', { custom_width: 1024 })).toBe('custom_width: needs Custom Height as well');
	expect(refusal('p-image-ideogram', { custom_width: 2048, custom_height: 2048 })).toBeUndefined();
	expect(refusal('p-image-ideogram', { custom_width: 4096, custom_height: 2048 })).toBe('custom_width: 4096x2048 is 8,388,608 pixels; P-Image makes at most 4,194,304 (2048x2048)');
	expect(refusal('ideogram-4', { custom_width: 1024, custom_height: 1024 })).toBe('custom_width: is not taken by Ideogram 4 (ideogram-4)');
	const exclusive = (generate.exclusive ?? []).map((r) => r.fields.join(' / '));
	expect(exclusive).toEqual(expect.arrayContaining(['custom_width / aspect_ratio', 'custom_width / resolution_tier']));
});

test('Quality: each model its own levels; Ideogram 4.5 keeps refusing what it refused', () => {
	expect(refusal('gpt-image-2-5-sunburst', { quality: 'very_low' })).toBe('quality: "very_low" is not one of the values GPT Image 2.5 Sunburst takes');
	expect(refusal('gpt-image-2-5-flare', { quality: 'auto' })).toBeUndefined();
	expect(refusal('p-image-ideogram', { quality: 'very_high' })).toBeUndefined();
	expect(refusal('ideogram-4-5', { quality: 'auto' })).toBe('quality: "auto" is not one of the values Ideogram 4.5 takes');
	expect(refusal('gpt-image-2', { quality: 'high' })).toBe('quality: is not taken by GPT Image 2 (gpt-image-2)');
});

test('the source image limits are the spec’s: 16 for GPT Image, 10 for Nano Banana', () => {
	expect(SOURCE_IMAGES.maxCount).toBe(propertiesOf('gpt-image-2').images.maxItems);
	expect(SOURCE_IMAGES.maxCount).toBe(propertiesOf('gpt-image-2-5-flare').images.maxItems);
	expect(NANO_BANANA_SOURCE_IMAGES.maxCount).toBe(propertiesOf('nano-banana-2').images.maxItems);
	expect(NANO_BANANA_SOURCE_IMAGES.maxCount).toBe(propertiesOf('nano-banana-pro').images.maxItems);
});
