import type { IDataObject, IExecuteSingleFunctions, INodeExecutionData } from 'n8n-workflow';

import { jobResults } from './jobStatusItems';

/** Ideogram's mark on an SVG among a job's results (GenerationResponse's data entries). */
export const SVG_OBJECT = 'svg.generation';

/** Whether an output item is an SVG (downloads.ts fetches it as SVG, not as a raster image). */
export const isSvgItem = (item: INodeExecutionData): boolean => item.json.object_type === SVG_OBJECT;

/** One item per SVG of a finished job: its link, canvas size and asset ID; the file is attached later. */
export function svgItemsOf(ctx: IExecuteSingleFunctions, body: IDataObject): INodeExecutionData[] {
	return (body.data as IDataObject[]).map((svg, index) => {
		const json: IDataObject = {
			url: svg.url || null,
			width: svg.width,
			height: svg.height,
			mime_type: svg.mime_type,
			// The SVG as an Ideogram asset (Response), for operations that take asset identifiers.
			asset_id: svg.asset_id,
			generation_id: body.generation_id,
			object_type: SVG_OBJECT,
			index,
		};
		if (typeof body.usage_cost_usd_micros === 'number') json.usage_cost_usd_micros = body.usage_cost_usd_micros;
		if (!svg.url) json.warning = 'Ideogram gave no link for this SVG, so there is no file. Completed generations are billed.';
		return { json, pairedItem: { item: ctx.getItemIndex() } };
	});
}

/** Vectorize's answer: the job's status until it is done (jobStatusItems), then its SVGs. */
export const toSvgItems = jobResults('a list of SVGs', svgItemsOf);
