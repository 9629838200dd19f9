import { NodeApiError, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type JsonObject } from 'n8n-workflow';

import { DEFAULT_DOWNLOAD_TIMEOUT_SECONDS } from '../description/trigger';
import { attachVideo, type Attached, type StoreContext } from '../output/downloads';
import { displayUrl, fetchImage, SSRF_FIX } from '../transport/download';

const EXTENSIONS: Record<string, string> = {
	'image/png': 'png',
	'image/jpeg': 'jpg',
	'image/webp': 'webp',
	'video/mp4': 'mp4',
	'video/quicktime': 'mov',
	'video/webm': 'webm',
};

/**
 * The trigger's step in its execution: each delivered image or video downloaded into binary data
 * (unless Download Files is off), by the Ideogram node's download rules (transport/download.ts:
 * no key sent, n8n's SSRF policy, Request Options, timeout, size cap, the bytes checked).
 *
 * This runs in the execution, not in the webhook call, so Ideogram gets its 200 as soon as the
 * delivery is verified (a slow download cannot make it retry and deliver twice), and in queue
 * mode the files are fetched on the worker that runs the workflow.
 */
export async function attachFiles(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const out: INodeExecutionData[] = [];
	for (let i = 0; i < items.length; i++) {
		const json = items[i].json;
		const options = this.getNodeParameter('options', i, {}) as IDataObject;
		const url = typeof json.url === 'string' ? json.url : '';
		if (options.downloadFiles === false || !url) {
			out.push({ json, pairedItem: { item: i } });
			continue;
		}
		const timeout = Number(options.downloadTimeout);
		const timeoutMs = (Number.isFinite(timeout) && timeout > 0 ? timeout : DEFAULT_DOWNLOAD_TIMEOUT_SECONDS) * 1000;
		const context: StoreContext = {
			getNode: () => this.getNode(),
			getNodeParameter: (name, fallback) => this.getNodeParameter(name, i, fallback),
			getItemIndex: () => i,
			helpers: this.helpers,
			getExecutionCancelSignal: () => this.getExecutionCancelSignal(),
		};
		const video = json.kind === 'video';
		const name = `ideogram-${String(json.generation_id).replace(/[^A-Za-z0-9_-]/g, '_')}-${Number(json.index ?? 0) + 1}`;
		// A video streams into binary data (never whole in memory), as the Ideogram node's do.
		const attached: Attached = video ? await attachVideo.call(context, url, name, timeoutMs) : await attachImage(context, url, name, timeoutMs);
		if (attached.problem !== undefined) {
			const error = new NodeApiError(this.getNode(), { generation_id: String(json.generation_id) } as JsonObject, {
				message: `The ${video ? 'video' : 'image'} (${displayUrl(url)}) could not be downloaded: ${attached.problem}`,
				description: `Generation ${String(json.generation_id)} was delivered and verified. Its link is in this item's "url" field, valid for about a day; the Ideogram node's Get Generation with this generation_id gives fresh links. Turn off Options → Download Files to output links only.${attached.blocked ? ` ${SSRF_FIX}` : ''}`,
				itemIndex: i,
			});
			if (!this.continueOnFail()) throw error;
			out.push({ json: { ...json, error: error.message }, pairedItem: { item: i } });
			continue;
		}
		const field = String(options.binaryPropertyOutput || 'data');
		out.push({ json, binary: { [field]: attached.binary }, pairedItem: { item: i } });
	}
	return [out];
}

/** An image, read whole (images are small) and stored under its real type. */
async function attachImage(ctx: StoreContext, url: string, name: string, timeoutMs: number): Promise<Attached> {
	const fetched = await fetchImage.call(ctx, url, timeoutMs);
	if (fetched.problem !== undefined) return fetched;
	return { binary: await ctx.helpers.prepareBinaryData(fetched.data, `${name}.${EXTENSIONS[fetched.mimeType] ?? 'bin'}`, fetched.mimeType) };
}
