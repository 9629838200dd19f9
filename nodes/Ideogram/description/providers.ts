import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

export type HeaderStyle = 'apiKey' | 'bearer' | 'raw';
export type Provider = 'ideogram' | 'cometapi' | 'kkiai' | 'custom';

/**
 * Where each provider lives and how it wants the key. Base URLs include the reseller's path
 * prefix, so every endpoint path (e.g. /v1/ideogram-v3/generate) is the same on all of them.
 */
export const PROVIDERS: Record<Provider, { label: string; baseUrl: string; headerStyle: HeaderStyle }> = {
	ideogram: { label: 'Ideogram (Official API)', baseUrl: 'https://api.ideogram.ai', headerStyle: 'apiKey' },
	cometapi: { label: 'CometAPI', baseUrl: 'https://api.cometapi.com/ideogram', headerStyle: 'raw' },
	kkiai: { label: 'Kkiai', baseUrl: 'https://www.kkiai.com/ideogram', headerStyle: 'bearer' },
	custom: { label: 'Custom', baseUrl: '', headerStyle: 'bearer' },
};

export const HEADER_STYLE_LABELS: Record<HeaderStyle, string> = {
	apiKey: 'Api-Key: <key>',
	bearer: 'Authorization: Bearer <key>',
	raw: 'Authorization: <key>',
};

const PRESET_URLS = Object.fromEntries(
	Object.entries(PROVIDERS).map(([provider, { baseUrl }]) => [provider, baseUrl]),
);

/**
 * The same resolution as resolveConnection(), as an n8n expression for requestDefaults.baseURL
 * (RoutingNode evaluates it with $credentials). Built from PROVIDERS so the table exists once;
 * test/unit/description/providers.test.ts checks that both agree.
 */
export const BASE_URL_EXPRESSION = `={{ String($credentials.baseUrl || (${JSON.stringify(PRESET_URLS)})[$credentials.provider] || "").trim().replace(/\\/+$/, "") }}`;

export function resolveConnection(credentials: ICredentialDataDecryptedObject | IDataObject): {
	baseUrl: string;
	headerStyle: HeaderStyle;
} {
	const provider = (credentials.provider as Provider) ?? 'ideogram';
	const preset = PROVIDERS[provider] ?? PROVIDERS.custom;
	const baseUrl = String((credentials.baseUrl as string) || preset.baseUrl)
		.trim()
		.replace(/\/+$/, '');
	const headerStyle =
		provider === 'custom' ? ((credentials.headerStyle as HeaderStyle) ?? 'bearer') : preset.headerStyle;
	return { baseUrl, headerStyle };
}

export function authHeaders(credentials: ICredentialDataDecryptedObject | IDataObject): Record<string, string> {
	const key = String(credentials.apiKey ?? '').trim();
	switch (resolveConnection(credentials).headerStyle) {
		case 'apiKey':
			return { 'Api-Key': key };
		case 'raw':
			return { Authorization: key };
		default:
			return { Authorization: `Bearer ${key}` };
	}
}

function hostOf(url: string): string {
	try {
		return new URL(url).hostname;
	} catch {
		return '';
	}
}

/**
 * Whether this credential talks to Ideogram itself rather than to a reseller: the Ideogram
 * provider (also when its base URL is the user's own pass-through proxy), or any provider whose
 * base URL is on ideogram.ai. The one rule for everything that differs between the two (Edit's
 * path, the advice when a key is refused).
 */
export function talksToIdeogram(credentials: ICredentialDataDecryptedObject | IDataObject): boolean {
	if (((credentials.provider as Provider | undefined) || 'ideogram') === 'ideogram') return true;
	return /(^|\.)ideogram\.ai$/.test(hostOf(resolveConnection(credentials).baseUrl));
}
