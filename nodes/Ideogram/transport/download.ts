import type { IDataObject, IExecuteSingleFunctions } from 'n8n-workflow';

import { headerValue } from '../errors/answer';
import { transportKind } from '../errors/connection';
import { linkSignals, seconds } from '../limits/retry';
import { transportOptions, type OptionsContext } from './requestOptions';

/** No Ideogram image comes near this (an X4-upscaled RGBA PNG is about 70 MB at worst). */
export const MAX_IMAGE_BYTES = 100 * 1024 * 1024;
/** Ideogram's videos run to 30 s at 1080p (tens of MB); this leaves room without holding gigabytes. */
export const MAX_VIDEO_BYTES = 500 * 1024 * 1024;


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

/** The video container the bytes really are: MP4 and QuickTime (an `ftyp` box first), or WebM. */
export function sniffVideo(data: Buffer): string | undefined {
	if (data.length >= 12 && data.toString('latin1', 4, 8) === 'ftyp') return data.toString('latin1', 8, 12) === 'qt  ' ? 'video/quicktime' : 'video/mp4';
	if (data.length >= 4 && data.subarray(0, 4).equals(Buffer.from([0x1a, 0x45, 0xdf, 0xa3]))) return 'video/webm';
	return undefined;
}

/** What differs between downloading an image and a video: the words and what the bytes may be. */
interface MediaKind {
	noun: 'image' | 'video';
	accept: string;
	/** The Content-Type family a host may claim (besides application/octet-stream). */
	family: string;
	sniff: (data: Buffer) => string | undefined;
	formats: string;
}

const IMAGE: MediaKind = {
	noun: 'image',
	accept: 'image/png, image/jpeg, image/webp, image/*',
	family: 'image/',
	sniff: sniffImage,
	formats: 'a PNG, JPEG or WebP image',
};

const VIDEO: MediaKind = {
	noun: 'video',
	accept: 'video/mp4, video/webm, video/quicktime, video/*',
	family: 'video/',
	sniff: sniffVideo,
	formats: 'an MP4, QuickTime or WebM video',
};

/**
 * What a download needs of a node's context: the Ideogram node's item, or the Ideogram Trigger's
 * item in its execution (see webhooks/files.ts).
 */
export interface DownloadContext extends OptionsContext {
	helpers: { httpRequest: IExecuteSingleFunctions['helpers']['httpRequest'] };
	getExecutionCancelSignal?(): AbortSignal | undefined;
}

/**
 * One image's bytes, or why it could not be had (in words, without the link's signature).
 * `blocked` is set when n8n's SSRF protection refused the address, so callers can give that fix.
 */
type Fetched = { data: Buffer; mimeType: string; problem?: undefined } | { problem: string; blocked?: boolean };

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
interface ByteStream extends AsyncIterable<unknown> {
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
export async function fetchImage(this: DownloadContext, url: string, timeoutMs: number, maxBytes = MAX_IMAGE_BYTES): Promise<Fetched> {
	return await fetchMedia.call(this, IMAGE, url, timeoutMs, maxBytes);
}

/**
 * One video's bytes, by the same rules as fetchImage (no key, http(s) only, n8n's outbound policy,
 * Request Options, timeout, cap), for results that are videos: Ideogram gives no MIME type for
 * them, so the bytes say what they are.
 */
export async function fetchVideo(this: DownloadContext, url: string, timeoutMs: number, maxBytes = MAX_VIDEO_BYTES): Promise<Fetched> {
	return await fetchMedia.call(this, VIDEO, url, timeoutMs, maxBytes);
}

async function fetchMedia(this: DownloadContext, kind: MediaKind, url: string, timeoutMs: number, maxBytes: number): Promise<Fetched> {
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		return { problem: 'the link is not a valid URL' };
	}
	if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
		return { problem: `only http and https links are downloaded, not ${parsed.protocol}` };

	const transport = transportOptions(this);
	const late = `it did not arrive within ${seconds(timeoutMs)} (the Timeout option)`;
	const deadline = AbortSignal.timeout(timeoutMs);
	const cancel = this.getExecutionCancelSignal?.();
	const { signal, dispose } = linkSignals([deadline, cancel]);
	let stream: ByteStream | undefined;
	const stop = () => stream?.destroy();
	signal.addEventListener('abort', stop, { once: true });
	try {
		const response = (await this.helpers.httpRequest({
			...transport,
			method: 'GET',
			url,
			encoding: 'stream',
			json: false,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: timeoutMs,
			abortSignal: signal,
			headers: { Accept: kind.accept },
		})) as { body: ByteStream; headers: IDataObject; statusCode: number };
		stream = response.body;
		if (signal.aborted) stop();
		const status = response.statusCode;
		if (status >= 400) {
			stream.destroy();
			const expired = status === 403 || status === 404 || status === 410 ? ' (the link may have expired)' : '';
			return { problem: `the ${kind.noun} host answered HTTP ${status}${expired}` };
		}
		const claimed = (headerValue(response.headers, 'content-type') ?? '').split(';')[0].trim().toLowerCase();
		if (claimed && !claimed.startsWith(kind.family) && !claimed.endsWith('/octet-stream')) {
			stream.destroy();
			return { problem: `the ${kind.noun} host sent "${claimed}" instead of ${kind.noun === 'image' ? 'an image' : 'a video'}` };
		}
		const length = Number((headerValue(response.headers, 'content-length') ?? ''));
		if (length > maxBytes) {
			stream.destroy();
			return { problem: `it is ${Math.round(length / 1024 / 1024)} MB, over the ${maxBytes / 1024 / 1024} MB cap` };
		}
		const data = await readCapped(stream, Number.isFinite(length) ? length : 0, maxBytes);
		if (deadline.aborted) return { problem: late };
		if (typeof data === 'string') return { problem: data };
		const mimeType = kind.sniff(data);
		if (!mimeType)
			return {
				problem: `the ${kind.noun} host sent ${data.length} bytes that are not ${kind.formats}${claimed ? ` (it said "${claimed}")` : ''}`,
			};
		return { data, mimeType };
	} catch (error) {
		if (deadline.aborted) return { problem: late };
		if (cancel?.aborted) return { problem: 'the execution was cancelled' };
		const blocked = ssrfBlocked(error);
		if (blocked) return { problem: `n8n's SSRF protection blocked it (${blocked.why})`, blocked: true };
		switch (transportKind(error)) {
			case 'timeout':
				return { problem: late };
			case 'reset':
				return { problem: stream ? `the connection closed before the whole ${kind.noun} arrived (truncated)` : 'the connection was closed before an answer' };
			case 'refused':
			case 'dns':
				// Through a proxy, only the proxy is connected to: it is the one that was not there.
				return transport.proxy
					? { problem: `the proxy ${transport.proxy.host}:${transport.proxy.port} (Request Options → Proxy) could not be reached` }
					: { problem: `the ${kind.noun} host ${parsed.host} could not be reached` };
			case 'tls':
				return {
					problem: `the ${kind.noun} host ${parsed.host} presented a certificate that was not accepted (Request Options → Ignore SSL Issues turns this check off, for hosts you trust)`,
				};
			default:
				return { problem: stream ? 'the transfer broke off (truncated)' : `the ${kind.noun} host could not be reached` };
		}
	} finally {
		signal.removeEventListener('abort', stop);
		dispose();
	}
}
