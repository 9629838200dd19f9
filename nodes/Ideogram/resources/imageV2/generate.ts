import { NodeOperationError, type IExecuteSingleFunctions } from 'n8n-workflow';

import { slotLocation, sourceCount } from '../../description/fileSlots';
import type { BodyRule, ExclusiveRule, OperationDefinition } from '../../description/operation';
import { V2_FIELDS } from '../../description/v2Fields';
import {
	imagesRequested,
	ONE_COLOR_PALETTE,
	referenceImagesProperty,
	RESOLUTION_OR_ASPECT_RATIO,
	STYLE_CODES_OR_STYLE_TYPE,
} from '../common/imageParts';
import { CHARACTER_REFERENCE_V2, NANO_BANANA_SOURCE_IMAGES, SOURCE_IMAGES, SOURCE_MASK, STYLE_REFERENCES_V2 } from './files';
import { fillV2JsonPrompt, v2PromptTypeProperties } from './jsonPrompt';
import { GENERATE_MODELS, modelFiles, modelProperties, modelRule, modelSlug, modelWire } from './models';

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

/** GPT Image's exact sizes (its spec): sides in multiples of 16 up to 3840, at most 3:1, 655,360 to 8,294,400 pixels. */
const GPT_IMAGE_SIZE = { maxSide: 3840, maxRatio: 3, minPixels: 655_360, maxPixels: 8_294_400 };
const isGptImage = (model?: string) => model?.startsWith('gpt-image-') ?? false;

const gptImageSize: BodyRule = (fields, model) => {
	if (!isGptImage(model) || typeof fields.resolution !== 'string') return undefined;
	const [width, height] = fields.resolution.split('x').map(Number);
	const { maxSide, maxRatio, minPixels, maxPixels } = GPT_IMAGE_SIZE;
	const long = Math.max(width, height);
	const pixels = width * height;
	if (width % 16 === 0 && height % 16 === 0 && long <= maxSide && long <= maxRatio * Math.min(width, height) && pixels >= minPixels && pixels <= maxPixels) return undefined;
	return {
		field: 'resolution',
		problem: `${fields.resolution} is not a size GPT Image makes: each side a multiple of 16 and at most ${maxSide}, the long side at most ${maxRatio} times the short, ${minPixels.toLocaleString('en-US')} to ${maxPixels.toLocaleString('en-US')} pixels in all`,
		fix: 'Pick a size such as 1024x1024, 1920x1088 or 2048x2048, or use Aspect Ratio instead.',
	};
};

/** GPT Image's spec lists no "auto" ratio (Aspect Ratio's default): left out, it makes 1:1. */
const gptImageRatio: BodyRule = (fields, model) =>
	isGptImage(model) && fields.aspect_ratio === 'auto'
		? { field: 'aspect_ratio', problem: '"auto" is not a ratio GPT Image takes', fix: 'Pick a ratio such as 16:9, or remove Aspect Ratio (GPT Image then makes 1:1).' }
		: undefined;

/** P-Image's custom size (its spec): width and height together, at most 2048x2048 in area. */
const P_IMAGE_MAX_PIXELS = 4_194_304;
const pImageCustomSize: BodyRule = (fields) => {
	const width = fields.custom_width as number | undefined;
	const height = fields.custom_height as number | undefined;
	if (width === undefined && height === undefined) return undefined;
	if (width === undefined || height === undefined) {
		const [missing, given] = width === undefined ? ['Custom Width', 'custom_height'] : ['Custom Height', 'custom_width'];
		return { field: given, problem: `needs ${missing} as well`, fix: `Add ${missing} under Additional Fields, or remove this one.` };
	}
	if (width * height <= P_IMAGE_MAX_PIXELS) return undefined;
	return {
		field: 'custom_width',
		problem: `${width}x${height} is ${(width * height).toLocaleString('en-US')} pixels; P-Image makes at most ${P_IMAGE_MAX_PIXELS.toLocaleString('en-US')} (2048x2048)`,
		fix: 'Lower Custom Width or Custom Height.',
	};
};

const CUSTOM_SIZE_FIX = 'Keep one way of sizing: Custom Width and Height (an exact size), Aspect Ratio, or Resolution Tier; remove the others.';

/**
 * P-Image's size class is its `resolution` (models.ts), and its spec's aspect_ratio "cannot be
 * combined with resolution": one way of sizing per request, as Generate's Resolution and Aspect Ratio.
 */
const pImageTierOrRatio: BodyRule = (fields, model) =>
	model === 'p-image-ideogram' && fields.resolution_tier !== undefined && fields.aspect_ratio !== undefined
		? { field: 'resolution_tier', problem: 'cannot be combined with "Aspect Ratio" for P-Image Ideogram (the tier is its Resolution)', fix: CUSTOM_SIZE_FIX }
		: undefined;

const CUSTOM_SIZE_OR_RATIO: ExclusiveRule = { fields: ['custom_width', 'aspect_ratio'], fix: CUSTOM_SIZE_FIX };
const CUSTOM_SIZE_OR_TIER: ExclusiveRule = { fields: ['custom_width', 'resolution_tier'], fix: CUSTOM_SIZE_FIX };

/**
 * v2 takes up to 10 style references of 25 MB each (no 10 MB total as on v1) and one character
 * reference; GPT Image and Nano Banana take source images to edit, GPT Image 2.5 a mask for them.
 */
const REFERENCE_SLOTS = [STYLE_REFERENCES_V2, CHARACTER_REFERENCE_V2, SOURCE_IMAGES, SOURCE_MASK];
const referenceFiles = modelFiles(GENERATE_MODELS, REFERENCE_SLOTS, DEFAULT_MODEL, (model) =>
	model?.slug.startsWith('nano-banana-') ? REFERENCE_SLOTS.map((slot) => (slot === SOURCE_IMAGES ? NANO_BANANA_SOURCE_IMAGES : slot)) : REFERENCE_SLOTS,
);

/** The item's files; GPT Image 2.5's mask goes with the first source image, so it cannot come alone (its spec). */
function generateFiles(this: IExecuteSingleFunctions) {
	const slots = referenceFiles.call(this);
	const given = (slot: typeof SOURCE_MASK) => sourceCount(slot, this.getNodeParameter(slot.param, '')) > 0;
	if (given(SOURCE_MASK) && !given(SOURCE_IMAGES)) {
		throw new NodeOperationError(this.getNode(), `${slotLocation(SOURCE_MASK)} needs ${slotLocation(SOURCE_IMAGES)}`, {
			itemIndex: this.getItemIndex(),
			description: 'The mask marks what to edit in the first source image: add the source images, or remove the mask.',
		});
	}
	return slots;
}

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
		V2_FIELDS.background,
		V2_FIELDS.colorPaletteName,
		V2_FIELDS.colorPaletteMembers,
		V2_FIELDS.customHeight,
		V2_FIELDS.customModelUri,
		V2_FIELDS.customWidth,
		V2_FIELDS.enableCopyrightDetection,
		V2_FIELDS.magicPrompt,
		V2_FIELDS.negativePrompt,
		V2_FIELDS.numImages,
		V2_FIELDS.numInferenceSteps,
		V2_FIELDS.outputResolution,
		V2_FIELDS.private,
		V2_FIELDS.modelQuality,
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
	exclusive: [RESOLUTION_OR_ASPECT_RATIO, STYLE_CODES_OR_STYLE_TYPE, ONE_COLOR_PALETTE, CUSTOM_SIZE_OR_RATIO, CUSTOM_SIZE_OR_TIER],
	rules: [modelRule(GENERATE_MODELS), zImageSize, veryLowNeedsImages, gptImageSize, gptImageRatio, pImageCustomSize, pImageTierOrRatio],
	modelWire: modelWire(GENERATE_MODELS),
	fillBody: fillV2JsonPrompt(DEFAULT_MODEL),
	extraProperties: [
		...modelProperties(GENERATE_MODELS, DEFAULT_MODEL),
		...v2PromptTypeProperties(),
		referenceImagesProperty(REFERENCE_SLOTS),
	],
	files: generateFiles,
	output: { kind: 'images' },
	imagesInFlight: imagesRequested,
};
