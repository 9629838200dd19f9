/**
 * n8n's "Request Options" (Proxy, Ignore SSL Issues, Timeout), which n8n adds to every declarative
 * node, applied to the requests the node makes itself: result image downloads and input links.
 *
 * RoutingNode applies them to the Ideogram API call only (n8n-core execution-engine/routing-node.js,
 * runNode): it parses `requestOptions.proxy` with url.parse into `proxy: { host, port, protocol,
 * auth }`, sets `skipSslCertificateValidation` from `allowUnauthorizedCerts`, and sets `timeout`.
 * Requests made through `this.helpers.httpRequest` get none of that, so without this a user behind
 * a corporate proxy would get images generated (and billed) and then fail to download them.
 *
 * Timeout: not handled here. `readSettings` (retry.ts) decides it once for every request of an
 * item: the node's own "Options → Timeout" when set (it is the one the node documents, in seconds),
 * else n8n's "Request Options → Timeout" (ms), else the node's default. runItem puts that value on
 * the API request in place of RoutingNode's, and the downloads get the same value, so the two
 * settings never disagree between the API call and its downloads.
 *
 * Credentials: none. The proxy's own user and password (from the proxy URL) go to the proxy only;
 * the Ideogram key is never part of these options.
 */
import { NodeOperationError, type IDataObject, type IHttpRequestOptions, type INode, type NodeParameterValueType } from 'n8n-workflow';

export type TransportOptions = Pick<IHttpRequestOptions, 'proxy' | 'skipSslCertificateValidation'>;

/**
 * What reading Request Options needs of a node's context: an item's (the Ideogram node, per item)
 * or the Ideogram Trigger's, which has Request Options of the same names but no items when a
 * delivery arrives.
 */
export interface OptionsContext {
	getNode(): INode;
	getNodeParameter(parameterName: string, fallbackValue?: IDataObject): NodeParameterValueType | object;
	getItemIndex?(): number;
}

/** Read once per item (each item has its own context), whatever the number of downloads. */
const perItem = new WeakMap<object, TransportOptions>();

const DEFAULT_PORTS: Record<string, number> = { 'http:': 80, 'https:': 443 };

function decode(part: string): string {
	try {
		return decodeURIComponent(part);
	} catch {
		return part;
	}
}

/**
 * The proxy as RoutingNode shapes it for the API call. RoutingNode has already refused a proxy
 * without host or port before any item ran ("The proxy is not valid"), so what reaches here parses;
 * WHATWG URL stands in for the deprecated url.parse and gives the same parts (it drops a port
 * that equals the scheme's default, which url.parse keeps, hence DEFAULT_PORTS).
 */
export function parseProxy(value: string): NonNullable<IHttpRequestOptions['proxy']> | undefined {
	let url: URL;
	try {
		url = new URL(value);
	} catch {
		return undefined;
	}
	const port = url.port ? Number(url.port) : DEFAULT_PORTS[url.protocol];
	if (!url.hostname || !port) return undefined;
	const proxy: NonNullable<IHttpRequestOptions['proxy']> = {
		// URL keeps an IPv6 literal in brackets; url.parse's hostname (what n8n passes on) does not.
		host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
		port,
		protocol: url.protocol.replace(/:$/, ''),
	};
	if (url.username || url.password) proxy.auth = { username: decode(url.username), password: decode(url.password) };
	return proxy;
}

/** Proxy and certificate checking for a request the node makes itself, as for the API call. */
export function transportOptions(ctx: OptionsContext): TransportOptions {
	const cached = perItem.get(ctx);
	if (cached) return cached;
	const requestOptions = (ctx.getNodeParameter('requestOptions', {}) ?? {}) as IDataObject;
	const options: TransportOptions = {};
	const proxyUrl = typeof requestOptions.proxy === 'string' ? requestOptions.proxy.trim() : '';
	if (proxyUrl) {
		const proxy = parseProxy(proxyUrl);
		if (!proxy)
			throw new NodeOperationError(ctx.getNode(), 'The proxy is not valid', {
				itemIndex: ctx.getItemIndex?.(),
				description: 'Request Options → Proxy must be a URL with a host and a port, e.g. http://proxy.example.com:3128',
			});
		options.proxy = proxy;
	}
	// Truthy, as RoutingNode reads it.
	if (requestOptions.allowUnauthorizedCerts) options.skipSslCertificateValidation = true;
	perItem.set(ctx, options);
	return options;
}
