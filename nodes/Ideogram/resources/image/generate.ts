import type { IDataObject } from 'n8n-workflow';

import { toImageItems } from '../../hooks/toImageItems';
import { FIELDS } from '../../shared/fields';
import type { OperationDefinition } from '../../shared/operation';

export const generate: OperationDefinition = {
	resource: 'image',
	value: 'generate',
	name: 'Generate',
	action: 'Generate images from a prompt',
	description: 'Create images from a text prompt with Ideogram 3.0',
	path: '/v1/ideogram-v3/generate',
	// Ideogram's schema and every reseller accept JSON here; reference images switch it to multipart.
	encoding: 'json',
	required: [FIELDS.prompt],
	optional: [
		FIELDS.aspectRatio,
		FIELDS.colorPaletteName,
		FIELDS.colorPaletteMembers,
		FIELDS.customModelUri,
		FIELDS.magicPrompt,
		FIELDS.negativePrompt,
		FIELDS.numImages,
		FIELDS.renderingSpeed,
		FIELDS.resolution,
		FIELDS.seed,
		FIELDS.styleCodes,
		FIELDS.stylePreset,
		FIELDS.styleType,
	],
	exclusive: [
		{ fields: ['resolution', 'aspect_ratio'], fix: 'Keep either Resolution (exact size) or Aspect Ratio (shape), and remove the other.' },
		{ fields: ['style_codes', 'style_type'], fix: 'Style codes already fix the style: remove Style Type, or remove Style Codes.' },
		{ fields: ['color_palette.name', 'color_palette.members'], fix: 'Use either a preset Color Palette or a Custom Color Palette, not both.' },
	],
	output: toImageItems,
	imagesInFlight: (body: IDataObject) => Number(body.num_images ?? 1),
};
