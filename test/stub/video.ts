/**
 * The stub's video endpoints (test/contract/ideogram-v2-more-openapi.json): which paths it serves,
 * the file parts they take (images up to 50 MB, MP3/WAV audio up to 15 MB), the rules the spec
 * states in prose, the jobs' answers (VideoObjects whose links serve real MP4 bytes: an `ftyp`
 * box, so type detection is honest, of a chosen size), price quotes, and the 403 of a model the
 * organization may not use. schema.ts and ideogram-stub.ts call in here with a line each; nothing
 * here imports their values, so there is no cycle.
 */
import type { RecordedDownload } from './ideogram-stub';
import { createHash, createHmac, randomBytes } from 'crypto';
import * as fs from 'fs';
import type * as http from 'http';
import * as path from 'path';

import type { MultipartPart } from './multipart';
import { imageSize, sniffImageType } from './png';
import type { UploadedFile, ValidatedRequest } from './schema';

export const MORE_OPENAPI_PATH = path.resolve(__dirname, '..', 'contract', 'ideogram-v2-more-openapi.json');

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Schema = Record<string, any>;
let cachedMore: Schema | undefined;
/** The second extract of the spec (video, partner models, the vectorizer), parsed once per process. */
export function loadMoreOpenApi(): Schema {
	return (cachedMore ??= jsonSchemaBounds(JSON.parse(fs.readFileSync(MORE_OPENAPI_PATH, 'utf8')) as Schema));
}

/**
 * OpenAPI 3.0 writes an exclusive bound as `minimum: 0, exclusiveMinimum: true` (StackedCustomModel's
 * weight); JSON Schema, which ajv compiles, as `exclusiveMinimum: 0`. Rewritten in place, nothing else.
 */
function jsonSchemaBounds(node: Schema): Schema {
	if (Array.isArray(node)) node.forEach((n) => jsonSchemaBounds(n as Schema));
	else if (node && typeof node === 'object') {
		for (const [flag, bound] of [['exclusiveMinimum', 'minimum'], ['exclusiveMaximum', 'maximum']] as const) {
			if (typeof node[flag] !== 'boolean') continue;
			if (node[flag] && typeof node[bound] === 'number') {
				node[flag] = node[bound];
				delete node[bound];
			} else delete node[flag];
		}
		for (const value of Object.values(node)) jsonSchemaBounds(value as Schema);
	}
	return node;
}

/** The video routes the stub serves, from ideogram-v2-more-openapi.json. */
export const VIDEO_ROUTE_PATHS = [
	'/v2/video/generate/kling-3-standard-image-to-video',
	'/v2/video/generate/kling-3-standard-text-to-video',
	'/v2/video/generate/minimax-h3-image-to-video',
	'/v2/video/generate/minimax-h3-reference-to-video',
	'/v2/video/generate/minimax-h3-text-to-video',
	'/v2/video/generate/seedance-2-5-image-to-video',
	'/v2/video/generate/seedance-2-5-reference-to-video',
	'/v2/video/generate/seedance-2-5-text-to-video',
	'/v2/video/generate/seedance-2-image-to-video',
	'/v2/video/generate/seedance-2-reference-to-video',
	'/v2/video/generate/seedance-2-text-to-video',
	'/v2/video/edit/seedance-2',
	'/v2/tool/living-image',
	'/v2/tool/product-360-video',
] as const;

export const isVideoRoute = (p: string): boolean => (VIDEO_ROUTE_PATHS as readonly string[]).includes(p);

/** The vectorizer: an image in, an SVG out, run only as a job (no `async` field), like the video routes. */
export const VECTORIZER_PATH = '/v2/tool/vectorizer';

/** Image routes of the second extract that Ideogram runs only as jobs, answered as the v2 image routes are. */
export const MORE_IMAGE_JOB_PATHS = ['/v2/image/replace-background/gpt-image-2'] as const;

/** Image routes of the second extract that answer as the v2 image routes do (a job only when asked). */
export const MORE_IMAGE_PATHS = [
	'/v2/image/inpaint/ideogram-3-character',
	'/v2/image/inpaint/ideogram-3-custom-model',
	'/v2/image/generate/ideogram-2',
	'/v2/image/generate/ideogram-2a',
	'/v2/image/generate/z-image',
	'/v2/image/generate/ideogram-3-custom-model',
	'/v2/image/generate/ideogram-4-custom-model',
	'/v2/image/generate/gpt-image-2',
	'/v2/image/generate/gpt-image-2-5-flare',
	'/v2/image/generate/gpt-image-2-5-sunburst',
	'/v2/image/generate/nano-banana-2',
	'/v2/image/generate/nano-banana-pro',
	'/v2/image/generate/p-image-ideogram',
] as const;

/**
 * Reframe's partner models: jobs always (no `async` field), answered with the generation id, seed,
 * width and height (Reframe*Response), the images then polled.
 */
export const MORE_REFRAME_PATHS = [
	'/v2/image/reframe/auto',
	'/v2/image/reframe/bria-expand',
	'/v2/image/reframe/gpt-image-2-5-flare',
	'/v2/image/reframe/nano-banana-2',
	'/v2/image/reframe/nano-banana-pro',
] as const;

/** Every route the stub serves from the second extract. */
export const MORE_ROUTE_PATHS = [...VIDEO_ROUTE_PATHS, VECTORIZER_PATH, ...MORE_IMAGE_JOB_PATHS, ...MORE_IMAGE_PATHS, ...MORE_REFRAME_PATHS] as const;
export const fromMoreExtract = (p: string): boolean => (MORE_ROUTE_PATHS as readonly string[]).includes(p);
/** The routes this file answers (videos, the SVG); the image ones are answered by the stub's v2 image code. */
export const answeredHere = (p: string): boolean => isVideoRoute(p) || p === VECTORIZER_PATH;

/** What the spec says a video endpoint answers when the organization may not use the model. */
export const NO_MODEL_ACCESS = 'This account does not have access to this model.';
/** The prompt marker that makes the stub answer that 403. */
export const NO_MODEL_ACCESS_MARKER = '[[no-model-access]]';

const MB = 1024 * 1024;
const MAX_VIDEO_IMAGE_BYTES = 50 * MB;
const MAX_AUDIO_BYTES = 15 * MB;

/** MP3 (an ID3 tag, or an MPEG audio frame first) or WAV, by the bytes. */
export function sniffAudioType(buf: Buffer): 'mp3' | 'wav' | undefined {
	if (buf.length >= 12 && buf.toString('latin1', 0, 4) === 'RIFF' && buf.toString('latin1', 8, 12) === 'WAVE') return 'wav';
	if (buf.length >= 3 && buf.toString('latin1', 0, 3) === 'ID3') return 'mp3';
	if (buf.length >= 2 && buf[0] === 0xff && (buf[1] & 0xe0) === 0xe0) return 'mp3';
	return undefined;
}

/** A refusal of a file part, for schema.ts to throw as its ApiError. */
export interface PartRefusal {
	status: number;
	message: string;
}

/**
 * A file part of a video route, checked as Ideogram's video endpoints take them (their limits are
 * not the image endpoints' 10 MB): undefined for any other route.
 */
export function videoFilePart(routePath: string, part: MultipartPart): { file: UploadedFile } | PartRefusal | undefined {
	// The vectorizer takes images up to 50 MB too.
	if (!fromMoreExtract(routePath)) return undefined;
	const field = part.name;
	if (!part.filename) return { status: 400, message: `'${field}' must be a file part (with a filename), not a text field` };
	const type = (part.contentType ?? '').split(';')[0].trim().toLowerCase();
	const base = { field, filename: part.filename, contentType: part.contentType, data: part.data, size: part.data.length };
	if (field === 'reference_audios') {
		if (part.data.length > MAX_AUDIO_BYTES) return { status: 413, message: `File '${field}' is ${part.data.length} bytes; the limit is 15 MB per audio file` };
		const audio = sniffAudioType(part.data);
		if (!audio || !type.startsWith('audio/')) return { status: 400, message: `File '${field}' (Content-Type ${type || '(none)'}) is not MP3 or WAV audio` };
		return { file: { ...base, type: audio } };
	}
	if (part.data.length > MAX_VIDEO_IMAGE_BYTES) return { status: 413, message: `File '${field}' is ${part.data.length} bytes; the limit is 50 MB per image` };
	const image = sniffImageType(part.data);
	const size = image && imageSize(part.data);
	if (!image || !type.startsWith('image/') || !size) return { status: 400, message: `File '${field}' (Content-Type ${type || '(none)'}) is not a PNG, JPEG or WebP image` };
	return { file: { ...base, type: image, ...size } };
}

/** The rules the video endpoints' spec states in prose; undefined when the request keeps them. */
export function videoRuleProblem(req: ValidatedRequest): string | undefined {
	const { route, data, files } = req;
	if (!isVideoRoute(route.path)) return undefined;
	const has = (k: string) => data[k] !== undefined;
	const images = (files.reference_images?.length ?? 0) + ((data.reference_image_asset_identifiers as unknown[] | undefined)?.length ?? 0);
	if (files.reference_images?.length && has('reference_image_asset_identifiers')) {
		return `'reference_image_asset_identifiers' cannot be combined with 'reference_images'`;
	}
	if (route.path.includes('seedance') && route.path.endsWith('reference-to-video') && images === 0) {
		return `Seedance reference-to-video needs at least one reference image ('reference_images' or 'reference_image_asset_identifiers')`;
	}
	if (files.reference_audios?.length && images === 0 && !has('reference_video_asset_identifiers')) {
		return `'reference_audios' requires a reference image`;
	}
	if (files.end_image?.length && has('end_image_asset_identifier')) return `supply 'end_image' or 'end_image_asset_identifier', never both`;
	if (route.path === '/v2/video/edit/seedance-2') {
		if (Number(data.end_frame_time) <= Number(data.start_frame_time)) return `'end_frame_time' must come after 'start_frame_time'`;
		if (data.is_start_frame_included === false && data.is_end_frame_included !== true) return `at least one of 'is_start_frame_included' and 'is_end_frame_included' must be true`;
	}
	return undefined;
}

// ---------------------------------------------------------------------------------------------
// Answers

/** The ratio WIDTH:HEIGHT in lowest terms: 1024x576 → 16:9. */
function ratioOf(width: number, height: number): string {
	const gcd = (a: number, b: number): number => (b ? gcd(b, a % b) : a);
	const d = gcd(width, height);
	return `${width / d}:${height / d}`;
}

/** The model's default resolution when the request names none (the spec's enum defaults; Living Image: its quality's). */
function defaultResolution(routePath: string, p: Record<string, unknown>): string {
	if (routePath === '/v2/tool/living-image') return p.quality === 'high' ? '2K' : '768P';
	if (routePath.includes('minimax')) return '2K';
	return '720p';
}

/** The length when none is asked for: Living Image's default is 8 s; the models' pick is 5 s here. */
const defaultDuration = (routePath: string) => (routePath === '/v2/tool/living-image' ? 8 : 5);

/**
 * A small but real MP4: an `ftyp` box (brand isom), a `free` box, and an `mdat` box filling the
 * file to `bytes`, its content derived from the seed so a download can be compared byte for byte.
 */
export function makeMp4(bytes: number, seed: string): Buffer {
	const ftyp = Buffer.alloc(32);
	ftyp.writeUInt32BE(32, 0);
	ftyp.write('ftypisom', 4, 'latin1');
	ftyp.writeUInt32BE(0x200, 12);
	ftyp.write('isomiso2avc1mp41', 16, 'latin1');
	const free = Buffer.from([0, 0, 0, 8, 0x66, 0x72, 0x65, 0x65]);
	const mdatSize = Math.max(8, bytes - ftyp.length - free.length);
	const mdat = Buffer.alloc(mdatSize);
	mdat.writeUInt32BE(mdatSize, 0);
	mdat.write('mdat', 4, 'latin1');
	const block = createHash('sha512').update(seed).digest();
	for (let at = 8; at < mdatSize; at += block.length) block.copy(mdat, at, 0, Math.min(block.length, mdatSize - at));
	return Buffer.concat([ftyp, free, mdat]);
}

interface StoredVideo {
	/** An MP4 of `bytes`, or an SVG of the given canvas. */
	kind: 'mp4' | 'svg';
	bytes: number;
	width?: number;
	height?: number;
	exp: number;
	sig: string;
}

/** A small SVG with the canvas size asked for: colour bands, like the stub's PNGs. */
export function makeSvg(width: number, height: number, seed: string): string {
	const hue = createHash('sha256').update(seed).digest()[0];
	return `<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><rect width="${width}" height="${height / 2}" fill="hsl(${hue},70%,50%)"/><rect y="${height / 2}" width="${width}" height="${height / 2}" fill="hsl(${(hue + 180) % 360},70%,50%)"/></svg>\n`;
}

/** A video download the media host served: the same record as the stub's image downloads. */
export type VideoDownload = RecordedDownload;

/** Writes a whole served file to the connection, counting the bytes as they leave. */
export type WriteBody = (res: http.ServerResponse, body: Buffer, onBytes: (n: number) => void) => Promise<void>;

/** The smallest MP4 makeMp4 makes: its `ftyp`, `free` and an empty `mdat` box. */
export const MIN_VIDEO_BYTES = 48;

/** The stub's videos: made when a job is accepted, served (signed, expiring links) as MP4 files. */
export class VideoStore {
	private readonly secret = randomBytes(16);
	private readonly videos = new Map<string, StoredVideo>();

	/**
	 * `videoBytes` may change while the stub runs (its control route): the benchmark runs rows with
	 * videos of different sizes against one stub and one credential. A video keeps the size it was
	 * made with. `write`: the stub's bandwidth-limited writer, when it has a bandwidth, so a video
	 * takes as long to download as an image of its size does.
	 */
	constructor(
		public videoBytes = 64 * 1024,
		private readonly write?: WriteBody,
	) {}

	/**
	 * A job's answer as a synchronous request would get it: {generation_id, created, data: [VideoObject]}
	 * for video, {generation_id, data: [SvgGenerationObject]} for the vectorizer (the size of its input).
	 */
	answer(req: ValidatedRequest, origin: string, unsafe: boolean): { generation_id: string; created?: string; data: unknown[] } {
		const p = req.data;
		if (req.route.path === VECTORIZER_PATH) {
			const input = req.files.image?.[0];
			const [width, height] = [input?.width ?? 1024, input?.height ?? 1024];
			const svg = { object_type: 'svg.generation', asset_id: randomBytes(16).toString('base64url'), url: unsafe ? null : this.url(origin, { kind: 'svg', width, height }), mime_type: 'image/svg+xml', width, height };
			return { generation_id: randomBytes(12).toString('base64url'), data: [svg] };
		}
		const input = req.files.image?.[0] ?? req.files.reference_images?.[0];
		// Edits, living images and spins keep their source's shape; the stub's stored assets are 16:9.
		const ratio = typeof p.aspect_ratio === 'string' && p.aspect_ratio !== 'auto' ? p.aspect_ratio.replace('x', ':') : input?.width ? ratioOf(input.width, input.height!) : '16:9';
		const video = {
			url: unsafe ? null : this.url(origin, { kind: 'mp4' }),
			prompt: String(p.prompt ?? ''),
			// Seedance and Kling pick a length when none is asked for; the stub's pick is 5 s.
			duration: typeof p.duration === 'number' ? p.duration : defaultDuration(req.route.path),
			resolution: typeof p.resolution === 'string' ? p.resolution : defaultResolution(req.route.path, p),
			aspect_ratio: ratio,
			object_type: 'video.generation',
		};
		return { generation_id: randomBytes(12).toString('base64url'), created: new Date().toISOString(), data: [video] };
	}

	private url(origin: string, file: { kind: 'mp4' | 'svg'; width?: number; height?: number }): string {
		const id = randomBytes(16).toString('base64url');
		const exp = Math.floor(Date.now() / 1000) + 24 * 3600;
		const sig = createHmac('sha256', this.secret).update(`${id}.${exp}`).digest('hex');
		this.videos.set(id, { ...file, bytes: this.videoBytes, exp, sig });
		return file.kind === 'svg' ? `${origin}/svgs/${id}.svg?exp=${exp}&sig=${sig}` : `${origin}/videos/${id}.mp4?exp=${exp}&sig=${sig}`;
	}

	/** The MP4 behind a link, written in slices so a large one streams; `truncate` cuts it off half-way. */
	async serve(req: http.IncomingMessage, res: http.ServerResponse, url: URL, record: (download: VideoDownload) => void, truncate = false): Promise<void> {
		const download: VideoDownload = {
			path: url.pathname,
			query: Object.fromEntries(url.searchParams),
			headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v)])),
			status: 0,
			bytes: 0,
			startedAt: performance.timeOrigin + performance.now(),
			endedAt: 0,
		};
		record(download);
		const finish = (status: number, text: string) => {
			download.status = status;
			res.writeHead(status, { 'Content-Type': 'text/plain', 'Content-Length': String(Buffer.byteLength(text)) });
			res.end(text);
			download.endedAt = performance.timeOrigin + performance.now();
		};
		const m = /^\/(?:videos\/([A-Za-z0-9_-]+)\.mp4|svgs\/([A-Za-z0-9_-]+)\.svg)$/.exec(url.pathname);
		const id = m?.[1] ?? m?.[2];
		const entry = id ? this.videos.get(id) : undefined;
		if (!entry || entry.kind !== (m?.[1] ? 'mp4' : 'svg')) return finish(404, 'Not Found');
		if (url.searchParams.get('sig') !== entry.sig || url.searchParams.get('exp') !== String(entry.exp)) return finish(403, 'Forbidden: bad signature');
		const mp4 = entry.kind === 'svg' ? Buffer.from(makeSvg(entry.width!, entry.height!, id!)) : makeMp4(entry.bytes, id!);
		download.status = 200;
		res.writeHead(200, { 'Content-Type': entry.kind === 'svg' ? 'image/svg+xml' : 'video/mp4', 'Content-Length': String(mp4.length) });
		if (req.method === 'HEAD') {
			res.end();
			download.endedAt = performance.timeOrigin + performance.now();
			return;
		}
		if (this.write && !truncate) {
			await this.write(res, mp4, (n) => (download.bytes += n));
			download.endedAt = performance.timeOrigin + performance.now();
			return;
		}
		const end = truncate ? Math.floor(mp4.length / 2) : mp4.length;
		const slice = 256 * 1024;
		for (let at = 0; at < end && !res.destroyed; at += slice) {
			const chunk = mp4.subarray(at, Math.min(end, at + slice));
			download.bytes += chunk.length;
			if (!res.write(chunk)) await new Promise<void>((resolve) => res.once('drain', resolve).once('close', resolve));
		}
		download.endedAt = performance.timeOrigin + performance.now();
		if (truncate) {
			res.destroy();
			return;
		}
		res.end();
	}
}

// ---------------------------------------------------------------------------------------------
// Quotes

/** Micro-dollars per second of video at 720p without sound (the stub's, not Ideogram's: those move). */
const PER_SECOND: Record<string, number> = {
	'seedance-2-5': 100_000,
	'seedance-2': 80_000,
	'kling-3-standard': 70_000,
	'minimax-h3': 90_000,
	'edit/seedance-2': 80_000,
	'tool/living-image': 40_000,
	'tool/product-360-video': 60_000,
};
const RESOLUTION_FACTOR: Record<string, number> = { '480p': 0.6, '720p': 1, '1080p': 1.5, '480P': 0.6, '768P': 1, '2K': 1.5, '4K': 2 };
/** Each model's longest video: an unset duration (the model picks) is priced as an estimate up to it. */
const LONGEST: Record<string, number> = { 'seedance-2-5': 30, 'seedance-2': 15, 'kling-3-standard': 15, 'minimax-h3': 15, 'edit/seedance-2': 15, 'tool/product-360-video': 30 };

/**
 * A PriceQuote for a video request: per second, by resolution, doubled with sound. Without a
 * duration Seedance and Kling pick one, so the quote is an estimate whose upper bound is the
 * model's longest video; MiniMax defaults to 5 s and is exact.
 */
export function videoQuote(req: ValidatedRequest, forceEstimate: boolean): Record<string, unknown> {
	const [action, slug] = req.route.path.split('/').slice(-2);
	const model =
		action === 'generate'
			? Object.keys(PER_SECOND).find((m) => slug.startsWith(`${m}-`) && /^(text|image|reference)-to-video$/.test(slug.slice(m.length + 1)))!
			: `${action}/${slug}`;
	const p = req.data;
	const quality = p.quality === 'high' ? 1.5 : 1;
	const perSecond = PER_SECOND[model] * (RESOLUTION_FACTOR[String(p.resolution)] ?? 1) * quality * (p.generate_audio === true ? 2 : 1);
	// Living Image defaults to 8 s and MiniMax to 5 s: exact. The others pick a length when given none.
	const picked = typeof p.duration !== 'number' && model !== 'minimax-h3' && model !== 'tool/living-image';
	const seconds = typeof p.duration === 'number' ? p.duration : defaultDuration(req.route.path);
	const usdMicros = Math.round(perSecond * seconds);
	const estimate = forceEstimate || picked;
	return {
		object: 'price_quote',
		billing_identifier: (action === 'generate' ? slug : `${slug}_${action}`).replace(/-/g, '_'),
		quantity: seconds,
		usd_micros: usdMicros,
		credit_millis: Math.round(usdMicros / 10),
		qualifier: estimate ? 'estimate' : 'exact',
		...(estimate ? { upper_bound_usd_micros: Math.round(perSecond * (picked ? LONGEST[model] : seconds * 2.5)) } : {}),
	};
}
