import type { IDataObject, IExecuteSingleFunctions } from 'n8n-workflow';

import { headerValue } from '../errors/answer';
import { transportKind } from '../errors/connection';
import { linkSignals, seconds } from '../limits/retry';
import { transportOptions, type OptionsContext } from './requestOptions';

/** No Ideogram image comes near this (an X4-upscaled RGBA PNG is about 70 MB at worst). */
export const MAX_IMAGE_BYTES = 100 * 1024 * 1024;

/**
 * What a download needs of a node's context: the Ideogram node's item, or the Ideogram Trigger's
 * item in its execution (see webhooks/files.ts).
 */
export interface DownloadContext extends OptionsContext {
	helpers: { httpRequest: IExecuteSingleFunctions['helpers']['httpRequest'] };
	getExecutionCancelSignal?(): AbortSignal | undefined;
}

/** A link without its signature (or any query), safe to show in messages. */
export function displayUrl(url: string): string {
	try {
		const u = new URL(url);
		return `${u.origin}${u.pathname}`;
	} catch {
		return '(not a valid URL)';
	}
}

/** The image format the bytes really are, whatever the host claimed. */
export function sniffImage(data: Buffer): string | undefined {
	if (data.length >= 8 && data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
		return 'image/png';
	if (data.length >= 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg';
	if (data.length >= 12 && data.toString('latin1', 0, 4) === 'RIFF' && data.toString('latin1', 8, 12) === 'WEBP')
		return 'image/webp';
	return undefined;
}

/**
 * One file's bytes, or why it could not be had (in words, without the link's signature).
 * `blocked` is set when n8n's SSRF protection refused the address, so callers can give that fix.
 */
type Fetched = { data: Buffer; mimeType: string; problem?: undefined } | { problem: string; blocked?: boolean };

/**
 * What a download must be: the host's name in messages, the Accept header, which declared types are
 * let through (the bytes decide: hosts often say octet-stream), and the type the bytes really are.
 */
export interface FetchedMedia {
	/** "image host": the words for the host in messages. */
	host: string;
	/** "image": the words for one file. */
	file: string;
	accept: string;
	claimedOk: (contentType: string) => boolean;
	sniff: (data: Buffer) => string | undefined;
	/** "a PNG, JPEG or WebP image": what the bytes should have been. */
	expected: string;
}

const IMAGE_MEDIA: FetchedMedia = {
	host: 'image host',
	file: 'image',
	accept: 'image/png, image/jpeg, image/webp, image/*',
	claimedOk: (type) => type.startsWith('image/') || type.endsWith('/octet-stream'),
	sniff: sniffImage,
	expected: 'a PNG, JPEG or WebP image',
};

/** What the user (or their admin) can do about a download n8n's SSRF protection refused. */
export const SSRF_FIX =
	"n8n's SSRF protection (N8N_SSRF_PROTECTION_ENABLED) refuses private, loopback, link-local and cloud-metadata addresses. If this host is meant to be reachable, the n8n administrator can allow it with N8N_SSRF_ALLOWED_HOSTNAMES or N8N_SSRF_ALLOWED_IP_RANGES; otherwise use a public link, or pass the file as binary data.";

/**
 * The address n8n's SSRF protection (n8n 2.x, @n8n/backend-network) refused, if that is why the
 * request failed: SsrfBlockedIpError / SsrfBlockedHostnameError, thrown before connecting for a
 * literal IP, or from the DNS lookup (then wrapped by axios, hence the walk through `cause`).
 */
export function ssrfBlocked(error: unknown): { why: string } | undefined {
	const seen = new Set<unknown>();
	for (let level = error; level && typeof level === 'object' && !seen.has(level); level = (level as { cause?: unknown }).cause) {
		seen.add(level);
		const e = level as { name?: unknown; ip?: unknown; hostname?: unknown };
		if (e.name === 'SsrfBlockedIpError') {
			const target = typeof e.hostname === 'string' && e.hostname ? `${e.hostname} (${String(e.ip)})` : String(e.ip);
			return { why: `${target} is a restricted address` };
		}
		if (e.name === 'SsrfBlockedHostnameError') return { why: `the host ${String(e.hostname)} is on its blocked list` };
	}
	return undefined;
}

/** The response body in stream mode: Node's IncomingMessage, typed without importing 'stream'. */
export interface ByteStream extends AsyncIterable<unknown> {
	destroy(error?: Error): void;
}

/** Reads the body up to the size cap; a body shorter than its Content-Length was truncated. */
async function readCapped(stream: ByteStream, expected: number, maxBytes: number): Promise<Buffer | string> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of stream) {
		const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
		size += buf.length;
		if (size > maxBytes) {
			stream.destroy();
			return `it is larger than the ${maxBytes / 1024 / 1024} MB cap`;
		}
		chunks.push(buf);
	}
	const data = Buffer.concat(chunks);
	if (expected > 0 && data.length < expected)
		return `the connection closed after ${data.length} of ${expected} bytes (truncated)`;
	return data;
}

/**
 * Fetches one image with a plain request (no credential: image hosts are often third-party CDNs
 * and must never see the API key), http(s) only, within the timeout and the size cap. Used for
 * Ideogram's results and for input images given as links (input/files.ts). It goes through
 * n8n's `httpRequest` helper, so n8n's outbound policy (SSRF protection in n8n 2.x, proxy
 * environment variables) applies, and through the node's Request Options (proxy, Ignore SSL
 * Issues) like the API call; see requestOptions.ts.
 */
export async function fetchImage(
	this: DownloadContext,
	url: string,
	timeoutMs: number,
	maxBytes = MAX_IMAGE_BYTES,
): Promise<Fetched> {
	return await fetchFile.call(this, url, timeoutMs, maxBytes, IMAGE_MEDIA);
}

/** One file of the given kind, fetched as fetchImage fetches images (input audio references use it). */
export async function fetchFile(
	this: DownloadContext,
	url: string,
	timeoutMs: number,
	maxBytes: number,
	media: FetchedMedia,
): Promise<Fetched> {
	return await download(this, url, timeoutMs, maxBytes, media, async (stream, { claimed, length }): Promise<Fetched> => {
		const data = await readCapped(stream, length, maxBytes);
		if (typeof data === 'string') return { problem: data };
		const mimeType = media.sniff(data);
		if (!mimeType)
			return {
				problem: `the ${media.host} sent ${data.length} bytes that are not ${media.expected}${claimed ? ` (it said "${claimed}")` : ''}`,
			};
		return { data, mimeType };
	});
}

/** An SVG by its text: an <svg> root, after an optional XML declaration, comments or a doctype. */
export function sniffSvg(data: Buffer): string | undefined {
	const head = data.subarray(0, 4096).toString('utf8').replace(/^\uFEFF/, '').trimStart();
	const root = head.replace(/^(<\?xml[^>]*>|<!--[\s\S]*?-->|<!DOCTYPE[^>]*>|\s)+/i, '');
	return /^<svg[\s>]/i.test(root) ? 'image/svg+xml' : undefined;
}

const SVG_MEDIA: FetchedMedia = {
	host: 'image host',
	file: 'SVG',
	accept: 'image/svg+xml',
	claimedOk: (type) => type === 'image/svg+xml' || type.endsWith('/xml') || type.endsWith('/octet-stream') || type === 'text/plain',
	sniff: sniffSvg,
	expected: 'an SVG',
};

/** An SVG Ideogram made, fetched as images are; an SVG is text, held whole (it is small). */
export async function fetchSvg(this: DownloadContext, url: string, timeoutMs: number): Promise<Fetched> {
	return await fetchFile.call(this, url, timeoutMs, MAX_IMAGE_BYTES, SVG_MEDIA);
}

/** The most a video download may be, by its Content-Length (a 30-second 1080p video is far below). */
export const MAX_VIDEO_BYTES = 2 * 1024 * 1024 * 1024;

/** MP4 (and QuickTime) by their `ftyp` box, WebM by its EBML header. */
export function sniffVideo(data: Buffer): string | undefined {
	if (data.length >= 12 && data.toString('latin1', 4, 8) === 'ftyp') return data.toString('latin1', 8, 10) === 'qt' ? 'video/quicktime' : 'video/mp4';
	if (data.length >= 4 && data.readUInt32BE(0) === 0x1a45dfa3) return 'video/webm';
	return undefined;
}

const VIDEO_MEDIA: FetchedMedia = {
	host: 'video host',
	file: 'video',
	accept: 'video/mp4, video/*',
	claimedOk: (type) => type.startsWith('video/') || type.endsWith('/octet-stream'),
	sniff: sniffVideo,
	expected: 'an MP4 or WebM video',
};

/** What a streamed video became: what `store` made of it, its type by its bytes, and the size the host announced. */
type Streamed<T> = { stored: T; mimeType: string; announcedBytes?: number; problem?: undefined } | { problem: string; blocked?: boolean };

/**
 * Fetches a video as fetchImage fetches an image (no key, http(s), Request Options, n8n's SSRF
 * protection, the Timeout), but never holds it whole: its first bytes say what it is, then the
 * stream itself is handed to `store` (n8n's prepareBinaryData, which writes it to disk in
 * filesystem mode). The Timeout and a cancelled execution still end the transfer while it is
 * stored. A truncated transfer that ends without an error can only be seen by the stored size:
 * `announcedBytes` is the Content-Length, for the caller to compare.
 */
export async function fetchVideo<T>(
	ctx: DownloadContext,
	url: string,
	timeoutMs: number,
	store: (stream: ByteStream, mimeType: string) => Promise<T>,
): Promise<Streamed<T>> {
	return await download(ctx, url, timeoutMs, MAX_VIDEO_BYTES, VIDEO_MEDIA, async (stream, { claimed, length }): Promise<Streamed<T>> => {
		const head = await peek(stream as PeekableStream, 12);
		const mimeType = sniffVideo(head);
		if (!mimeType) {
			stream.destroy();
			return { problem: `the video host sent bytes that are not ${VIDEO_MEDIA.expected}${claimed ? ` (it said "${claimed}")` : ''}` };
		}
		return { stored: await store(stream, mimeType), mimeType, ...(length > 0 ? { announcedBytes: length } : {}) };
	});
}

/** The response stream in paused mode, as far as peek() uses it. */
interface PeekableStream extends ByteStream {
	read(): Buffer | null;
	unshift(chunk: Buffer): void;
	once(event: string, listener: (error?: Error) => void): void;
	removeListener(event: string, listener: (error?: Error) => void): void;
	readableEnded: boolean;
	destroyed: boolean;
}

/**
 * The first `n` bytes of a stream (fewer if it ends first), put back so whoever reads it next gets
 * every byte: read in paused mode, then unshift()ed. Nothing else is read ahead.
 */
async function peek(stream: PeekableStream, n: number): Promise<Buffer> {
	const chunks: Buffer[] = [];
	let size = 0;
	while (size < n && !stream.readableEnded && !stream.destroyed) {
		const chunk = stream.read();
		if (chunk) {
			chunks.push(chunk);
			size += chunk.length;
			continue;
		}
		await new Promise<void>((resolve, reject) => {
			const done = () => {
				stop();
				resolve();
			};
			const failed = (error?: Error) => {
				stop();
				reject(error ?? new Error('the stream failed'));
			};
			const stop = () => {
				for (const event of ['readable', 'end', 'close']) stream.removeListener(event, done);
				stream.removeListener('error', failed);
			};
			for (const event of ['readable', 'end', 'close']) stream.once(event, done);
			stream.once('error', failed);
		});
	}
	const head = Buffer.concat(chunks);
	if (head.length) stream.unshift(head);
	return head;
}

/**
 * One download, as every download of the node leaves: a plain GET through n8n's httpRequest with
 * the node's Request Options, the Timeout and the execution's cancel signal, no redirect beyond
 * n8n's own, the host's status and declared type checked; `use` reads the body. Whatever goes wrong
 * comes back as a problem in words, never as a thrown error with the link's signature in it.
 */
async function download<R>(
	ctx: DownloadContext,
	url: string,
	timeoutMs: number,
	maxBytes: number,
	media: FetchedMedia,
	use: (stream: ByteStream, head: { claimed: string; length: number }) => Promise<R>,
): Promise<R | { problem: string; blocked?: boolean }> {
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		return { problem: 'the link is not a valid URL' };
	}
	if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
		return { problem: `only http and https links are downloaded, not ${parsed.protocol}` };

	const transport = transportOptions(ctx);
	const late = `it did not arrive within ${seconds(timeoutMs)} (the Timeout option)`;
	const deadline = AbortSignal.timeout(timeoutMs);
	const cancel = ctx.getExecutionCancelSignal?.();
	const { signal, dispose } = linkSignals([deadline, cancel]);
	let stream: ByteStream | undefined;
	const stop = () => stream?.destroy();
	signal.addEventListener('abort', stop, { once: true });
	try {
		const response = (await ctx.helpers.httpRequest({
			...transport,
			method: 'GET',
			url,
			encoding: 'stream',
			json: false,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: timeoutMs,
			abortSignal: signal,
			headers: { Accept: media.accept },
		})) as { body: ByteStream; headers: IDataObject; statusCode: number };
		stream = response.body;
		if (signal.aborted) stop();
		const status = response.statusCode;
		if (status >= 400) {
			stream.destroy();
			const expired = status === 403 || status === 404 || status === 410 ? ' (the link may have expired)' : '';
			return { problem: `the ${media.host} answered HTTP ${status}${expired}` };
		}
		const claimed = (headerValue(response.headers, 'content-type') ?? '').split(';')[0].trim().toLowerCase();
		if (claimed && !media.claimedOk(claimed)) {
			stream.destroy();
			return { problem: `the ${media.host} sent "${claimed}" instead of ${article(media.file)}` };
		}
		const length = Number(headerValue(response.headers, 'content-length') ?? '');
		if (length > maxBytes) {
			stream.destroy();
			return { problem: `it is ${Math.round(length / 1024 / 1024)} MB, over the ${maxBytes / 1024 / 1024} MB cap` };
		}
		const result = await use(stream, { claimed, length: Number.isFinite(length) ? length : 0 });
		if (deadline.aborted) return { problem: late };
		return result;
	} catch (error) {
		if (deadline.aborted) return { problem: late };
		return failedTransfer(error, { cancel, transport, parsed, media, started: stream !== undefined, late });
	} finally {
		signal.removeEventListener('abort', stop);
		dispose();
	}
}

const article = (word: string) => `${/^[aeiou]/.test(word) ? 'an' : 'a'} ${word}`;

/** Why a transfer failed without an answer to read, in words (n8n's SSRF protection, the network, TLS). */
function failedTransfer(
	error: unknown,
	{ cancel, transport, parsed, media, started, late }: {
		cancel: AbortSignal | undefined;
		transport: ReturnType<typeof transportOptions>;
		parsed: URL;
		media: FetchedMedia;
		/** Whether the answer had begun (a break then truncated the file). */
		started: boolean;
		/** The words for a file that did not arrive within the Timeout. */
		late: string;
	},
): { problem: string; blocked?: boolean } {
	if (cancel?.aborted) return { problem: 'the execution was cancelled' };
	const blocked = ssrfBlocked(error);
	if (blocked) return { problem: `n8n's SSRF protection blocked it (${blocked.why})`, blocked: true };
	switch (transportKind(error)) {
		case 'timeout':
			return { problem: late };
		case 'reset':
			return { problem: started ? `the connection closed before the whole ${media.file} arrived (truncated)` : 'the connection was closed before an answer' };
		case 'refused':
		case 'dns':
			// Through a proxy, only the proxy is connected to: it is the one that was not there.
			return transport.proxy
				? { problem: `the proxy ${transport.proxy.host}:${transport.proxy.port} (Request Options → Proxy) could not be reached` }
				: { problem: `the ${media.host} ${parsed.host} could not be reached` };
		case 'tls':
			return {
				problem: `the ${media.host} ${parsed.host} presented a certificate that was not accepted (Request Options → Ignore SSL Issues turns this check off, for hosts you trust)`,
			};
		default:
			return { problem: started ? 'the transfer broke off (truncated)' : `the ${media.host} could not be reached` };
	}
}
