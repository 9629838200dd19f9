/**
 * A small HTTP forward proxy on loopback that records what passed through it: absolute-URI
 * requests (`GET http://host:port/path HTTP/1.1`, how clients send plain-http requests to a
 * proxy) are forwarded and logged with their headers; CONNECT tunnels (https through a proxy)
 * are opened and logged by target. Used to prove that every request the node makes honours
 * n8n's Request Options → Proxy, in-process and in a real n8n.
 */
import * as http from 'http';
import * as https from 'https';
import type { AddressInfo } from 'net';
import * as net from 'net';

export interface ProxiedRequest {
	method: string;
	/** The absolute URL the client asked for; for CONNECT, `host:port`. */
	target: string;
	/** Path of the target (empty for CONNECT), to count requests by endpoint. */
	path: string;
	host: string;
	headers: Record<string, string>;
	/** The status the origin answered, or 502 when it could not be reached. */
	status?: number;
}

export interface ForwardProxy {
	/** e.g. http://127.0.0.1:40123, what goes into Request Options → Proxy. */
	url: string;
	port: number;
	log: ProxiedRequest[];
	/** Plain requests that arrived with a relative path, i.e. not in proxy form: a client bug. */
	notProxyForm: string[];
	reset(): void;
	close(): Promise<void>;
}

function flat(headers: http.IncomingHttpHeaders): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [k, v] of Object.entries(headers)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
	return out;
}

/** Hop-by-hop headers a proxy must not pass on (RFC 9110 §7.6.1), plus the proxy's own auth. */
const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade'];

export async function startForwardProxy(opts: { host?: string } = {}): Promise<ForwardProxy> {
	const log: ProxiedRequest[] = [];
	const notProxyForm: string[] = [];
	const sockets = new Set<net.Socket>();

	const server = http.createServer((req, res) => {
		let target: URL;
		try {
			target = new URL(req.url ?? '');
		} catch {
			notProxyForm.push(`${req.method} ${req.url}`);
			res.writeHead(400, { 'Content-Type': 'text/plain' }).end('this is a forward proxy: send absolute URIs');
			return;
		}
		const entry: ProxiedRequest = {
			method: req.method ?? 'GET',
			target: target.href,
			path: target.pathname,
			host: target.host,
			headers: flat(req.headers),
		};
		log.push(entry);
		const headers = { ...req.headers };
		for (const h of HOP_BY_HOP) delete headers[h];
		const upstream = http.request(
			{ host: target.hostname, port: target.port || 80, method: req.method, path: `${target.pathname}${target.search}`, headers },
			(answer) => {
				entry.status = answer.statusCode;
				const back = { ...answer.headers };
				for (const h of HOP_BY_HOP) delete back[h];
				res.writeHead(answer.statusCode ?? 502, back);
				answer.pipe(res);
			},
		);
		upstream.on('error', (e) => {
			entry.status = 502;
			if (!res.headersSent) res.writeHead(502, { 'Content-Type': 'text/plain' });
			res.end(`proxy: ${e.message}`);
		});
		req.pipe(upstream);
	});

	// https through a proxy: the client asks for a tunnel and speaks TLS inside it.
	server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
		const [host, port] = (req.url ?? '').split(':');
		const entry: ProxiedRequest = { method: 'CONNECT', target: req.url ?? '', path: '', host: req.url ?? '', headers: flat(req.headers) };
		log.push(entry);
		const upstream = net.connect(Number(port) || 443, host, () => {
			entry.status = 200;
			client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
			if (head.length) upstream.write(head);
			upstream.pipe(client);
			client.pipe(upstream);
		});
		const drop = () => {
			upstream.destroy();
			client.destroy();
		};
		upstream.on('error', () => {
			entry.status = 502;
			if (client.writable) client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
			drop();
		});
		client.on('error', drop);
	});
	server.on('connection', (s: net.Socket) => {
		sockets.add(s);
		s.on('close', () => sockets.delete(s));
	});

	const host = opts.host ?? '127.0.0.1';
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, host, () => resolve());
	});
	const port = (server.address() as AddressInfo).port;
	return {
		url: `http://${host}:${port}`,
		port,
		log,
		notProxyForm,
		reset: () => {
			log.length = 0;
			notProxyForm.length = 0;
		},
		close: () =>
			new Promise<void>((resolve) => {
				for (const s of sockets) s.destroy();
				server.close(() => resolve());
			}),
	};
}

/**
 * A plain image host on loopback: answers every GET with `body` as a PNG and logs each request.
 * With `tls` it speaks https with that key and certificate (e.g. a self-signed one).
 */
export interface ImageHost {
	origin: string;
	log: Array<{ method: string; path: string; headers: Record<string, string> }>;
	reset(): void;
	close(): Promise<void>;
}

export async function startImageHost(body: Buffer, opts: { host?: string; tls?: { key: Buffer; cert: Buffer } } = {}): Promise<ImageHost> {
	const log: ImageHost['log'] = [];
	const sockets = new Set<net.Socket>();
	const answer = (req: http.IncomingMessage, res: http.ServerResponse) => {
		log.push({ method: req.method ?? 'GET', path: new URL(req.url ?? '/', 'http://x').pathname, headers: flat(req.headers) });
		res.writeHead(200, { 'Content-Type': 'image/png', 'Content-Length': String(body.length) }).end(body);
	};
	const server = opts.tls ? https.createServer(opts.tls, answer) : http.createServer(answer);
	server.on('connection', (s: net.Socket) => {
		sockets.add(s);
		s.on('close', () => sockets.delete(s));
	});
	const host = opts.host ?? '127.0.0.1';
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, host, () => resolve());
	});
	const port = (server.address() as AddressInfo).port;
	return {
		origin: `${opts.tls ? 'https' : 'http'}://${host}:${port}`,
		log,
		reset: () => {
			log.length = 0;
		},
		close: () =>
			new Promise<void>((resolve) => {
				for (const s of sockets) s.destroy();
				server.close(() => resolve());
			}),
	};
}
