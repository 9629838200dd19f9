import type { IDataObject, IExecuteSingleFunctions, INodeExecutionData } from 'n8n-workflow';

import { jobResults } from './jobStatusItems';

/** Ideogram's mark on a video among a job's results (GenerationResponse's data entries). */
export const VIDEO_OBJECT = 'video.generation';

interface VideoObject {
	url?: string | null;
	prompt?: string;
	duration?: number;
	resolution?: string;
	aspect_ratio?: string;
	object_type?: string;
}

/** Whether an output item is a video (downloads.ts streams it instead of reading it whole). */
export const isVideoItem = (item: INodeExecutionData): boolean => item.json.object_type === VIDEO_OBJECT;

/**
 * One item per video of a finished job, with what Ideogram says of it (length in seconds, tier,
 * actual aspect ratio) and the job's usage cost; the file is attached later (downloads.ts), its
 * type read from its bytes, as the answer gives none.
 */
export function videoItemsOf(ctx: IExecuteSingleFunctions, body: IDataObject): INodeExecutionData[] {
	return (body.data as VideoObject[]).map((video, index) => {
		const json: IDataObject = {
			url: video.url || null,
			prompt: video.prompt,
			duration: video.duration,
			resolution: video.resolution,
			aspect_ratio: video.aspect_ratio,
			generation_id: body.generation_id,
			object_type: VIDEO_OBJECT,
			index,
		};
		// What the whole job cost, when Ideogram prices it by usage.
		if (typeof body.usage_cost_usd_micros === 'number') json.usage_cost_usd_micros = body.usage_cost_usd_micros;
		if (!video.url) json.warning = 'Ideogram gave no link for this video (withheld, or expired), so there is no file. Completed generations are billed.';
		return { json, pairedItem: { item: ctx.getItemIndex() } };
	});
}

/** A video operation's answer: the job's status until it is done (jobStatusItems), then its videos. */
export const toVideoItems = jobResults('a list of videos', videoItemsOf);
