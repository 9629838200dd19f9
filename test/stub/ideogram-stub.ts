/**
 * A local contract stub of the Ideogram API (and two reseller gateways in front of it), strict like
 * the official schema: see test/stub/schema.ts for how requests are validated.
 */
import Ajv from 'ajv';
import { createHash, createHmac, randomBytes, randomInt } from 'crypto';
import * as http from 'http';
import type { AddressInfo } from 'net';

import { accountAnswer, isAccountPath, memberKeyOf } from './account';
import * as ideogram4 from './ideogram4';
import { parseMultipart } from './multipart';
import { makePng } from './png';
import { answeredHere, isVideoRoute, MIN_VIDEO_BYTES, MORE_REFRAME_PATHS, NO_MODEL_ACCESS, NO_MODEL_ACCESS_MARKER, VideoStore, videoQuote } from './video';
import {
	answerProblem,
	ApiError,
	checkQuery,
	fromV2Extract,
	loadV2OpenApi,
	priceQuoteSchema,
	loadRoutes,
	paramsOf,
	resolutionEnums,
	V2_ASYNC_ONLY_PATHS,
	validateRequest,
	type ValidatedRequest,
} from './schema';
import { JWKS_PATH, StubWebhooks } from './webhooks';

export type Personality = 'official' | 'cometapi' | 'kkiai';

export interface StubOptions {
	personality?: Personality;
	apiKey: string;
	port?: number;
	host?: string;
	latencyMs?: number;
	maxInflightImages?: number;
	retryAfterSeconds?: number;
	imageBytes?: number;
	bandwidthBytesPerSec?: number;
	/** How long a v2 job sent with `async` stays pending (default: latencyMs). */
	jobLatencyMs?: number;
	/** Polls of GET /v2/generations/{id} allowed per 10 s before 429 (Ideogram: 1,000 per organization). */
	maxPollsPer10s?: number;
	/** Size of each MP4 a video job makes (default 64 KB; see ./video.ts). */
	videoBytes?: number;
}

/** A v2 generation sent with `async`: pending until readyAt, then completed with its answer or failed. */
interface Job {
	id: string;
	created: string;
	readyAt: number;
	/** The answer a synchronous request would have got (generation_id, seed, data). */
	answer: { generation_id: string; seed?: number; data: unknown[] };
	failureReason?: string;
	/** Reported when completed, as Ideogram does for usage-priced requests. */
	usageCostUsdMicros?: number;
}

export interface RecordedFile {
	field: string;
	filename?: string;
	contentType?: string;
	size: number;
	sha256: string;
}

export interface RecordedRequest {
	method: string;
	/** Without the personality prefix, e.g. '/v1/ideogram-v3/generate'. */
	path: string;
	rawPath: string;
	headers: Record<string, string>;
	contentType: 'json' | 'multipart' | 'other' | 'none';
	json?: unknown;
	fields?: Record<string, string[]>;
	files?: RecordedFile[];
	status: number;
	response: unknown;
	error?: string;
	/** Sent with `?dry_run=true`; the stub prices it (without running it) where the route declares dry_run. */
	dryRun?: boolean;
	startedAt: number;
	endedAt: number;
}

export interface RecordedDownload {
	path: string;
	query: Record<string, string>;
	headers: Record<string, string>;
	status: number;
	bytes: number;
	startedAt: number;
	endedAt: number;
}

export type FaultKind =
	| 'status'
	| 'reset'
	| 'html'
	| 'envelope'
	| 'ok-with-error'
	| 'image-404'
	| 'image-truncated'
	| 'image-wrong-type'
	| 'image-slow';

export interface Fault {
	/** Unprefixed API path (or image path for image-* kinds); default any. */
	path?: string;
	/** How many requests/downloads it applies to; default 1. */
	times?: number;
	match?: (r: RecordedRequest) => boolean;
	kind: FaultKind;
	status?: number;
	body?: unknown;
	headers?: Record<string, string>;
	delayMs?: number;
}

export interface IdeogramStub {
	baseUrl: string;
	imageOrigin: string;
	controlUrl: string;
	port: number;
	requests: RecordedRequest[];
	downloads: RecordedDownload[];
	readonly maxInflightSeen: number;
	readonly inflight: number;
	inject(fault: Fault): void;
	/** Signed webhooks: keys, JWKS, deliveries (./webhooks.ts). */
	readonly webhooks: StubWebhooks;
	reset(): void;
	close(): Promise<void>;
}

export const FAULT_KINDS: readonly FaultKind[] = [
	'status',
	'reset',
	'html',
	'envelope',
	'ok-with-error',
	'image-404',
	'image-truncated',
	'image-wrong-type',
	'image-slow',
];

export const PROMPT_SAFETY_ERROR = 'Prompt provided failed safety check due to the inclusion of prohibited content.';
const MAX_BODY_BYTES = 150 * 1024 * 1024;
const URL_LIFETIME_SECONDS = 24 * 3600;
const CONTROL_PREFIX = '/__stub';

// ---------------------------------------------------------------------------------------------
// Helpers

const now = (): number => performance.timeOrigin + performance.now();

function flatHeaders(h: http.IncomingHttpHeaders): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [k, v] of Object.entries(h)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
	return out;
}

function contentKind(ct: string | undefined): RecordedRequest['contentType'] {
	if (!ct) return 'none';
	const mt = ct.split(';')[0].trim().toLowerCase();
	if (mt === 'application/json' || mt.endsWith('+json')) return 'json';
	if (mt === 'multipart/form-data') return 'multipart';
	return 'other';
}

function isLoopback(host: string): boolean {
	return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

class BodyTooLarge extends Error {}
/** A control route's `{"<key>": N}` body: the integer, or what is wrong with the body. */
async function integerIn(req: http.IncomingMessage, key: string, min: number): Promise<number | string> {
	let value: unknown;
	try {
		value = (JSON.parse((await readBody(req, 1024)).toString('utf8')) as Record<string, unknown>)[key];
	} catch {
		return `body must be JSON: {"${key}": N}`;
	}
	return Number.isInteger(value) && (value as number) >= min ? (value as number) : `${key} must be an integer of at least ${min}`;
}


function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		let over = false;
		req.on('data', (c: Buffer) => {
			size += c.length;
			if (size > limit) over = true;
			if (!over) chunks.push(c);
		});
		req.on('end', () => (over ? reject(new BodyTooLarge()) : resolve(Buffer.concat(chunks))));
		req.on('error', reject);
	});
}

function promptOf(r: RecordedRequest): string | undefined {
	const j = r.json as Record<string, unknown> | undefined;
	if (j && typeof j === 'object') {
		if (typeof j.prompt === 'string') return j.prompt;
		const ir = j.image_request as Record<string, unknown> | undefined;
		if (ir && typeof ir.prompt === 'string') return ir.prompt;
	}
	if (r.fields?.prompt?.[0] !== undefined) return r.fields.prompt[0];
	if (r.fields?.image_request?.[0] !== undefined) {
		try {
			const ir = JSON.parse(r.fields.image_request[0]) as Record<string, unknown>;
			if (typeof ir?.prompt === 'string') return ir.prompt;
		} catch {
			// not JSON: no prompt
		}
	}
	return undefined;
}

/** The enum resolution whose ratio is closest to w:h (ties: closest to one megapixel). */
function resolutionForRatio(list: Array<[number, number]>, w: number, h: number): [number, number] {
	const target = Math.log(w / h);
	let best = list[0];
	let bestScore = Infinity;
	for (const r of list) {
		const score = Math.abs(Math.log(r[0] / r[1]) - target) * 1e6 + Math.abs(r[0] * r[1] - 1024 * 1024) / 1e6;
		if (score < bestScore) {
			best = r;
			bestScore = score;
		}
	}
	return best;
}

const pngCache = new Map<string, Buffer>();
let pngCacheBytes = 0;
function cachedPng(w: number, h: number, seed: number, alpha: boolean, noiseBytes: number): Buffer {
	const key = `${w}x${h}:${seed}:${alpha ? 1 : 0}:${noiseBytes}`;
	let png = pngCache.get(key);
	if (!png) {
		png = makePng(w, h, { seed, alpha, noiseBytes });
		pngCache.set(key, png);
		pngCacheBytes += png.length;
		for (const [k, v] of pngCache) {
			if (pngCacheBytes <= 256 * 1024 * 1024 || k === key) break;
			pngCache.delete(k);
			pngCacheBytes -= v.length;
		}
	}
	return png;
}

interface StoredImage {
	width: number;
	height: number;
	seed: number;
	alpha: boolean;
	exp: number;
	sig: string;
}

interface QueuedFault extends Fault {
	remaining: number;
}

type Size = { width: number; height: number };

// ---------------------------------------------------------------------------------------------

class Stub implements IdeogramStub {
	baseUrl = '';
	imageOrigin = '';
	controlUrl = '';
	port = 0;
	requests: RecordedRequest[] = [];
	downloads: RecordedDownload[] = [];
	maxInflightSeen = 0;
	inflight = 0;
	/** Set by POST /__stub/video-job-latency: how long video jobs stay pending; unset, the image jobs' time. */
	videoJobLatencyMs?: number;

	private readonly personality: Personality;
	private readonly prefix: string;
	private readonly routes = loadRoutes();
	private readonly secret = randomBytes(16);
	private readonly images = new Map<string, StoredImage>();
	private readonly videos: VideoStore;
	private faults: QueuedFault[] = [];
	/** v2 jobs sent with `async`, by generation id. */
	readonly jobs = new Map<string, Job>();
	readonly webhooks = new StubWebhooks();
	private pollTimes: number[] = [];
	private sleepers = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
	private servers: http.Server[] = [];
	private closed = false;
	private readonly v3Resolutions: Array<[number, number]>;
	private readonly legacyResolutions: Array<[number, number]>;

	constructor(private readonly opts: StubOptions) {
		this.personality = opts.personality ?? 'official';
		if (!['official', 'cometapi', 'kkiai'].includes(this.personality)) {
			throw new Error(`unknown personality ${this.personality}`);
		}
		this.prefix = this.personality === 'official' ? '' : '/ideogram';
		const bandwidth = opts.bandwidthBytesPerSec;
		this.videos = new VideoStore(opts.videoBytes, bandwidth ? (res, body, onBytes) => this.writeThrottled(res, body, onBytes) : undefined);
		const enums = resolutionEnums();
		this.v3Resolutions = enums.resolutionV3.map((r) => r.split('x').map(Number) as [number, number]);
		this.legacyResolutions = enums.legacyResolution.map(
			(r) => r.replace('RESOLUTION_', '').split('_').map(Number) as [number, number],
		);
	}

	async start(): Promise<void> {
		const host = this.opts.host ?? '127.0.0.1';
		if (!isLoopback(host)) throw new Error(`the stub only listens on loopback, not ${host}`);
		const main = http.createServer((req, res) => this.dispatch(req, res, true));
		const port = await this.listen(main, this.opts.port ?? 0, host);
		const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
		this.port = port;
		this.baseUrl = origin + this.prefix;
		this.controlUrl = origin + CONTROL_PREFIX;
		this.imageOrigin = origin;
		if (this.personality === 'kkiai') {
			// kkiai reverse-proxies result images from another host.
			const img = http.createServer((req, res) => this.dispatch(req, res, false));
			const imgPort = await this.listen(img, 0, host);
			this.imageOrigin = `http://${host.includes(':') ? `[${host}]` : host}:${imgPort}`;
		}
	}

	private listen(server: http.Server, port: number, host: string): Promise<number> {
		this.servers.push(server);
		return new Promise((resolve, reject) => {
			server.once('error', reject);
			server.listen(port, host, () => {
				server.off('error', reject);
				resolve((server.address() as AddressInfo).port);
			});
		});
	}

	inject(fault: Fault): void {
		if (!FAULT_KINDS.includes(fault.kind)) throw new Error(`unknown fault kind ${String(fault.kind)}`);
		const problem = this.faultBodyProblem(fault);
		if (problem) throw new Error(`inject: ${problem}`);
		this.faults.push({ ...fault, remaining: fault.times ?? 1 });
	}

	/**
	 * An injected 402 or 429 from Ideogram itself has the spec's shape, GenerationErrorResponse: an
	 * `error` and a `reject_reason` from GenerationRejectReason (`rate_limit` is not one). Bodies in
	 * a gateway's shape (kkiai's envelope, CometAPI's `error` object) are the gateways' own.
	 */
	private faultBodyProblem(fault: Fault): string | undefined {
		if (fault.kind !== 'status' || (fault.status !== 402 && fault.status !== 429) || this.personality !== 'official') return undefined;
		if (fault.body === undefined) return undefined;
		const validate = (this.generationError ??= this.compileGenerationError());
		if (validate(fault.body)) return undefined;
		const errors = (validate.errors ?? []).map((e) => `${e.instancePath || '(body)'} ${e.message ?? e.keyword}`).join('; ');
		return `a ${fault.status} body must be a GenerationErrorResponse (${errors}): ${JSON.stringify(fault.body)}`;
	}

	private generationError?: ReturnType<typeof priceQuoteSchema>;
	private compileGenerationError(): ReturnType<typeof priceQuoteSchema> {
		const spec = loadV2OpenApi();
		const reasons = spec.components.schemas.GenerationRejectReason.enum as string[];
		const schema = { ...spec.components.schemas.GenerationErrorResponse, additionalProperties: false } as Record<string, unknown>;
		const properties = { ...(schema.properties as Record<string, unknown>), reject_reason: { type: 'string', enum: reasons } };
		return new Ajv({ strict: false, allErrors: true }).compile({ ...schema, properties });
	}

	reset(): void {
		this.requests.length = 0;
		this.jobs.clear();
		this.pollTimes = [];
		this.downloads.length = 0;
		this.faults = [];
		this.maxInflightSeen = this.inflight;
		this.webhooks.reset();
	}

	async close(): Promise<void> {
		if (this.closed) return;
		this.closed = true;
		await this.webhooks.close();
		for (const s of this.sleepers) {
			clearTimeout(s.timer);
			s.resolve();
		}
		this.sleepers.clear();
		await Promise.all(
			this.servers.map(
				(s) =>
					new Promise<void>((resolve) => {
						s.close(() => resolve());
						s.closeAllConnections();
					}),
			),
		);
	}

	private sleep(ms: number): Promise<void> {
		if (ms <= 0 || this.closed) return Promise.resolve();
		return new Promise((resolve) => {
			const entry = {
				timer: setTimeout(() => {
					this.sleepers.delete(entry);
					resolve();
				}, ms),
				resolve,
			};
			this.sleepers.add(entry);
		});
	}

	// -------------------------------------------------------------------------------------------
	// Dispatch

	private dispatch(req: http.IncomingMessage, res: http.ServerResponse, isMain: boolean): void {
		const url = new URL(req.url ?? '/', 'http://stub.local');
		const servesImages = isMain ? this.personality !== 'kkiai' : true;
		let work: Promise<void>;
		if (isMain && (url.pathname === CONTROL_PREFIX || url.pathname.startsWith(`${CONTROL_PREFIX}/`))) {
			work = this.onControl(req, res, url);
		} else if (servesImages && url.pathname.startsWith('/images/') && (req.method === 'GET' || req.method === 'HEAD')) {
			work = this.onImage(req, res, url);
		} else if (servesImages && /^\/(videos|svgs)\//.test(url.pathname) && (req.method === 'GET' || req.method === 'HEAD')) {
			const fault = this.takeFault((f) => f.kind === 'image-truncated' && (!f.path || url.pathname.startsWith(f.path)));
			work = this.videos.serve(req, res, url, (d) => this.downloads.push(d), fault !== undefined);
		} else if (isMain) {
			work = this.onApi(req, res, url);
		} else {
			res.writeHead(404, { 'Content-Type': 'text/plain' });
			res.end('Not Found');
			return;
		}
		work.catch((e: unknown) => {
			if (!res.headersSent && !res.destroyed) {
				res.writeHead(500, { 'Content-Type': 'text/plain' });
				res.end(`stub error: ${(e as Error)?.stack ?? String(e)}`);
			} else {
				res.destroy();
			}
		});
	}

	// -------------------------------------------------------------------------------------------
	// API requests

	private async onApi(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
		const headers = flatHeaders(req.headers);
		const pathname = url.pathname;
		const prefixed = !this.prefix || pathname.startsWith(`${this.prefix}/`);
		const rec: RecordedRequest = {
			method: req.method ?? 'GET',
			path: this.prefix && prefixed ? pathname.slice(this.prefix.length) : pathname,
			rawPath: req.url ?? '/',
			headers,
			contentType: contentKind(headers['content-type']),
			status: 0,
			response: undefined,
			...(url.searchParams.get('dry_run') === 'true' ? { dryRun: true } : {}),
			startedAt: now(),
			endedAt: 0,
		};
		this.requests.push(rec);
		let body: Buffer;
		try {
			body = await readBody(req, MAX_BODY_BYTES);
		} catch (e) {
			if (e instanceof BodyTooLarge) {
				return this.sendError(rec, res, 413, 'Request body too large', {}, { Connection: 'close' });
			}
			throw e;
		}
		this.describeBody(rec, body);

		const fault = this.takeFault((f) => !f.kind.startsWith('image-') && (!f.path || f.path === rec.path) && (!f.match || f.match(rec)));
		if (fault) return this.applyFault(rec, req, res, fault);

		if (rec.method === 'GET' && rec.path === JWKS_PATH && this.personality === 'official') return this.sendJson(rec, res, ...this.webhooks.jwksAnswer());
		if (rec.method === 'GET' && rec.path.startsWith('/v2/generations/') && this.personality === 'official') {
			return this.onGeneration(rec, res, headers);
		}

		if (isAccountPath(rec.path) && this.personality === 'official') return this.onAccount(rec, res, headers, url);

		// Resellers route the paths they document; for 3.0 inpainting that is the older /edit name only.
		// Ideogram's current API (v2) is Ideogram's own: no reseller routes it.
		const unrouted = this.personality !== 'official' && (rec.path === '/v1/ideogram-v3/inpaint' || fromV2Extract(rec.path));
		const route = prefixed && !unrouted ? this.routes.get(rec.path) : undefined;
		if (!route) return this.sendError(rec, res, 404, `Not Found: ${pathname}`);
		if (rec.method !== 'POST') return this.sendError(rec, res, 405, `Method ${rec.method} not allowed; use POST`, {}, { Allow: 'POST' });

		const authError = this.checkAuth(headers);
		if (authError) {
			const status = this.personality === 'official' ? route.authStatus : 401;
			return this.sendError(rec, res, status, authError);
		}

		let v: ValidatedRequest;
		try {
			checkQuery(route, url.searchParams);
			v = validateRequest(route, headers['content-type'], body);
		} catch (e) {
			if (e instanceof ApiError) return this.sendError(rec, res, e.status, e.message, e.extra);
			throw e;
		}

		const prompt = String(paramsOf(v).prompt ?? paramsOf(v).text_prompt ?? '');
		// A route without dry_run ignores the flag and runs the request, as an endpoint that does not know it would.
		if (rec.dryRun && route.dryRun) {
			if (prompt.includes('[[quote-fails]]')) return this.resetSocket(rec, req);
			return this.sendAnswer(rec, res, priceQuote(v, prompt.includes('[[quote-estimate]]')), undefined, priceQuoteSchema());
		}
		if (prompt.includes('[[reset]]')) return this.resetSocket(rec, req);
		const forced = /\[\[status:(\d{3})\]\]/.exec(prompt);
		if (forced) {
			// v2 answers a 402 in GenerationErrorResponse's shape: {error, reject_reason}.
			const extra = rec.path.startsWith('/v2/') && forced[1] === '402' ? { reject_reason: 'insufficient_funds' } : {};
			return this.sendError(rec, res, Number(forced[1]), `Simulated error ${forced[1]} (prompt marker)`, extra);
		}
		if (prompt.includes('[[unsafe-prompt]]')) return this.sendError(rec, res, 422, PROMPT_SAFETY_ERROR);
		if (prompt.includes(NO_MODEL_ACCESS_MARKER)) return this.sendError(rec, res, 403, NO_MODEL_ACCESS);
		const unsafeOutput = prompt.includes('[[unsafe-output]]');

		const count = this.imageCount(v);
		const max = this.opts.maxInflightImages ?? Infinity;
		if (this.inflight + count > max) {
			return this.sendError(
				rec,
				res,
				429,
				`Too many requests in flight: ${this.inflight} of ${max} image slots in use, this request needs ${count}`,
				{ reject_reason: 'inflight_limit', max_inflight_requests: max },
			);
		}
		this.inflight += count;
		this.maxInflightSeen = Math.max(this.maxInflightSeen, this.inflight);
		const params = paramsOf(v);
		if (V2_ASYNC_ONLY_PATHS.includes(v.route.path) || (MORE_REFRAME_PATHS as readonly string[]).includes(v.route.path) || answeredHere(v.route.path) || (v.route.path.startsWith('/v2/') && (params.async === true || params.webhook_url !== undefined))) {
			return this.acceptJob(rec, res, v, count, prompt, unsafeOutput);
		}
		try {
			await this.sleep(this.opts.latencyMs ?? 0);
			this.sendAnswer(rec, res, this.buildResponse(v, unsafeOutput), this.deprecation(v));
		} finally {
			this.inflight -= count;
		}
	}

	// -------------------------------------------------------------------------------------------
	// v2 jobs: accepted at once, polled at GET /v2/generations/{id}

	/**
	 * Answers {generation_id, seed} at once and keeps the job's images counted in flight until it
	 * ends, as Ideogram counts async work. Prompt markers: [[job-failed]] fails the job,
	 * [[job-slow]] keeps it pending for an hour.
	 */
	private acceptJob(rec: RecordedRequest, res: http.ServerResponse, v: ValidatedRequest, count: number, prompt: string, unsafe: boolean): void {
		const built = this.buildResponse(v, unsafe) as Job['answer'];
		const input = v.files.image?.[0];
		// The images as GET /v2/generations/{id} lists them (GenerationResponse_data_inner).
		const answer = { ...built, data: built.data.map((item) => asGenerationItem(item as Record<string, unknown>, input)) };
		const usual = (isVideoRoute(v.route.path) ? this.videoJobLatencyMs : undefined) ?? this.opts.jobLatencyMs ?? this.opts.latencyMs ?? 0;
		const latency = prompt.includes('[[job-slow]]') ? 3_600_000 : usual;
		const job: Job = {
			id: answer.generation_id,
			created: new Date().toISOString(),
			readyAt: now() + latency,
			answer,
			failureReason: prompt.includes('[[job-failed]]') ? 'content_policy_violation' : undefined,
			usageCostUsdMicros: prompt.includes('[[usage-cost]]') ? 130_000 : undefined,
		};
		this.jobs.set(job.id, job);
		const hook = paramsOf(v).webhook_url;
		if (typeof hook === 'string' && !job.failureReason) void this.sleep(latency).then(() => (this.closed ? undefined : this.webhooks.deliverJob(hook, job.answer, job.created)));
		void this.sleep(latency).then(() => {
			this.inflight -= count;
		});
		// The route's own answer without its images (its response schema makes `data` the only
		// optional part: Upscale and Inpaint keep width and height, Remove Background has no seed).
		const accepted: Record<string, unknown> = { ...built };
		delete accepted.data;
		// Remove Object and Replace Background answer with the generation id alone (their response schemas).
		if (V2_ASYNC_ONLY_PATHS.includes(v.route.path)) delete accepted.seed;
		this.sendAnswer(rec, res, accepted);
	}

	private onGeneration(rec: RecordedRequest, res: http.ServerResponse, headers: Record<string, string>): void {
		const authError = this.checkAuth(headers);
		if (authError) return this.sendError(rec, res, 401, authError);
		const limit = this.opts.maxPollsPer10s;
		if (limit !== undefined) {
			const t = now();
			this.pollTimes = this.pollTimes.filter((x) => t - x < 10_000);
			if (this.pollTimes.length >= limit) {
				// The polling limit's 429: the spec gives it no body schema (no reject_reason), unlike a
				// generation request's 429 (GenerationErrorResponse).
				const retryAfter = String(this.opts.retryAfterSeconds ?? 1);
				return this.sendError(rec, res, 429, 'Too many polling requests', {}, { 'Retry-After': retryAfter });
			}
			this.pollTimes.push(t);
		}
		const id = decodeURIComponent(rec.path.slice('/v2/generations/'.length));
		if (!/^[A-Za-z0-9_-]+$/.test(id)) return this.sendError(rec, res, 400, 'The generation ID is not a valid URL-safe base64 ID.');
		const job = this.jobs.get(id);
		if (!job) return this.sendError(rec, res, 404, 'Generation not found.');
		const base = { generation_id: job.id, created: job.created };
		if (now() < job.readyAt) return this.sendAnswer(rec, res, { ...base, status: 'pending' });
		if (job.failureReason) return this.sendAnswer(rec, res, { ...base, status: 'failed', failure_reason: job.failureReason });
		return this.sendAnswer(rec, res, {
			...base,
			status: 'completed',
			response_type: 'url',
			data: job.answer.data,
			...(job.usageCostUsdMicros !== undefined ? { usage_cost_usd_micros: job.usageCostUsdMicros } : {}),
		});
	}

	/** GET /v2/account/*: see ./account.ts; a member's key (memberKeyOf) has no billing access. */
	private onAccount(rec: RecordedRequest, res: http.ServerResponse, headers: Record<string, string>, url: URL): void {
		const authError = this.checkAuth(headers);
		if (authError) return this.sendError(rec, res, 401, authError);
		const billing = headers['api-key'] !== memberKeyOf(this.opts.apiKey);
		const answer = accountAnswer(rec.path, rec.method, url.searchParams, billing, now());
		if (answer.status === 200) return this.sendAnswer(rec, res, answer.body);
		return this.sendError(rec, res, answer.status, answer.error!, {}, answer.status === 405 ? { Allow: 'GET' } : {});
	}

	/**
	 * Ideogram's deprecation signals: /v1/ideogram-v3/edit is deprecated since 2026-04-29
	 * (Deprecation: @1777420800) in favour of /inpaint (Link rel="successor-version", and a
	 * `notice` in the JSON). Sent by Ideogram itself; what resellers relay is unknown.
	 *
	 * None of this is in the contract files (test/contract/): the `notice` field, the Deprecation
	 * and Link headers and the date come from Ideogram's deprecations page
	 * (developer.ideogram.ai/ideogram-api/deprecations), and the output's `api_notice`
	 * (docs/input-and-output.md) relies on them. So the answer is checked against ImageGenerationResponseV3 before the notice is added.
	 */
	private deprecation(v: ValidatedRequest): { notice: string; headers: Record<string, string> } | undefined {
		if (this.personality !== 'official' || v.route.path !== '/v1/ideogram-v3/edit') return undefined;
		return {
			notice: 'This endpoint is deprecated; use /v1/ideogram-v3/inpaint.',
			headers: { Deprecation: '@1777420800', Link: '</v1/ideogram-v3/inpaint>; rel="successor-version"' },
		};
	}

	/**
	 * A 200 answer the stub built, held first to the spec's 200 schema for the route (closed: no
	 * field the spec does not have), so a drift of the stub cannot hide a node bug. An answer that
	 * breaks it is the stub's bug: it becomes a 500 naming the problem, and fails the test.
	 */
	private sendAnswer(
		rec: RecordedRequest,
		res: http.ServerResponse,
		body: unknown,
		deprecation?: { notice: string; headers: Record<string, string> },
		schema?: Parameters<typeof answerProblem>[3],
	): void {
		const problem = answerProblem(rec.method, rec.path, body, schema);
		if (problem) {
			const message = `stub error: the stub's answer to ${rec.method} ${rec.path} breaks the spec's 200 schema: ${problem}`;
			rec.status = 500;
			rec.response = body;
			rec.error = message;
			rec.endedAt = now();
			if (res.destroyed) return;
			res.writeHead(500, { 'Content-Type': 'text/plain', 'Content-Length': String(Buffer.byteLength(message)) });
			res.end(message);
			return;
		}
		if (!deprecation) return this.sendJson(rec, res, 200, body);
		this.sendJson(rec, res, 200, { ...(body as object), notice: deprecation.notice }, deprecation.headers);
	}

	private imageCount(v: ValidatedRequest): number {
		const p = v.route.path;
		if (p === '/describe' || p === '/v1/remove-background' || p === '/v1/ideogram-v3/layerize-text') return 1;
		return (paramsOf(v).num_images as number | undefined) ?? 1;
	}

	private checkAuth(h: Record<string, string>): string | undefined {
		const key = this.opts.apiKey;
		switch (this.personality) {
			case 'official':
				if (h['api-key'] === undefined) {
					return h.authorization !== undefined
						? 'Missing Api-Key header (the Authorization header is not used for API keys)'
						: 'Missing Api-Key header';
				}
				return h['api-key'] === key || h['api-key'] === memberKeyOf(key) ? undefined : 'Invalid Api-Key';
			case 'cometapi':
				if (h.authorization === key || h.authorization === `Bearer ${key}`) return undefined;
				return h.authorization === undefined ? 'Missing Authorization header' : 'Invalid token';
			case 'kkiai':
				if (h.authorization === `Bearer ${key}`) return undefined;
				return h.authorization === undefined
					? 'Missing Authorization header'
					: 'Invalid token (expected Authorization: Bearer <key>)';
		}
	}

	/** Best-effort description of the body for the log, before any validation. */
	private describeBody(rec: RecordedRequest, body: Buffer): void {
		if (!body.length) return;
		if (rec.contentType === 'json') {
			try {
				rec.json = JSON.parse(body.toString('utf8'));
			} catch {
				// logged as-is: no json
			}
		} else if (rec.contentType === 'multipart') {
			try {
				const parts = parseMultipart(body, rec.headers['content-type']);
				rec.fields = {};
				rec.files = [];
				for (const part of parts) {
					if (part.filename === undefined) {
						(rec.fields[part.name] ??= []).push(part.data.toString('utf8'));
					} else {
						rec.files.push({
							field: part.name,
							filename: part.filename,
							contentType: part.contentType,
							size: part.data.length,
							sha256: createHash('sha256').update(part.data).digest('hex'),
						});
					}
				}
			} catch {
				// malformed: validation will say so
			}
		}
	}

	private errorBody(status: number, message: string, extra: Record<string, unknown>): unknown {
		switch (this.personality) {
			case 'kkiai':
				return { code: status, message, data: null };
			case 'cometapi': {
				// Gateway-made errors (auth, routing) vs Ideogram errors relayed in the gateway's shape.
				const own = status === 401 || status === 404 || status === 405;
				const error: Record<string, unknown> = { message, type: own ? 'invalid_request_error' : 'upstream_error' };
				if (extra.reject_reason !== undefined) error.code = extra.reject_reason;
				return { error };
			}
			default:
				if (status === 401 || status === 403 || status === 404 || status === 405) return { detail: message };
				return { error: message, ...extra };
		}
	}

	private sendJson(
		rec: RecordedRequest,
		res: http.ServerResponse,
		status: number,
		body: unknown,
		headers: Record<string, string> = {},
		error?: string,
	): void {
		const text = JSON.stringify(body);
		rec.status = status;
		rec.response = body;
		if (error !== undefined) rec.error = error;
		rec.endedAt = now();
		if (res.destroyed) return;
		res.writeHead(status, {
			'Content-Type': 'application/json',
			'Content-Length': String(Buffer.byteLength(text)),
			...headers,
		});
		res.end(text);
	}

	private sendError(
		rec: RecordedRequest,
		res: http.ServerResponse,
		status: number,
		message: string,
		extra: Record<string, unknown> = {},
		headers: Record<string, string> = {},
	): void {
		const h = { ...headers };
		if (status === 429 && this.opts.retryAfterSeconds !== undefined) h['Retry-After'] = String(this.opts.retryAfterSeconds);
		this.sendJson(rec, res, status, this.errorBody(status, message, extra), h, message);
	}

	private resetSocket(rec: RecordedRequest, req: http.IncomingMessage): void {
		rec.status = 0;
		rec.error = 'connection reset by stub';
		rec.endedAt = now();
		req.socket.destroy();
	}

	// -------------------------------------------------------------------------------------------
	// Faults

	private takeFault(pred: (f: QueuedFault) => boolean): QueuedFault | undefined {
		const i = this.faults.findIndex(pred);
		if (i < 0) return undefined;
		const f = this.faults[i];
		if (--f.remaining <= 0) this.faults.splice(i, 1);
		return f;
	}

	private async applyFault(
		rec: RecordedRequest,
		req: http.IncomingMessage,
		res: http.ServerResponse,
		f: Fault,
	): Promise<void> {
		await this.sleep(f.delayMs ?? 0);
		const headers = { ...(f.headers ?? {}) };
		switch (f.kind) {
			case 'reset':
				return this.resetSocket(rec, req);
			case 'html': {
				const status = f.status ?? 502;
				const html =
					typeof f.body === 'string'
						? f.body
						: `<html><head><title>${status} Bad Gateway</title></head><body><center><h1>${status} Bad Gateway</h1></center><hr><center>nginx</center></body></html>`;
				rec.status = status;
				rec.response = html;
				rec.error = `injected HTML ${status}`;
				rec.endedAt = now();
				res.writeHead(status, { 'Content-Type': 'text/html', 'Content-Length': String(Buffer.byteLength(html)), ...headers });
				res.end(html);
				return;
			}
			case 'envelope': {
				const status = f.status ?? 500;
				const body = f.body ?? { code: status, message: `Injected gateway error ${status}`, data: null };
				return this.sendJson(rec, res, status, body, headers, `injected envelope ${status}`);
			}
			case 'ok-with-error': {
				const body = f.body ?? { code: f.status ?? 500, message: 'Upstream request failed (injected)', data: null };
				return this.sendJson(rec, res, 200, body, headers, 'injected error inside a 200');
			}
			default: {
				const status = f.status ?? 500;
				if (status === 429 && this.opts.retryAfterSeconds !== undefined && !Object.keys(headers).some((k) => k.toLowerCase() === 'retry-after')) {
					headers['Retry-After'] = String(this.opts.retryAfterSeconds);
				}
				const message = `Injected error ${status}`;
				// Every 429 says which limit it is (GenerationErrorResponse); for a bare 429 fault, the in-flight one.
				const extra = status === 429 ? { reject_reason: 'inflight_limit' } : {};
				const body = f.body !== undefined ? f.body : this.errorBody(status, message, extra);
				return this.sendJson(rec, res, status, body, headers, message);
			}
		}
	}

	// -------------------------------------------------------------------------------------------
	// Responses

	private imageUrl(size: Size, seed: number, alpha: boolean): string {
		const id = randomBytes(16).toString('base64url');
		const exp = Math.floor(Date.now() / 1000) + URL_LIFETIME_SECONDS;
		const sig = createHmac('sha256', this.secret).update(`${id}.${exp}`).digest('hex');
		this.images.set(id, { ...size, seed, alpha, exp, sig });
		return `${this.imageOrigin}/images/${id}.png?exp=${exp}&sig=${sig}`;
	}

	private ratioSize(list: Array<[number, number]>, ratio: string): Size {
		// 16x9 (Ideogram's v2 models), ASPECT_16_9 (legacy), 16:9 (GPT Image, Nano Banana).
		const m = /(\d+)[x_:](\d+)$/.exec(ratio);
		const [w, h] = resolutionForRatio(list, m ? Number(m[1]) : 1, m ? Number(m[2]) : 1);
		return { width: w, height: h };
	}

	private buildResponse(v: ValidatedRequest, unsafe: boolean): unknown {
		const path = v.route.path;
		const p = paramsOf(v);
		const created = new Date().toISOString();
		const input = v.files.image?.[0] ?? v.files.image_file?.[0] ?? v.files.images?.[0];
		const inSize: Size | undefined = input ? { width: input.width!, height: input.height! } : undefined;
		const fmt = (s: Size) => `${s.width}x${s.height}`;
		const parseRes = (r: unknown): Size | undefined => {
			const m = typeof r === 'string' ? /(\d+)[x_](\d+)$/.exec(r) : null;
			return m ? { width: Number(m[1]), height: Number(m[2]) } : undefined;
		};
		const randomSeed = () => randomInt(0, 2147483647);
		const baseSeed = typeof p.seed === 'number' ? p.seed : undefined;

		if (path === '/describe') {
			const s = inSize!;
			return {
				descriptions: [
					{ text: `A ${s.width}x${s.height} image of colourful vertical stripes in four horizontal bands.` },
					{ text: 'An abstract pattern of alternating colour bands, flat graphic style.' },
				],
			};
		}
		if (path === '/v1/ideogram-v3/layerize-text') {
			const s = inSize!;
			const seed = baseSeed ?? randomSeed();
			const block = (y: number, hFrac: number, text: string, role: string, formatting: string[]) => ({
				x: Math.round(s.width * 0.1),
				y: Math.round(s.height * y),
				width: Math.max(1, Math.round(s.width * 0.8)),
				height: Math.max(1, Math.round(s.height * hFrac)),
				text,
				alignment: 'center',
				angle: 0,
				font_name: 'Inter',
				font_alternatives: ['Roboto', 'Helvetica'],
				font_size: Math.max(1, Math.round(s.height * hFrac * 0.7)),
				line_height: 1.2,
				color: '#212121',
				formatting,
				role,
			});
			return {
				base_image_url: this.imageUrl(s, seed, false),
				original_image_url: this.imageUrl(s, seed + 1, false),
				seed,
				text_blocks: [block(0.1, 0.15, 'HELLO WORLD', 'heading', ['bold']), block(0.7, 0.08, 'Made with the stub', 'body', [])],
			};
		}
		if (path === '/v1/remove-background') {
			return {
				created,
				data: [
					unsafe
						? { url: null, is_image_safe: false }
						: { url: this.imageUrl(inSize!, baseSeed ?? randomSeed(), true), is_image_safe: true },
				],
			};
		}

		if (answeredHere(path)) return this.videos.answer(v, this.imageOrigin, unsafe);
		if (path.startsWith('/v2/image/generate/')) return this.generateV2(path, p, unsafe);
		if (V2_ASYNC_ONLY_PATHS.includes(path)) return this.imagesV2(inSize!, p, unsafe, false);
		if (path === '/v1/ideogram-v4/magic-prompt') return ideogram4.magicPrompt(p);
		if (path === '/v1/ideogram-v4/describe') return ideogram4.describedPrompt(input!, p);
		if (path === '/v1/ideogram-v4/generate') return ideogram4.generated(p, (width, height, seed) => this.imageUrl({ width, height }, seed, false));
		if (path.startsWith('/v2/')) return this.imageToImageV2(path, p, inSize!, unsafe);

		let resolution: Size;
		let upscaled: Size | undefined;
		let alpha = false;
		const v3 = this.v3Resolutions;
		const legacy = this.legacyResolutions;
		switch (path) {
			case '/v1/ideogram-v3/generate':
				resolution = parseRes(p.resolution) ?? this.ratioSize(v3, String(p.aspect_ratio ?? '1x1'));
				break;
			case '/v1/ideogram-v3/generate-transparent': {
				resolution = this.ratioSize(v3, String(p.aspect_ratio ?? '1x1'));
				const factor = p.upscale_factor === 'X2' ? 2 : p.upscale_factor === 'X4' ? 4 : 1;
				if (factor > 1) upscaled = { width: resolution.width * factor, height: resolution.height * factor };
				alpha = true;
				break;
			}
			case '/v1/ideogram-v3/remix':
			case '/remix':
				resolution =
					parseRes(p.resolution) ??
					(p.aspect_ratio ? this.ratioSize(path === '/remix' ? legacy : v3, String(p.aspect_ratio)) : inSize!);
				break;
			case '/v1/edit':
				resolution =
					parseRes(p.resolution) ??
					(p.aspect_ratio ? this.ratioSize(v3, String(p.aspect_ratio)) : (inSize ?? { width: 1024, height: 1024 }));
				alpha = p.transparent_background === true;
				break;
			case '/v1/ideogram-v3/reframe':
			case '/reframe':
				resolution = parseRes(p.resolution)!;
				break;
			case '/generate':
				resolution = parseRes(p.resolution) ?? this.ratioSize(legacy, String(p.aspect_ratio ?? 'ASPECT_1_1'));
				break;
			case '/upscale':
				resolution = inSize!;
				upscaled = { width: inSize!.width * 2, height: inSize!.height * 2 };
				break;
			default: // v3 edit / inpaint / replace-background, legacy edit: the input's size
				resolution = inSize!;
		}

		// Ideogram 3.0 answers only sizes of its ResolutionV3 list (ImageGenerationResponseV3): an
		// input of another size comes back at the listed size of the nearest shape.
		if (path.startsWith('/v1/ideogram-v3/') && !v3.some(([w, h]) => w === resolution.width && h === resolution.height)) {
			const [width, height] = resolutionForRatio(v3, resolution.width, resolution.height);
			resolution = { width, height };
		}
		const isLegacy = !path.startsWith('/v1/');
		const magic = (p.magic_prompt ?? p.magic_prompt_option) as string | undefined;
		const fallbackPrompt = path.endsWith('reframe') ? 'Reframed image' : path === '/upscale' ? 'Upscaled image' : '';
		const basePrompt = typeof p.prompt === 'string' ? p.prompt : fallbackPrompt;
		const outPrompt = magic === 'ON' ? `Enhanced: ${basePrompt}` : basePrompt;
		let styleType: string | undefined;
		if (path === '/upscale') styleType = undefined;
		else if (!isLegacy) styleType = (p.style_type as string | undefined) ?? 'GENERAL';
		else if (!String(p.model ?? 'V_2').startsWith('V_1')) styleType = (p.style_type as string | undefined) ?? 'AUTO';

		const n = (p.num_images as number | undefined) ?? 1;
		const seeds: number[] = [];
		for (let i = 0; i < n; i++) {
			if (baseSeed !== undefined) seeds.push((baseSeed + i) % 2147483648);
			else {
				let s = randomSeed();
				while (seeds.includes(s)) s = randomSeed();
				seeds.push(s);
			}
		}
		const served = upscaled ?? resolution;
		const data = seeds.map((seed) => {
			const item: Record<string, unknown> = {
				url: unsafe ? null : this.imageUrl(served, seed, alpha),
				prompt: outPrompt,
				resolution: fmt(resolution),
			};
			if (upscaled) item.upscaled_resolution = fmt(upscaled);
			item.is_image_safe = !unsafe;
			item.seed = seed;
			if (styleType !== undefined) item.style_type = styleType;
			return item;
		});
		return { created, data };
	}

	/** v2 Generate: {generation_id, seed, data}, lowercase enums, the model's size rules. */
	private generateV2(path: string, p: Record<string, unknown>, unsafe: boolean): unknown {
		const model = path.slice('/v2/image/generate/'.length);
		// P-Image's exact size comes as custom_width and custom_height.
		const exact = /^(\d+)x(\d+)$/.exec(p.custom_width !== undefined ? `${String(p.custom_width)}x${String(p.custom_height)}` : String(p.resolution ?? p.size ?? ''));
		const resolution: Size = exact
			? { width: Number(exact[1]), height: Number(exact[2]) }
			: this.ratioSize(this.v3Resolutions, String(p.aspect_ratio && p.aspect_ratio !== 'auto' ? p.aspect_ratio : '1x1'));
		const images = this.imagesV2(resolution, p, unsafe, model.endsWith('-transparent'));
		// Ideogram 4.5 says how it made the images (GenerateImageIdeogram45Response.generation_kind).
		return model === 'ideogram-4-5' ? { ...images, generation_kind: 'sampling' } : images;
	}

	/** A v2 answer with num_images images of one size: {generation_id, seed, data}. */
	private imagesV2(resolution: Size, p: Record<string, unknown>, unsafe: boolean, alpha: boolean): { generation_id: string; seed: number; data: unknown[] } {
		const seed = typeof p.seed === 'number' ? p.seed : randomInt(0, 2147483647);
		const n = (p.num_images as number | undefined) ?? 1;
		const prompt = p.magic_prompt === 'on' ? `Enhanced: ${String(p.prompt)}` : String(p.prompt ?? '');
		const data = Array.from({ length: n }, (_, i) => {
			const itemSeed = (seed + i) % 2147483648;
			return {
				url: unsafe ? null : this.imageUrl(resolution, itemSeed, alpha),
				prompt,
				resolution: `${resolution.width}x${resolution.height}`,
				seed: itemSeed,
				is_image_safe: !unsafe,
			};
		});
		return { generation_id: randomBytes(12).toString('base64url'), seed, data };
	}

	/**
	 * The v2 operations on an input image, each answering its own response schema (held against the
	 * spec in test/inprocess/image-v2-operations.test.ts): the output size follows the input, the
	 * resolution asked for, or the upscale factor or tier.
	 */
	private imageToImageV2(path: string, p: Record<string, unknown>, input: Size, unsafe: boolean): unknown {
		const [, , action, model] = path.split('/').slice(1);
		const generation_id = randomBytes(12).toString('base64url');
		const created = new Date().toISOString();
		const seed = typeof p.seed === 'number' ? p.seed : randomInt(0, 2147483647);
		const fmt = (s: Size) => `${s.width}x${s.height}`;
		const exact = /^(\d+)x(\d+)$/.exec(String(p.resolution ?? ''));
		if (action === 'describe') {
			if (model === 'ideogram-3') {
				return {
					created,
					description_id: generation_id,
					descriptions: [{ text: `A ${fmt(input)} image of colourful vertical stripes in four horizontal bands.` }, { text: 'An abstract pattern of colour bands.' }],
				};
			}
			const element: Record<string, unknown> = { type: 'text', text: 'OPEN', desc: 'Bold sans-serif lettering, centred' };
			if (p.include_bbox !== false) element.bbox = [100, 100, 300, 900];
			const jsonPrompt: Record<string, unknown> = {
				high_level_description: `Colourful vertical stripes in four bands, ${fmt(input)}`,
				compositional_deconstruction: { background: 'Flat colour bands', elements: [element] },
			};
			if (p.include_style_descriptions === true) jsonPrompt.style_description = { aesthetics: 'Flat graphic', color_palette: ['#FF0000', '#00FF00'] };
			if (p.include_tags === true) jsonPrompt.tags = ['stripes', 'abstract'];
			return { created, description_id: generation_id, json_prompt: jsonPrompt };
		}
		if (action === 'layerize') {
			const block = { x: Math.round(input.width * 0.1), y: Math.round(input.height * 0.1), width: Math.round(input.width * 0.8), height: Math.max(1, Math.round(input.height * 0.15)), text: 'HELLO WORLD', alignment: 'center', angle: 0, font_name: 'Inter', font_alternatives: ['Roboto'], font_size: 48, line_height: 1.2, color: '#212121', formatting: ['bold'], role: 'heading' };
			return {
				generation_id,
				seed,
				data: [
					{
						object_type: 'layerized_image',
						url: unsafe ? null : this.imageUrl(input, seed, false),
						base_image_url: unsafe ? null : this.imageUrl(input, seed + 1, false),
						is_image_safe: !unsafe,
						resolution: fmt(input),
						seed,
						text_blocks: [block],
					},
				],
			};
		}
		if (action === 'remove-background') {
			return { generation_id, data: [{ url: unsafe ? null : this.imageUrl(input, seed, true), is_image_safe: !unsafe }] };
		}
		if (action === 'upscale') {
			const tier = /^(\d)K$/.exec(String(p.resolution_tier ?? ''));
			const factor = tier ? (1024 * Number(tier[1])) / Math.max(input.width, input.height) : Number(String(p.upscale_factor ?? 'x2').slice(1));
			const size = { width: Math.round(input.width * factor), height: Math.round(input.height * factor) };
			return { generation_id, seed, width: size.width, height: size.height, data: [{ url: unsafe ? null : this.imageUrl(size, seed, false), resolution: fmt(size), seed, is_image_safe: !unsafe }] };
		}
		// remix, inpaint, precise-edit, reframe: images with prompt and seed.
		const size =
			exact
				? { width: Number(exact[1]), height: Number(exact[2]) }
				: p.aspect_ratio && p.aspect_ratio !== 'auto'
					? this.ratioSize(this.v3Resolutions, String(p.aspect_ratio))
					: input;
		const n = (p.num_images as number | undefined) ?? 1;
		const prompt = p.magic_prompt === 'on' ? `Enhanced: ${String(p.prompt ?? '')}` : String(p.prompt ?? 'Reframed image');
		const data = Array.from({ length: n }, (_, i) => {
			const itemSeed = (seed + i) % 2147483648;
			return { url: unsafe ? null : this.imageUrl(size, itemSeed, false), prompt, resolution: fmt(size), seed: itemSeed, is_image_safe: !unsafe };
		});
		if (action === 'inpaint') return { generation_id, seed, width: size.width, height: size.height, data };
		if (action === 'precise-edit') return { generation_id, generation_kind: 'sampling', seed, data };
		// Reframe's partner models answer the size they resolved the ratio to (Reframe*Response).
		if (action === 'reframe' && model !== 'ideogram-3') return { generation_id, seed, width: size.width, height: size.height, data };
		return { generation_id, seed, data };
	}

	// -------------------------------------------------------------------------------------------
	// Image downloads

	private async onImage(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
		const dl: RecordedDownload = {
			path: url.pathname,
			query: Object.fromEntries(url.searchParams),
			headers: flatHeaders(req.headers),
			status: 0,
			bytes: 0,
			startedAt: now(),
			endedAt: 0,
		};
		this.downloads.push(dl);
		const finish = (status: number, type: string, body: Buffer | string) => {
			dl.status = status;
			const buf = Buffer.isBuffer(body) ? body : Buffer.from(body);
			res.writeHead(status, { 'Content-Type': type, 'Content-Length': String(buf.length) });
			if (req.method === 'HEAD') res.end();
			else {
				res.end(buf);
				dl.bytes = buf.length;
			}
			dl.endedAt = now();
		};
		const m = /^\/images\/([A-Za-z0-9_-]+)\.png$/.exec(url.pathname);
		const entry = m ? this.images.get(m[1]) : undefined;
		const fault = this.takeFault((f) => f.kind.startsWith('image-') && (!f.path || url.pathname.startsWith(f.path)));
		if (fault) await this.sleep(fault.kind === 'image-slow' ? (fault.delayMs ?? 3000) : (fault.delayMs ?? 0));
		if (!entry || fault?.kind === 'image-404') return finish(404, 'text/plain', 'Not Found');
		if (url.searchParams.get('sig') !== entry.sig || url.searchParams.get('exp') !== String(entry.exp)) {
			return finish(403, 'text/plain', 'Forbidden: bad signature');
		}
		if (entry.exp < Date.now() / 1000) return finish(404, 'text/plain', 'Not Found (expired)');
		if (fault?.kind === 'image-wrong-type') {
			return finish(200, 'text/html', '<!doctype html><html><body><h1>Image unavailable</h1></body></html>');
		}
		const png = cachedPng(entry.width, entry.height, entry.seed, entry.alpha, this.opts.imageBytes ?? 0);
		dl.status = 200;
		res.writeHead(200, { 'Content-Type': 'image/png', 'Content-Length': String(png.length) });
		if (req.method === 'HEAD') {
			res.end();
			dl.endedAt = now();
			return;
		}
		if (fault?.kind === 'image-truncated') {
			const part = png.subarray(0, Math.floor(png.length / 2));
			res.write(part);
			dl.bytes = part.length;
			dl.endedAt = now();
			// Give the bytes a moment to leave, then cut the connection short of Content-Length.
			setTimeout(() => res.destroy(), 20);
			return;
		}
		await this.writeThrottled(res, png, (n) => (dl.bytes += n));
		dl.endedAt = now();
	}

	private async writeThrottled(res: http.ServerResponse, buf: Buffer, onBytes: (n: number) => void): Promise<void> {
		const bps = this.opts.bandwidthBytesPerSec;
		if (!bps || bps <= 0) {
			res.end(buf);
			onBytes(buf.length);
			return;
		}
		const slice = Math.max(1, Math.floor(bps / 50));
		const start = Date.now();
		let off = 0;
		while (off < buf.length) {
			if (res.destroyed || this.closed) return;
			const n = Math.min(slice, buf.length - off);
			const ok = res.write(buf.subarray(off, off + n));
			off += n;
			onBytes(n);
			if (!ok) {
				await new Promise<void>((resolve) => {
					const done = () => {
						res.off('drain', done);
						res.off('close', done);
						resolve();
					};
					res.on('drain', done);
					res.on('close', done);
				});
			}
			const wait = start + (off / bps) * 1000 - Date.now();
			if (wait > 0) await this.sleep(wait);
		}
		res.end();
	}

	// -------------------------------------------------------------------------------------------
	// Control routes

	private async onControl(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
		const route = url.pathname.slice(CONTROL_PREFIX.length);
		const reply = (status: number, body: unknown) => {
			const text = JSON.stringify(body);
			res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(text)) });
			res.end(text);
		};
		const key = `${req.method} ${route}`;
		switch (key) {
			case 'GET /requests':
				return reply(200, this.requests);
			case 'GET /downloads':
				return reply(200, this.downloads);
			case 'GET /stats':
				return reply(200, { maxInflightSeen: this.maxInflightSeen, inflight: this.inflight });
			case 'POST /reset':
				this.reset();
				return reply(200, { ok: true });
			case 'POST /video-bytes': {
				// The size of the videos of jobs accepted from now on (the benchmark's rows differ in it).
				const bytes = await integerIn(req, 'bytes', MIN_VIDEO_BYTES);
				if (typeof bytes === 'string') return reply(400, { error: bytes });
				this.videos.videoBytes = bytes;
				return reply(200, { ok: true, videoBytes: bytes });
			}
			case 'POST /video-job-latency': {
				// How long video jobs accepted from now on stay pending (videos take minutes; images' jobs keep --job-latency).
				const ms = await integerIn(req, 'ms', 0);
				if (typeof ms === 'string') return reply(400, { error: ms });
				this.videoJobLatencyMs = ms;
				return reply(200, { ok: true, videoJobLatencyMs: ms });
			}
			case 'POST /faults': {
				let f: Record<string, unknown>;
				try {
					f = JSON.parse((await readBody(req, 1024 * 1024)).toString('utf8')) as Record<string, unknown>;
				} catch {
					return reply(400, { error: 'body must be a JSON fault' });
				}
				if (!f || typeof f !== 'object' || !FAULT_KINDS.includes(f.kind as FaultKind)) {
					return reply(400, { error: `kind must be one of ${FAULT_KINDS.join(', ')}` });
				}
				const { promptContains, ...rest } = f;
				const fault = rest as unknown as Fault;
				if (typeof promptContains === 'string') fault.match = (r) => (promptOf(r) ?? '').includes(promptContains);
				this.inject(fault);
				return reply(200, { ok: true });
			}
			default: {
				const hooked = await this.webhooks.onControl(req.method ?? '', route, async () => JSON.parse((await readBody(req, 1024 * 1024)).toString('utf8') || '{}') as Record<string, unknown>);
				return hooked ? reply(...hooked) : reply(404, { error: `no control route ${key}` });
			}
		}
	}
}

/** Starts the stub (and, for kkiai, its separate image host). Validators are compiled once per process. */
export async function startStub(opts: StubOptions): Promise<IdeogramStub> {
	if (!opts || typeof opts.apiKey !== 'string' || !opts.apiKey) throw new Error('startStub: apiKey is required');
	const stub = new Stub(opts);
	await stub.start();
	return stub;
}

/**
 * One image of a finished job as GET /v2/generations/{id} lists it: with a prompt and a seed it is an
 * ImageGenerationObject, as the synchronous answer had it; without them (Upscale, Remove
 * Background) an ImageObjectWithoutPromptOrSeed, which names its object_type and resolution and
 * has no seed.
 */
function asGenerationItem(item: Record<string, unknown>, input?: { width?: number; height?: number }): Record<string, unknown> {
	if (item.object_type !== undefined || (item.prompt !== undefined && item.seed !== undefined)) return item;
	const resolution = item.resolution ?? (input ? `${input.width}x${input.height}` : undefined);
	return { object_type: 'image.without-prompt-or-seed', url: item.url, is_image_safe: item.is_image_safe, resolution };
}

// ---------------------------------------------------------------------------------------------
// Price quotes (`?dry_run=true`)

/**
 * The stub's price list, in micro-dollars per image, after the kind of prices Ideogram quoted in
 * October 2026 (not its real ones: those move). Keyed by the path's last two segments; 60000 when
 * not listed.
 */
export const QUOTE_PRICES: Record<string, number> = {
	'generate/ideogram-4-transparent': 80_000,
	'generate/ideogram-3-character': 150_000,
	'generate/ideogram-3-transparent': 80_000,
	'remix/ideogram-3-character': 150_000,
	'remove-background/ideogram-1': 10_000,
	'remove-object/ideogram-1': 40_000,
	'layerize/ideogram-3': 50_000,
	'upscale/auto': 130_000,
	'upscale/nano-banana-pro': 150_000,
	'upscale/topaz-bloom-2': 250_000,
	'upscale/topaz-redefine': 380_000,
	'upscale/topaz-standard-2': 130_000,
	'upscale/topaz-text-refine': 130_000,
	'upscale/topaz-wonder-3-5': 200_000,
};

/** How options scale the price: speed and quality tiers, and the upscale factor. */
const PRICE_FACTORS: Record<string, Record<string, number>> = {
	rendering_speed: { turbo: 0.5, default: 1, quality: 1.5 },
	quality: { very_low: 0.25, low: 0.5, medium: 1, high: 1.5 },
	upscale_factor: { x1: 1, x2: 1, x4: 2, x8: 4 },
};

/**
 * A PriceQuote for a validated request: the route's unit price times the option factors times
 * num_images. Routes whose model Ideogram picks (auto) are estimates with an upper bound of 2.5
 * times the price; `forceEstimate` makes any route one.
 */
export function priceQuote(v: ValidatedRequest, forceEstimate = false): Record<string, unknown> {
	if (isVideoRoute(v.route.path)) return videoQuote(v, forceEstimate);
	const params = paramsOf(v);
	const [action, model] = v.route.path.split('/').slice(-2);
	let unit = QUOTE_PRICES[`${action}/${model}`] ?? 60_000;
	for (const [field, factors] of Object.entries(PRICE_FACTORS)) {
		const factor = factors[String(params[field])];
		if (factor !== undefined) unit *= factor;
	}
	const quantity = typeof params.num_images === 'number' ? params.num_images : 1;
	const usdMicros = Math.round(unit) * quantity;
	const estimate = forceEstimate || model === 'auto';
	return {
		object: 'price_quote',
		billing_identifier: `${model}_${action}`.replace(/-/g, '_'),
		quantity,
		usd_micros: usdMicros,
		credit_millis: Math.round(usdMicros / 10),
		qualifier: estimate ? 'estimate' : 'exact',
		...(estimate ? { upper_bound_usd_micros: Math.round(usdMicros * 2.5) } : {}),
	};
}
