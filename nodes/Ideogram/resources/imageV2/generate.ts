import type { BodyRule, OperationDefinition } from '../../description/operation';
import { V2_FIELDS } from '../../description/v2Fields';
import {
	imagesRequested,
	ONE_COLOR_PALETTE,
	referenceImagesProperty,
	RESOLUTION_OR_ASPECT_RATIO,
	STYLE_CODES_OR_STYLE_TYPE,
} from '../common/imageParts';
import { CHARACTER_REFERENCE_V2, STYLE_REFERENCES_V2 } from './files';
import { fillV2JsonPrompt, v2PromptTypeProperties } from './jsonPrompt';
import { GENERATE_MODELS, modelFiles, modelProperties, modelRule, modelSlug } from './models';

const DEFAULT_MODEL = 'ideogram-4';

/** Z-Image's sizes (its spec): each side a multiple of 16, at most 1,048,576 pixels (1024x1024) in all. */
const Z_IMAGE_MAX_AREA = 1_048_576;
/**
 * Ideogram 4.5's quality very_low requires source images (its spec), and Generate sends none: refused
 * here rather than by Ideogram after the round trip.
 */
const veryLowNeedsImages: BodyRule = (fields, model) =>
	model === 'ideogram-4-5' && fields.quality === 'very_low'
		? {
				field: 'quality',
				problem: '"very_low" needs source images, and Generate sends none (Ideogram 4.5 refuses it without them)',
				fix: 'Pick Low, Medium or High; or edit an image with Edit (Ideogram 4.5), which sends one.',
			}
		: undefined;

const zImageSize: BodyRule = (fields, model) => {
	if (model !== 'z-image' || typeof fields.resolution !== 'string') return undefined;
	const [width, height] = fields.resolution.split('x').map(Number);
	if (width % 16 === 0 && height % 16 === 0 && width * height <= Z_IMAGE_MAX_AREA) return undefined;
	return {
		field: 'resolution',
		problem: `${fields.resolution} is not a size Z-Image makes: each side must be a multiple of 16, and the area at most 1024x1024`,
		fix: 'Pick a size such as 1024x1024, 1024x576 or 768x1024, or remove Resolution (Z-Image then makes 1024x1024).',
	};
};

/** v2 takes up to 10 style references of 25 MB each (no 10 MB total as on v1) and one character reference. */
const REFERENCE_SLOTS = [STYLE_REFERENCES_V2, CHARACTER_REFERENCE_V2];

export const generate: OperationDefinition = {
	resource: 'imageV2',
	value: 'generate',
	name: 'Generate',
	action: 'Generate images from a prompt',
	description: 'Create images from a text prompt, or a JSON prompt for Ideogram 4 and 4.5, with any current Ideogram model',
	path: '/v2/image/generate/ideogram-4',
	pathFor() {
		return `/v2/image/generate/${modelSlug(this, DEFAULT_MODEL)}`;
	},
	model() {
		return modelSlug(this, DEFAULT_MODEL);
	},
	officialOnly: { instead: 'the resource "Image (Ideogram 3.0, v1 API)" → Generate' },
	quotable: true,
	// Auto's endpoint takes no webhook_url (the spec lists it on every other model's).
	job: { kind: 'submit', asyncField: true, webhook: true, noWebhookModels: ['auto'] },
	// JSON unless reference images are attached (then multipart, as Ideogram 3's models take them).
	encoding: 'json',
	required: [V2_FIELDS.prompt],
	optional: [
		V2_FIELDS.aspectRatio,
		V2_FIELDS.colorPaletteName,
		V2_FIELDS.colorPaletteMembers,
		V2_FIELDS.customModelUri,
		V2_FIELDS.enableCopyrightDetection,
		V2_FIELDS.magicPrompt,
		V2_FIELDS.negativePrompt,
		V2_FIELDS.numImages,
		V2_FIELDS.numInferenceSteps,
		V2_FIELDS.outputResolution,
		V2_FIELDS.private,
		V2_FIELDS.quality,
		V2_FIELDS.renderingSpeed,
		V2_FIELDS.resolution,
		V2_FIELDS.resolutionTier,
		V2_FIELDS.seed,
		V2_FIELDS.size,
		V2_FIELDS.styleCodes,
		V2_FIELDS.stylePreset,
		V2_FIELDS.styleType,
		V2_FIELDS.upscaleFactor,
	],
	exclusive: [RESOLUTION_OR_ASPECT_RATIO, STYLE_CODES_OR_STYLE_TYPE, ONE_COLOR_PALETTE],
	rules: [modelRule(GENERATE_MODELS), zImageSize, veryLowNeedsImages],
	fillBody: fillV2JsonPrompt(DEFAULT_MODEL),
	extraProperties: [
		...modelProperties(GENERATE_MODELS, DEFAULT_MODEL),
		...v2PromptTypeProperties(),
		referenceImagesProperty(REFERENCE_SLOTS),
	],
	files: modelFiles(GENERATE_MODELS, REFERENCE_SLOTS, DEFAULT_MODEL),
	output: { kind: 'images' },
	imagesInFlight: imagesRequested,
};
