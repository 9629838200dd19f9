/**
 * The stub's answers for Ideogram 4 on v1 (/v1/ideogram-v4/*), shaped like the spec's response
 * schemas (MagicPromptV4Response, DescribeResponseV4, ImageGenerationResponseV4). The JSON prompts
 * read like Ideogram's: a product photo with an object, a text element and boxes.
 */
import { randomInt } from 'node:crypto';

import type { UploadedFile } from './schema';

export const V4_V1_ROUTE_PATHS = ['/v1/ideogram-v4/generate', '/v1/ideogram-v4/magic-prompt', '/v1/ideogram-v4/describe'] as const;

type Json = Record<string, unknown>;

/** What Describe answers for a product photo; the options trim it as DescribeRequestV4 says. */
export function describedPrompt(image: UploadedFile, p: Json): Json {
	const portrait = (image.height ?? 1) > (image.width ?? 1);
	const elements: Json[] = [
		{
			type: 'obj',
			desc: 'a matte teal ceramic coffee mug with a round handle, seen slightly from above',
			bbox: portrait ? [280, 200, 820, 800] : [220, 330, 880, 670],
			color_palette: ['#1B3A4B', '#F2E8DC'],
		},
		{
			type: 'text',
			text: 'MORNING',
			desc: 'small white serif capitals printed across the front of the mug',
			bbox: portrait ? [500, 330, 560, 670] : [520, 420, 580, 580],
		},
		{ type: 'obj', desc: 'a light oak table top running to the back of the frame', bbox: [760, 0, 1000, 1000] },
	];
	const prompt: Json = {
		high_level_description: 'A studio product photo of a teal ceramic mug with the word "MORNING" on an oak table.',
		compositional_deconstruction: {
			background: 'a plain warm grey wall, softly lit, out of focus',
			elements: p.include_bbox === false ? elements.map((e) => Object.fromEntries(Object.entries(e).filter(([k]) => k !== 'bbox'))) : elements,
		},
	};
	if (p.include_style_descriptions === true) {
		prompt.style_description = {
			medium: 'photograph',
			lighting: 'soft window light from the left, gentle shadow to the right',
			photo: '85 mm lens, shallow depth of field',
			aesthetics: 'calm, minimal, catalogue style',
			color_palette: ['#1B3A4B', '#F2E8DC', '#C8A27A', '#8C8C8C'],
		};
	}
	if (p.include_tags === true) prompt.tags = ['product', 'mug', 'studio', 'minimal'];
	return { json_prompt: prompt };
}

/** Magic Prompt: the text expanded into a JSON prompt; AUTO resolves to a ratio, others are echoed. */
export function magicPrompt(p: Json): Json {
	const text = String(p.text_prompt);
	const ratio = typeof p.aspect_ratio === 'string' && p.aspect_ratio !== 'AUTO' ? p.aspect_ratio : '3x2';
	return {
		json_prompt: {
			high_level_description: `${text.trim().replace(/\.$/, '')}, as a detailed, well-composed image.`,
			style_description: { medium: 'photograph', lighting: 'soft natural light', aesthetics: 'clean and balanced' },
			compositional_deconstruction: {
				background: 'a simple backdrop that keeps attention on the subject',
				elements: [{ type: 'obj', desc: `the main subject: ${text.trim()}`, bbox: [150, 150, 850, 850] }],
			},
		},
		aspect_ratio: ratio,
	};
}

/** Generate: one image; the prompt echoed as Ideogram does (text expanded by magic prompt, JSON as sent). */
export function generated(p: Json, imageUrl: (width: number, height: number, seed: number) => string): Json {
	const size = /^(\d+)x(\d+)$/.exec(String(p.resolution ?? '1024x1024'))!;
	const seed = typeof p.seed === 'number' ? p.seed : randomInt(0, 2147483647);
	const prompt = p.json_prompt !== undefined ? JSON.stringify(p.json_prompt) : `Enhanced: ${String(p.text_prompt)}`;
	return {
		created: new Date().toISOString(),
		data: [{ url: imageUrl(Number(size[1]), Number(size[2]), seed), prompt, resolution: `${size[1]}x${size[2]}`, seed, is_image_safe: true }],
		response_type: 'url',
	};
}
