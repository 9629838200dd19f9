import { NodeApiError, type IDataObject, type IExecuteSingleFunctions, type INodeExecutionData, type JsonObject } from 'n8n-workflow';

import { readSettings } from '../limits/retry';
import { displayUrl, fetchImage, SSRF_FIX } from '../transport/download';

const EXTENSIONS: Record<string, string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/webp': 'webp' };

/**
 * Downloads each image into the item's binary data. When one fails, the item fails with every
 * failed image named (link without its signature); the links of all images stay in the error
 * item (see runItem) so nothing that was billed is lost.
 */
export async function downloadImages(
	this: IExecuteSingleFunctions,
	items: INodeExecutionData[],
	timeoutMs?: number,
): Promise<INodeExecutionData[]> {
	const options = this.getNodeParameter('options', {}) as IDataObject;
	if (options.downloadImages === false) return items;
	const field = String(options.binaryPropertyOutput || 'data');
	const timeout = timeoutMs ?? readSettings(this).timeoutMs;
	const withLinks = items.filter((item) => typeof item.json.url === 'string' && item.json.url);
	const problems: string[] = [];
	let blocked = false;
	for (const [n, item] of withLinks.entries()) {
		const url = item.json.url as string;
		const which = withLinks.length > 1 ? `Image ${n + 1} of ${withLinks.length}` : 'The image';
		const fetched = await fetchImage.call(this, url, timeout);
		if (fetched.problem !== undefined) {
			blocked ||= fetched.blocked === true;
			problems.push(`${which} (${displayUrl(url)}) could not be downloaded: ${fetched.problem}`);
			continue;
		}
		const fileName = `ideogram-${item.json.seed ?? 'image'}-${Number(item.json.index ?? n) + 1}.${EXTENSIONS[fetched.mimeType]}`;
		item.binary = {
			...(item.binary ?? {}),
			[field]: await this.helpers.prepareBinaryData(fetched.data, fileName, fetched.mimeType),
		};
	}
	if (problems.length) {
		throw new NodeApiError(this.getNode(), { images: problems.length } as JsonObject, {
			message: problems.length === 1 ? problems[0] : `${problems.length} of ${withLinks.length} images could not be downloaded: ${problems[0]}`,
			description: `${problems.length > 1 ? `${problems.join('\n')}\n` : ''}The images were generated (and billed): their links are in this item's "images" field, valid for about a day, and the node does not generate them again. Download them from there, or turn off "Download Images" to output links only.${blocked ? ` ${SSRF_FIX}` : ''}`,
			itemIndex: this.getItemIndex(),
		});
	}
	return items;
}
