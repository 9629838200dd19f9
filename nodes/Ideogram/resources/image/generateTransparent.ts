import { RENDERING_SPEEDS } from '../../description/enums';
import { enumOptions, FIELDS, titleCase, type FieldSpec } from '../../description/fields';
import type { OperationDefinition } from '../../description/operation';
import { imagesRequested } from '../common/imageParts';

const NO_FLASH = RENDERING_SPEEDS.filter((speed) => speed !== 'FLASH');

/** Rendering Speed as this endpoint takes it: Ideogram answers FLASH with a 400 here. */
const renderingSpeed: FieldSpec = {
	...FIELDS.renderingSpeed,
	options: enumOptions(NO_FLASH, titleCase),
	check: (value) =>
		NO_FLASH.includes(String(value) as (typeof NO_FLASH)[number])
			? undefined
			: `"${String(value)}" is not available for transparent images (use ${NO_FLASH.join(', ')})`,
};

export const generateTransparent: OperationDefinition = {
	resource: 'image',
	value: 'generateTransparent',
	name: 'Generate Transparent',
	action: 'Generate images with a transparent background',
	description: 'Create PNG images with a transparent background from a text prompt, optionally upscaled',
	path: '/v1/ideogram-v3/generate-transparent',
	// Multipart is the form Ideogram documents for this endpoint (JSON only appears in its raw
	// schema), so it is the one a reseller that forwards the documented form will pass on.
	encoding: 'multipart',
	required: [FIELDS.prompt],
	optional: [
		FIELDS.aspectRatio,
		FIELDS.customModelUri,
		FIELDS.magicPrompt,
		FIELDS.negativePrompt,
		FIELDS.numImages,
		renderingSpeed,
		FIELDS.seed,
		FIELDS.upscaleFactor,
	],
	output: { kind: 'images' },
	imagesInFlight: imagesRequested,
};
