import type { IDataObject } from 'n8n-workflow';

import type { BodyRule, OperationDefinition } from '../../description/operation';
import { ASSET_FIELDS, TOOL_FIELDS, VIDEO_FIELDS } from '../../description/videoFields';
import { videoJob, WITH_WEBHOOK } from './job';

/** The spec's rules for the replaced span: it ends after it starts, and the clip is anchored on at least one end. */
const spanRule: BodyRule = (fields: IDataObject) => {
	const start = Number(fields.start_frame_time);
	const end = Number(fields.end_frame_time);
	if (end <= start) {
		return { field: 'end_frame_time', problem: `is ${end} s, not after Start Frame Time (${start} s)`, fix: 'Enter the second the replaced span ends at, after the one it starts at.' };
	}
	if (fields.is_start_frame_included === false && fields.is_end_frame_included !== true) {
		return {
			field: 'is_start_frame_included',
			problem: 'is off, and so is Include End Frame: the new clip must join the video at one end at least',
			fix: 'Turn on Include Start Frame (Ideogram’s default), or add Include End Frame and turn it on.',
		};
	}
	return undefined;
};

/**
 * Seedance 2's video edit: a span of a video stored at Ideogram (named by its asset identifier)
 * replaced by a clip made from the prompt. The result keeps the source's frame and rate.
 */
export const editVideo: OperationDefinition = {
	...videoJob(WITH_WEBHOOK),
	value: 'edit',
	name: 'Edit',
	action: 'Edit a stored video',
	description: 'Replace a span of a video stored at Ideogram with a clip made from a prompt (Seedance 2)',
	path: '/v2/video/edit/seedance-2',
	// Named in the advice of a 403 (a model the organization may not use).
	model: () => 'seedance-2',
	required: [VIDEO_FIELDS.prompt, ASSET_FIELDS.assetType('video_asset_identifier'), ASSET_FIELDS.videoAssetId, TOOL_FIELDS.startFrameTime, TOOL_FIELDS.endFrameTime],
	optional: [
		TOOL_FIELDS.editDuration,
		VIDEO_FIELDS.generateAudio,
		TOOL_FIELDS.isEndFrameIncluded,
		TOOL_FIELDS.isStartFrameIncluded,
		VIDEO_FIELDS.private,
		TOOL_FIELDS.editResolution,
		VIDEO_FIELDS.targetCollectionId,
	],
	rules: [spanRule],
};
