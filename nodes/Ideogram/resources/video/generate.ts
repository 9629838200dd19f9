import { NodeOperationError, type IExecuteSingleFunctions, type INodeProperties } from 'n8n-workflow';

import { fileSlotProperties, slotLocation, sourceCount, type FileSlotSpec } from '../../description/fileSlots';
import type { OperationDefinition } from '../../description/operation';
import { VIDEO_FIELDS } from '../../description/videoFields';
import { FIRST_FRAME, LAST_FRAME, REFERENCE_AUDIO, REFERENCE_IMAGES, SLOTS_BY_MODE } from './files';
import { videoJob, WITH_WEBHOOK } from './job';
import { endpointName, VIDEO_ENDPOINTS, videoEndpointOf, videoModelProperties, videoModelRule, videoModeOf } from './models';

const DEFAULT_MODEL = 'seedance-2-5';

/**
 * Each listed endpoint's own slots: the mode's, with the endpoint's most files of each (Seedance 2
 * takes 3 audio references, Seedance 2.5 ten) and its audio lengths. Made once, so input/files.ts
 * reuses its readers.
 */
const SLOTS: ReadonlyMap<string, readonly FileSlotSpec[]> = new Map(
	[...VIDEO_ENDPOINTS].map(([slug, { model, mode, endpoint }]) => [
		slug,
		SLOTS_BY_MODE[mode].map((slot): FileSlotSpec => {
			const maxCount = endpoint.maxFiles?.[slot.wire];
			const seconds = endpoint.audioSeconds?.[slot.wire];
			if (!maxCount && !seconds) return slot;
			return {
				...slot,
				...(maxCount ? { maxCount } : {}),
				...(seconds ? { seconds: { ...seconds, of: endpointName(model, mode) } } : {}),
			};
		}),
	]),
);

/**
 * The item's input files, after the checks that need no file read: a file the mode has, asked for
 * where the model needs it, and audio only beside an image (every model's rule).
 */
function videoFiles(this: IExecuteSingleFunctions): readonly FileSlotSpec[] {
	const mode = videoModeOf(this);
	const slug = videoEndpointOf(this, DEFAULT_MODEL);
	const found = VIDEO_ENDPOINTS.get(slug);
	const count = (slot: FileSlotSpec) => sourceCount(slot, this.getNodeParameter(slot.param, ''));
	for (const wire of found?.endpoint.requiredFiles ?? []) {
		const slot = SLOTS_BY_MODE[mode].find((s) => s.wire === wire)!;
		// A required top-level slot (the first frame) is asked for by input/files.ts, naming the field.
		if (slot.required || count(slot) > 0) continue;
		throw new NodeOperationError(this.getNode(), `${found!.model.name} needs ${slotLocation(slot)} to make a video from references`, {
			itemIndex: this.getItemIndex(),
			description: `Enter the binary field names (or links) of the images, and name them in the prompt in order (${found!.model.referenceWords ?? 'Image 1'}). MiniMax H3 also makes a video from the prompt alone.`,
		});
	}
	if (mode === 'reference' && count(REFERENCE_AUDIO) > 0 && count(REFERENCE_IMAGES) === 0) {
		throw new NodeOperationError(this.getNode(), `${slotLocation(REFERENCE_AUDIO)} needs a reference image beside it`, {
			itemIndex: this.getItemIndex(),
			description: 'Ideogram takes audio references only together with at least one image: add Reference Images, or remove the audio.',
		});
	}
	return SLOTS.get(slug) ?? SLOTS_BY_MODE[mode];
}

/** Shown for one mode only (the file boxes). */
const forMode = (mode: string, properties: INodeProperties[]): INodeProperties[] =>
	properties.map((p) => ({ ...p, displayOptions: { show: { mode: [mode] } } }));

export const generateVideo: OperationDefinition = {
	...videoJob(WITH_WEBHOOK),
	value: 'generate',
	name: 'Generate',
	action: 'Generate a video',
	description: 'Make a video from a prompt, from a first frame (and an optional last one), or from reference images and audio',
	path: `/v2/video/generate/${DEFAULT_MODEL}-text-to-video`,
	pathFor() {
		return `/v2/video/generate/${videoEndpointOf(this, DEFAULT_MODEL)}`;
	},
	// The endpoint's slug (model and mode): the model rule reads it, and errors name it.
	model() {
		return videoEndpointOf(this, DEFAULT_MODEL);
	},
	required: [VIDEO_FIELDS.prompt],
	optional: [
		VIDEO_FIELDS.aspectRatio,
		VIDEO_FIELDS.cfgScale,
		VIDEO_FIELDS.duration,
		VIDEO_FIELDS.generateAudio,
		VIDEO_FIELDS.negativePrompt,
		VIDEO_FIELDS.private,
		VIDEO_FIELDS.promptExpansionMode,
		VIDEO_FIELDS.resolution,
		VIDEO_FIELDS.shotType,
		VIDEO_FIELDS.targetCollectionId,
	],
	rules: [videoModelRule],
	extraProperties: [
		{
			displayName: 'Mode',
			name: 'mode',
			type: 'options',
			default: 'text',
			description: 'What the video starts from',
			options: [
				{ name: 'Text to Video', value: 'text', description: 'The prompt alone' },
				{ name: 'Image to Video', value: 'image', description: 'A first frame to animate, and optionally a last frame to end on' },
				{ name: 'Reference to Video', value: 'reference', description: 'Reference images (and audio) the prompt names (Seedance, MiniMax H3)' },
			],
		},
		...videoModelProperties(DEFAULT_MODEL),
		...forMode('image', fileSlotProperties([FIRST_FRAME, LAST_FRAME])),
		...forMode('reference', fileSlotProperties([REFERENCE_IMAGES, REFERENCE_AUDIO])),
	],
	files: videoFiles,
};
