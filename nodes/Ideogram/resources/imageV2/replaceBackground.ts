import { REPLACE_BACKGROUND_QUALITIES } from '../../description/enums';
import { enumOptions, oneOf, titleCase, type FieldSpec } from '../../description/fields';
import { fileSlotProperties, type FileSlotSpec } from '../../description/fileSlots';
import type { OperationDefinition } from '../../description/operation';
import { promptUpTo, V2_FIELDS } from '../../description/v2Fields';
import { imagesRequested } from '../common/imageParts';
import { imageSlot } from './files';
import { modelProperties, modelRule, modelSlug, type ModelSpec } from './models';

/** v2 takes source images up to 50 MB. */
export const V2_IMAGE_SLOT: FileSlotSpec = imageSlot(50);

/**
 * The models, Ideogram's own first (the default). GPT Image 2 (test/contract/ideogram-v2-more-openapi.json)
 * takes a Quality of its own in place of Rendering Speed. With two models the list offers "Other",
 * which reaches models named since (Ideogram 4.5 in the newer guide) with the fields as they are.
 */
export const REPLACE_BACKGROUND_MODELS: readonly ModelSpec[] = [
	{
		slug: 'ideogram-3',
		name: 'Ideogram 3',
		description: 'Keeps the detected subject and paints a new background from the prompt',
		fields: ['num_images', 'private', 'rendering_speed'],
	},
	{
		slug: 'gpt-image-2',
		name: 'GPT Image 2',
		description: 'OpenAI’s GPT Image 2 paints the new background; Quality in place of Rendering Speed',
		fields: ['num_images', 'private', 'quality'],
		values: { quality: REPLACE_BACKGROUND_QUALITIES },
	},
];
const MODELS = REPLACE_BACKGROUND_MODELS;

/** GPT Image 2's quality tiers here (ReplaceBackgroundQuality): Ideogram 4.5's without very_low, so its own list. */
const QUALITY: FieldSpec = {
	...V2_FIELDS.quality,
	description: 'GPT Image 2 only, in place of Rendering Speed: higher takes longer and may add detail',
	options: enumOptions(REPLACE_BACKGROUND_QUALITIES, (v) => titleCase(v.toUpperCase())),
	check: oneOf(REPLACE_BACKGROUND_QUALITIES),
};

export const replaceBackground: OperationDefinition = {
	resource: 'imageV2',
	value: 'replaceBackground',
	name: 'Replace Background',
	action: 'Replace the background of an image',
	description: 'Keep the subject of an image and replace everything behind it, from a prompt (no mask needed)',
	path: '/v2/image/replace-background/ideogram-3',
	pathFor() {
		return `/v2/image/replace-background/${modelSlug(this, 'ideogram-3')}`;
	},
	model() {
		return modelSlug(this, 'ideogram-3');
	},
	officialOnly: { instead: 'the resource "Image (Ideogram 3.0, v1 API)" → Replace Background' },
	quotable: true,
	// Ideogram runs it only as a job: it always answers with a generation id.
	job: { kind: 'submit', webhook: true },
	encoding: 'multipart',
	required: [promptUpTo(4_000)],
	optional: [V2_FIELDS.numImages, V2_FIELDS.private, QUALITY, V2_FIELDS.renderingSpeed],
	rules: [modelRule(MODELS)],
	extraProperties: [...modelProperties(MODELS, 'ideogram-3'), ...fileSlotProperties([V2_IMAGE_SLOT])],
	files: [V2_IMAGE_SLOT],
	output: { kind: 'images' },
	imagesInFlight: imagesRequested,
};
