/**
 * The stub's side of Ideogram's signed webhooks, as Ideogram's webhook guide describes them (the
 * checks the trigger makes are listed in docs/trigger.md; the JWKS schema is in test/contract/):
 *
 * - its own Ed25519 key pairs (node:crypto), the public halves published as a JWKS at
 *   GET /v1/.well-known/jwks.json (WebhookSigningJwks in test/contract/ideogram-v2-openapi.json);
 * - a finished job (images, or videos served from a small media host of its own) POSTed to a URL
 *   with the five X-Ideogram-Webhook-* headers, the signature over
 *   `<generation id>\n<user id>\n<timestamp>\n<sha256 hex of the raw body>`;
 * - a non-2xx answer (or no answer) retried a few times, a delivery sent twice on request, and a
 *   key rotation that keeps the old key published for a while, as Ideogram's JWKS does.
 *
 * Kept apart from ideogram-stub.ts, which only routes to it (a few hook lines), so the stub's
 * request validation and this can change independently.
 */
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'crypto';
import * as http from 'http';
import * as https from 'https';
import type { AddressInfo } from 'net';

export const JWKS_PATH = '/v1/.well-known/jwks.json';

/** The header names Ideogram sends, as the guide spells them (Node lower-cases them on receipt). */
export const WEBHOOK_HEADERS = {
	generationId: 'X-Ideogram-Webhook-Generation-Id',
	userId: 'X-Ideogram-Webhook-User-Id',
	timestamp: 'X-Ideogram-Webhook-Timestamp',
	keyId: 'X-Ideogram-Webhook-Key-Id',
	signature: 'X-Ideogram-Webhook-Signature',
} as const;

export interface Jwk {
	kty: 'OKP';
	crv: 'Ed25519';
	alg: 'EdDSA';
	use: 'sig';
	kid: string;
	x: string;
}

interface SigningKey {
	kid: string;
	privateKey: KeyObject;
	jwk: Jwk;
}

/** What a delivery says about itself; anything left out is filled in (the user id, now). */
export interface SignInput {
	generationId: string;
	userId?: string;
	/** Unix seconds; default now. */
	timestamp?: number;
	/** Sign with this key instead of the current one (e.g. one that is not in the JWKS). */
	key?: SigningKey;
}

export interface DeliveryAttempt {
	url: string;
	generationId: string;
	attempt: number;
	/** The receiver's status, or 0 when the connection failed. */
	status: number;
	/** The receiver's answer (first 2,000 characters). */
	answer: string;
	error?: string;
	headers: Record<string, string>;
}

export interface DeliverOptions {
	/** Override what is signed (generation id, user id, timestamp, key). */
	sign?: Partial<SignInput>;
	/** Deliver the same job this many times in a row (Ideogram may send a generation twice). Default 1. */
	times?: number;
	/** Attempts per delivery while the receiver answers non-2xx. Default: the module's setting. */
	maxAttempts?: number;
	/** Change the request after signing it (a forged or tampered delivery). */
	tamper?: (request: { body: Buffer; headers: Record<string, string> }) => { body: Buffer; headers: Record<string, string> };
}

export const DEFAULT_USER_ID = 'stub-user-7f3a';

/** The signed message of the guide: four lines, the last the hex SHA-256 of the raw body. */
export function signedMessage(generationId: string, userId: string, timestamp: string, rawBody: Buffer): Buffer {
	const digest = createHash('sha256').update(rawBody).digest('hex');
	return Buffer.from(`${generationId}\n${userId}\n${timestamp}\n${digest}`, 'utf8');
}

/** A fresh Ed25519 key pair with its public half as a JWK (x: the 32 raw bytes, base64url). */
export function newSigningKey(kid: string): SigningKey {
	const { publicKey, privateKey } = generateKeyPairSync('ed25519');
	const exported = publicKey.export({ format: 'jwk' }) as { x: string };
	return { kid, privateKey, jwk: { kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig', kid, x: exported.x } };
}

/**
 * A minimal MP4 file: an `ftyp` box (brand isom), a `free` box and an `mdat` box of noise. Enough
 * for a receiver that checks what the bytes are; no player would show it.
 */
export function makeMp4(payloadBytes = 2048, seed = 1): Buffer {
	const box = (type: string, body: Buffer) => {
		const head = Buffer.alloc(8);
		head.writeUInt32BE(8 + body.length, 0);
		head.write(type, 4, 'latin1');
		return Buffer.concat([head, body]);
	};
	const ftyp = box('ftyp', Buffer.concat([Buffer.from('isom', 'latin1'), Buffer.from([0, 0, 2, 0]), Buffer.from('isomiso2mp41', 'latin1')]));
	const noise = Buffer.alloc(payloadBytes);
	let s = seed >>> 0 || 1;
	for (let i = 0; i < noise.length; i++) {
		s = (s * 1103515245 + 12345) >>> 0;
		noise[i] = s >>> 24;
	}
	return Buffer.concat([ftyp, box('free', Buffer.alloc(0)), box('mdat', noise)]);
}

export class StubWebhooks {
	/** Newest first; the first signs. Rotated-out keys stay published until `retire`. */
	private keys: SigningKey[] = [newSigningKey('stub-k1')];
	private generation = 1;
	/** What GET /v1/.well-known/jwks.json answers: 200 with the keys, or this status (JWKS down). */
	jwksStatus = 200;
	/** How many times the JWKS was fetched, for tests of caching and refetching. */
	jwksFetches = 0;
	readonly attempts: DeliveryAttempt[] = [];
	/** Attempts per delivery while the receiver answers non-2xx (the guide: "a limited number of times"). */
	maxAttempts = 3;
	/** Wait before a retry; small, so tests stay quick. */
	retryDelayMs = 50;
	/**
	 * Where a job's webhook_url is really delivered: the node only takes https addresses, so a test
	 * maps the one it gave the node to the http address its receiver listens on.
	 */
	rewrite: (url: string) => string = (url) => url;
	/** webhook_urls of finished jobs that were not delivered: the stub posts to loopback only. */
	readonly skipped: string[] = [];
	private media?: { server: http.Server; origin: string; files: Map<string, Buffer> };
	private pending = new Set<Promise<unknown>>();
	private closed = false;

	/** The key that signs now. */
	get currentKey(): SigningKey {
		return this.keys[0];
	}

	/** The answer for GET /v1/.well-known/jwks.json: [status, body]. */
	jwksAnswer(): [number, unknown] {
		this.jwksFetches++;
		if (this.jwksStatus !== 200) return [this.jwksStatus, { error: 'Service temporarily unavailable' }];
		return [200, { keys: this.keys.map((k) => k.jwk) }];
	}

	/**
	 * A new signing key. With `keepOld` (Ideogram's way) the old keys stay published, so deliveries
	 * signed before the rotation still verify; without, only the new key is published.
	 */
	rotate(opts: { keepOld?: boolean } = {}): string {
		const key = newSigningKey(`stub-k${++this.generation}`);
		this.keys = opts.keepOld === false ? [key] : [key, ...this.keys];
		return key.kid;
	}

	/** A key that signs but is published nowhere (a forger's, or one retired long ago). */
	unpublishedKey(): SigningKey {
		return newSigningKey(`stub-unpublished-${randomBytes(3).toString('hex')}`);
	}

	/** The five headers for this body. */
	sign(rawBody: Buffer, input: SignInput): Record<string, string> {
		const key = input.key ?? this.currentKey;
		const userId = input.userId ?? DEFAULT_USER_ID;
		const timestamp = String(input.timestamp ?? Math.floor(Date.now() / 1000));
		const signature = sign(null, signedMessage(input.generationId, userId, timestamp, rawBody), key.privateKey).toString('hex');
		return {
			'Content-Type': 'application/json',
			[WEBHOOK_HEADERS.generationId]: input.generationId,
			[WEBHOOK_HEADERS.userId]: userId,
			[WEBHOOK_HEADERS.timestamp]: timestamp,
			[WEBHOOK_HEADERS.keyId]: key.kid,
			[WEBHOOK_HEADERS.signature]: signature,
		};
	}

	/**
	 * POSTs a finished job to `url`, signed, retrying a non-2xx answer (or a failed connection) up
	 * to maxAttempts times, each attempt signed afresh (a new timestamp). Resolves with this
	 * delivery's attempts, in order, once it is done.
	 */
	async deliver(url: string, body: object | Buffer, opts: DeliverOptions = {}): Promise<DeliveryAttempt[]> {
		const raw = Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body), 'utf8');
		const parsed = Buffer.isBuffer(body) ? undefined : (body as { generation_id?: unknown; request_id?: unknown });
		const generationId = opts.sign?.generationId ?? String(parsed?.generation_id ?? parsed?.request_id ?? '');
		const mine: DeliveryAttempt[] = [];
		const work = (async () => {
			for (let time = 0; time < (opts.times ?? 1); time++) {
				const attempts = opts.maxAttempts ?? this.maxAttempts;
				for (let attempt = 1; attempt <= attempts && !this.closed; attempt++) {
					let request = { body: raw, headers: this.sign(raw, { ...opts.sign, generationId }) };
					if (opts.tamper) request = opts.tamper({ body: Buffer.from(request.body), headers: { ...request.headers } });
					const result = await post(url, request.body, request.headers);
					const record: DeliveryAttempt = { url, generationId, attempt, ...result, headers: request.headers };
					this.attempts.push(record);
					mine.push(record);
					if (result.status >= 200 && result.status < 300) break;
					if (attempt < attempts) await new Promise((resolve) => setTimeout(resolve, this.retryDelayMs));
				}
			}
			return mine;
		})();
		this.pending.add(work);
		try {
			return await work;
		} finally {
			this.pending.delete(work);
		}
	}

	/** Delivers a job the stub finished (an async request with webhook_url), after `rewrite`. */
	async deliverJob(url: string, answer: { generation_id: string; data: unknown[] }, created: string): Promise<DeliveryAttempt[]> {
		const target = this.rewrite(url);
		if (!isLoopbackUrl(target)) {
			this.skipped.push(url);
			return [];
		}
		return await this.deliver(target, StubWebhooks.imageBody(answer, created));
	}

	/** A finished image job's webhook body, from the answer a synchronous request would have had. */
	static imageBody(answer: { generation_id: string; data: unknown[] }, created = new Date().toISOString()): Record<string, unknown> {
		return { generation_id: answer.generation_id, created, data: answer.data };
	}

	/**
	 * A finished video job's body: VideoObjects (no MIME type, as in the spec) whose links point to
	 * small MP4 files on the stub's media host.
	 */
	async videoBody(generationId: string, count = 1, prompt = 'A lighthouse at dusk, slow pan'): Promise<Record<string, unknown>> {
		const data = [];
		for (let i = 0; i < count; i++) {
			data.push({
				url: await this.videoUrl(makeMp4(4096, i + 1)),
				prompt,
				duration: 5,
				resolution: '720p',
				aspect_ratio: '16:9',
				object_type: 'video.generation',
			});
		}
		return { generation_id: generationId, created: new Date().toISOString(), data };
	}

	/** Serves `bytes` as video/mp4 from the media host (started on first use) and returns the link. */
	async videoUrl(bytes: Buffer): Promise<string> {
		const media = this.media ?? (await this.startMedia());
		const id = randomBytes(8).toString('hex');
		media.files.set(id, bytes);
		return `${media.origin}/videos/${id}.mp4?exp=${Math.floor(Date.now() / 1000) + 86400}&sig=${randomBytes(16).toString('hex')}`;
	}

	private async startMedia(): Promise<NonNullable<StubWebhooks['media']>> {
		const files = new Map<string, Buffer>();
		const server = http.createServer((req, res) => {
			const m = /^\/videos\/([0-9a-f]+)\.mp4$/.exec(new URL(req.url ?? '/', 'http://media.local').pathname);
			const file = m ? files.get(m[1]) : undefined;
			if (!file) {
				res.writeHead(404, { 'Content-Type': 'text/plain' });
				res.end('Not Found');
				return;
			}
			res.writeHead(200, { 'Content-Type': 'video/mp4', 'Content-Length': String(file.length) });
			res.end(file);
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		this.media = { server, files, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
		return this.media;
	}

	/** Between tests: the log and the switches, not the keys (a receiver may have cached them). */
	reset(): void {
		this.attempts.length = 0;
		this.skipped.length = 0;
		this.rewrite = (url) => url;
		this.jwksStatus = 200;
		this.jwksFetches = 0;
	}

	async close(): Promise<void> {
		this.closed = true;
		await Promise.allSettled([...this.pending]);
		const media = this.media;
		this.media = undefined;
		if (media) {
			await new Promise<void>((resolve) => {
				media.server.close(() => resolve());
				media.server.closeAllConnections();
			});
		}
	}

	/**
	 * Control routes under /__stub/webhooks/ for clients in other processes (the stub CLI):
	 * POST rotate {keepOld?}, POST jwks {status}, POST deliver {url, body, times?}, GET attempts.
	 * Returns undefined for a route it does not know.
	 */
	async onControl(method: string, route: string, readJson: () => Promise<Record<string, unknown>>): Promise<[number, unknown] | undefined> {
		switch (`${method} ${route}`) {
			case 'GET /webhooks/attempts':
				return [200, this.attempts];
			case 'POST /webhooks/rotate': {
				const body = await readJson();
				return [200, { kid: this.rotate({ keepOld: body.keepOld !== false }) }];
			}
			case 'POST /webhooks/jwks': {
				const body = await readJson();
				const status = Number(body.status);
				if (!Number.isInteger(status) || status < 200 || status > 599) return [400, { error: 'status must be an HTTP status' }];
				this.jwksStatus = status;
				return [200, { ok: true }];
			}
			case 'POST /webhooks/deliver': {
				const body = await readJson();
				if (typeof body.url !== 'string' || !body.body || typeof body.body !== 'object') return [400, { error: 'give {url, body}' }];
				return [200, await this.deliver(body.url, body.body as object, { times: Number(body.times) || 1 })];
			}
			default:
				return undefined;
		}
	}
}

function isLoopbackUrl(url: string): boolean {
	try {
		const host = new URL(url).hostname.replace(/^\[(.*)\]$/, '$1');
		return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
	} catch {
		return false;
	}
}

/** One POST; never throws (a failed connection is status 0). */
function post(url: string, body: Buffer, headers: Record<string, string>): Promise<{ status: number; answer: string; error?: string }> {
	return new Promise((resolve) => {
		const target = new URL(url);
		const req = (target.protocol === 'https:' ? https : http).request(
			target,
			{ method: 'POST', headers: { ...headers, 'Content-Length': String(body.length) }, timeout: 60_000 },
			(res) => {
				let answer = '';
				res.setEncoding('utf8');
				res.on('data', (chunk: string) => {
					if (answer.length < 2000) answer += chunk;
				});
				res.on('end', () => resolve({ status: res.statusCode ?? 0, answer: answer.slice(0, 2000) }));
				res.on('error', (e) => resolve({ status: res.statusCode ?? 0, answer, error: e.message }));
			},
		);
		req.on('timeout', () => req.destroy(new Error('timed out')));
		req.on('error', (e) => resolve({ status: 0, answer: '', error: e.message }));
		req.end(body);
	});
}
