import type { FileSlotSpec } from '../../description/fileSlots';

/**
 * The input files of the video endpoints, with the spec's limits: images up to 50 MB each, audio
 * MP3 or WAV up to 15 MB each. How many references a model takes differs (generate.ts gives each
 * model its own copy of the slots).
 */
const MB = 1024 * 1024;

export const FIRST_FRAME: FileSlotSpec = {
	wire: 'image',
	param: 'image',
	displayName: 'Image',
	description: 'The first frame to animate: JPEG, PNG or WebP, up to 50 MB. The video takes its shape from it (except with Seedance 2, which takes an Aspect Ratio).',
	required: true,
	allowUrl: true,
	default: 'data',
	maxBytes: 50 * MB,
};

export const LAST_FRAME: FileSlotSpec = {
	wire: 'end_image',
	param: 'endImage',
	displayName: 'End Image',
	description: 'Optional last frame: the video moves from the first frame to this one. JPEG, PNG or WebP, up to 50 MB.',
	allowUrl: true,
	maxBytes: 50 * MB,
};

export const REFERENCE_IMAGES: FileSlotSpec = {
	wire: 'reference_images',
	param: 'videoReferenceImages',
	displayName: 'Reference Images',
	description:
		'Images the video draws on, in the order the prompt names them: [Image1] for Seedance 2.5, @Image1 for Seedance 2, Image 1 for MiniMax H3. Up to 9, JPEG, PNG or WebP, 50 MB each. Seedance needs at least one.',
	multiple: true,
	maxCount: 9,
	allowUrl: true,
	maxBytes: 50 * MB,
};

export const REFERENCE_AUDIO: FileSlotSpec = {
	wire: 'reference_audios',
	param: 'referenceAudio',
	displayName: 'Reference Audio',
	description:
		'Optional sound for the video, in the order the prompt names it ([Audio1], @Audio1 or Audio 1): MP3 or WAV, up to 15 MB each, 2 to 15 seconds each and 15 s in all (Seedance 2.5: 30 s). Needs a reference image. Seedance 2 and MiniMax H3 take up to 3 files, Seedance 2.5 up to 10.',
	media: 'audio',
	multiple: true,
	maxCount: 10,
	allowUrl: true,
	maxBytes: 15 * MB,
};

export const SLOTS_BY_MODE = {
	text: [] as FileSlotSpec[],
	image: [FIRST_FRAME, LAST_FRAME],
	reference: [REFERENCE_IMAGES, REFERENCE_AUDIO],
};
