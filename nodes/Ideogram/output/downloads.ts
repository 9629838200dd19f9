import { NodeApiError, type IBinaryData, type IExecuteSingleFunctions, type INodeExecutionData, type JsonObject } from 'n8n-workflow';

import { itemOptions } from '../description/options';
import { readSettings } from '../limits/retry';
import { displayUrl, fetchImage, fetchSvg, fetchVideo, SSRF_FIX, type DownloadContext } from '../transport/download';
import { isSvgItem } from './svgItems';
import { isVideoItem } from './videoItems';

const EXTENSIONS: Record<string, string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/webp': 'webp', 'image/svg+xml': 'svg', 'video/mp4': 'mp4', 'video/quicktime': 'mov', 'video/webm': 'webm' };

/**
 * What storing a download needs of a node's context: the download's, and n8n's binary data helpers
 * (the Ideogram node's item, or the Ideogram Trigger's execution).
 */
export interface StoreContext extends DownloadContext {
	helpers: DownloadContext['helpers'] & Pick<IExecuteSingleFunctions['helpers'], 'prepareBinaryData' | 'getBinaryMetadata'>;
}

/** One file attached, or why not. */
export type Attached = { binary: IBinaryData; problem?: undefined } | { problem: string; blocked?: boolean };

/**
 * Downloads each image (or video) into the item's binary data. When one fails, the item fails with
 * every failed file named (link without its signature); the links of all stay in the error item
 * (see runItem) so nothing that was billed is lost.
 */
export async function downloadImages(
	this: IExecuteSingleFunctions,
	items: INodeExecutionData[],
	timeoutMs?: number,
): Promise<INodeExecutionData[]> {
	const options = itemOptions(this);
	// Links only: "Download Images" off (Get Generation of a video job too), or "Download Videos" off.
	const wanted = (item: INodeExecutionData) => options.downloadImages !== false && (!isVideoItem(item) || options.downloadVideos !== false);
	const field = String(options.binaryPropertyOutput || 'data');
	const timeout = timeoutMs ?? readSettings(this).timeoutMs;
	const withLinks = items.filter((item) => typeof item.json.url === 'string' && item.json.url && wanted(item));
	const noun = withLinks.length && withLinks.every(isVideoItem) ? 'video' : 'image';
	const problems: string[] = [];
	let blocked = false;
	for (const [n, item] of withLinks.entries()) {
		const url = item.json.url as string;
		const which = withLinks.length > 1 ? `${noun === 'video' ? 'Video' : 'Image'} ${n + 1} of ${withLinks.length}` : `The ${noun}`;
		const name = isVideoItem(item)
			? `ideogram-${item.json.generation_id ?? 'video'}-${Number(item.json.index ?? n) + 1}`
			: `ideogram-${item.json.seed ?? 'image'}-${Number(item.json.index ?? n) + 1}`;
		const attached = isVideoItem(item)
			? await attachVideo.call(this, url, name, timeout)
			: await attachImage.call(this, url, isSvgItem(item) ? `ideogram-${item.json.generation_id ?? 'svg'}-${Number(item.json.index ?? n) + 1}` : name, timeout, isSvgItem(item));
		if (attached.problem !== undefined) {
			blocked ||= attached.blocked === true;
			problems.push(`${which} (${displayUrl(url)}) could not be downloaded: ${attached.problem}`);
			continue;
		}
		item.binary = { ...(item.binary ?? {}), [field]: attached.binary };
	}
	if (problems.length) {
		const files = `${noun}s`;
		throw new NodeApiError(this.getNode(), { [files]: problems.length } as JsonObject, {
			message: problems.length === 1 ? problems[0] : `${problems.length} of ${withLinks.length} ${files} could not be downloaded: ${problems[0]}`,
			description: `${problems.length > 1 ? `${problems.join('\n')}\n` : ''}The ${files} were generated (and billed): their links are in this item's "images" field, valid for about a day, and the node does not generate them again. Download them from there, or turn off "Download ${noun === 'video' ? 'Videos' : 'Images'}" to output links only.${blocked ? ` ${SSRF_FIX}` : ''}`,
			itemIndex: this.getItemIndex(),
		});
	}
	return items;
}

async function attachImage(this: IExecuteSingleFunctions, url: string, name: string, timeoutMs: number, svg = false): Promise<Attached> {
	const fetched = svg ? await fetchSvg.call(this, url, timeoutMs) : await fetchImage.call(this, url, timeoutMs);
	if (fetched.problem !== undefined) return fetched;
	return { binary: await this.helpers.prepareBinaryData(fetched.data, `${name}.${EXTENSIONS[fetched.mimeType]}`, fetched.mimeType) };
}

/**
 * A video goes from the connection straight into n8n's binary data (to disk in filesystem mode),
 * never whole in memory; its type comes from its first bytes. A transfer that ended early without
 * an error shows in the stored size, checked against the size the host announced.
 */
export async function attachVideo(this: StoreContext, url: string, name: string, timeoutMs: number): Promise<Attached> {
	const fetched = await fetchVideo<IBinaryData>(this, url, timeoutMs, async (stream, mimeType) =>
		// A Node stream, which prepareBinaryData takes as it takes a Buffer (typed as 'stream' Readable).
		await this.helpers.prepareBinaryData(stream as unknown as Buffer, `${name}.${EXTENSIONS[mimeType] ?? 'mp4'}`, mimeType),
	);
	if (fetched.problem !== undefined) return fetched;
	const stored = await storedBytes.call(this, fetched.stored);
	if (fetched.announcedBytes !== undefined && stored !== undefined && stored < fetched.announcedBytes) {
		return { problem: `the connection closed after ${stored} of ${fetched.announcedBytes} bytes (truncated)` };
	}
	return { binary: fetched.stored };
}

/** How many bytes n8n stored: `bytes` (n8n 2.x), the file's metadata (1.x on disk), or the base64 kept in memory. */
async function storedBytes(this: StoreContext, binary: IBinaryData): Promise<number | undefined> {
	const bytes = (binary as IBinaryData & { bytes?: number }).bytes;
	if (typeof bytes === 'number') return bytes;
	if (binary.id) return (await this.helpers.getBinaryMetadata(binary.id)).fileSize;
	return binary.data ? Buffer.byteLength(binary.data, 'base64') : undefined;
}
