import {
	NodeApiError,
	type IDataObject,
	type IExecuteSingleFunctions,
	type INodeExecutionData,
	type JsonObject,
} from 'n8n-workflow';

const EXTENSIONS: Record<string, string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/webp': 'webp' };

/** A link without its signature, safe to show in messages. */
export function displayUrl(url: string): string {
	try {
		const u = new URL(url);
		return `${u.origin}${u.pathname}`;
	} catch {
		return '(not a valid URL)';
	}
}

/**
 * Downloads each image into the item's binary data. Plain httpRequest, not the authenticated one:
 * image hosts are often third-party CDNs and must never see the API key.
 */
export async function downloadImages(
	this: IExecuteSingleFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const options = this.getNodeParameter('options', {}) as IDataObject;
	if (options.downloadImages === false) return items;
	const field = String(options.binaryPropertyOutput || 'data');
	for (const item of items) {
		const url = item.json.url;
		if (typeof url !== 'string' || !url) continue;
		const fail = (message: string) =>
			new NodeApiError(this.getNode(), { url: displayUrl(url) } as JsonObject, {
				message,
				description: `Image link: ${displayUrl(url)}. Links expire after about a day; run the item again for a new one, or turn off "Download Images" to output links only.`,
				itemIndex: this.getItemIndex(),
			});
		if (!/^https?:$/.test(new URL(url).protocol)) throw fail('Ideogram returned an image link that is not http(s)');
		let response;
		try {
			response = (await this.helpers.httpRequest({
				method: 'GET',
				url,
				encoding: 'arraybuffer',
				json: false,
				returnFullResponse: true,
				timeout: 120_000,
			})) as { body: ArrayBuffer | Buffer; headers: IDataObject; statusCode: number };
		} catch (error) {
			const status = (error as { httpCode?: string }).httpCode;
			throw fail(`Could not download the image${status ? ` (HTTP ${status})` : ''}`);
		}
		const mimeType = String(response.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
		if (!EXTENSIONS[mimeType]) throw fail(`The image host sent "${mimeType || 'no content type'}" instead of an image`);
		const data = Buffer.from(response.body as ArrayBuffer);
		const fileName = `ideogram-${item.json.seed ?? 'image'}-${Number(item.json.index ?? 0) + 1}.${EXTENSIONS[mimeType]}`;
		item.binary = { [field]: await this.helpers.prepareBinaryData(data, fileName, mimeType) };
	}
	return items;
}
