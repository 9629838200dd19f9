import { ASPECT_RATIOS_V4, RESOLUTIONS_V4 } from '../../description/enums';
import { enumOptions, FIELDS, oneOf, titleCase, type FieldSpec } from '../../description/fields';
import { V2_FIELDS } from '../../description/v2Fields';

/**
 * The fields of Ideogram 4's v1 endpoints (/v1/ideogram-v4/*), from the spec's
 * GenerateImageRequestV4, MagicPromptV4Request and DescribeRequestV4. v1 names the prompt
 * `text_prompt` and writes its enums as v1 does (rendering speed in capitals, aspect ratio AUTO).
 */

/** AspectRatioV4: Ideogram 4's 17 ratios and AUTO, which lets Magic Prompt pick one. */
export const MAGIC_PROMPT_ASPECT_RATIOS = ASPECT_RATIOS_V4.map((r) => (r === 'auto' ? 'AUTO' : r));
/** RenderingSpeed for Ideogram 4 on v1: FLASH is in the enum but answered 400 ("coming soon"). */
export const RENDERING_SPEEDS_V4_V1 = ['TURBO', 'DEFAULT', 'QUALITY'] as const;

export const V4_V1_FIELDS = {
	prompt: { ...FIELDS.prompt, wire: 'text_prompt' },
	aspectRatio: {
		displayName: 'Aspect Ratio',
		name: 'aspectRatio',
		wire: 'aspect_ratio',
		type: 'options',
		default: 'AUTO',
		description: 'The shape the JSON prompt is written for; Auto lets Ideogram pick one and return it as aspect_ratio',
		options: enumOptions(MAGIC_PROMPT_ASPECT_RATIOS, (v) => (v === 'AUTO' ? 'Auto' : v.replace('x', ':'))),
		check: oneOf(MAGIC_PROMPT_ASPECT_RATIOS),
	},
	// The same three fields as v2's Describe (Ideogram 4): one definition each.
	includeBbox: V2_FIELDS.includeBbox,
	includeStyleDescriptions: V2_FIELDS.includeStyleDescriptions,
	includeTags: V2_FIELDS.includeTags,
	resolution: {
		...V2_FIELDS.resolution,
		description: 'Exact output size from Ideogram 4’s 38 sizes (1K and 2K). Left out, the model picks the shape.',
		options: enumOptions(RESOLUTIONS_V4),
		check: oneOf(RESOLUTIONS_V4),
	},
	renderingSpeed: { ...FIELDS.renderingSpeed, options: enumOptions(RENDERING_SPEEDS_V4_V1, titleCase), check: oneOf(RENDERING_SPEEDS_V4_V1) },
	seed: FIELDS.seed,
	customModelUri: FIELDS.customModelUri,
	enableCopyrightDetection: V2_FIELDS.enableCopyrightDetection,
} satisfies Record<string, FieldSpec>;
