/**
 * The three providers of the real-n8n suite: one contract stub per personality, in this (jest)
 * process on 127.0.0.1, and one `ideogramApi` credential for each, imported into n8n with
 * `n8n import:credentials`. The stubs answer while the test awaits the n8n child process.
 */
import { startStub, type IdeogramStub, type Personality, type RecordedRequest } from '../../stub/ideogram-stub';

export const PERSONALITIES = ['official', 'cometapi', 'kkiai'] as const;

/** The credential's Provider for each stub personality. */
const PROVIDER_OF: Record<Personality, string> = { official: 'ideogram', cometapi: 'cometapi', kkiai: 'kkiai' };

export interface CredentialRef {
	id: string;
	name: string;
}

export interface ProviderStub {
	personality: Personality;
	stub: IdeogramStub;
	key: string;
	credential: CredentialRef;
	/** `credentials` of a node that uses this provider. */
	nodeCredentials: { ideogramApi: CredentialRef };
}

export class Providers {
	private constructor(readonly all: Record<Personality, ProviderStub>) {}

	static async start(): Promise<Providers> {
		const all = {} as Record<Personality, ProviderStub>;
		try {
			for (const personality of PERSONALITIES) {
				const key = `sk-e2e-${personality}-${Math.random().toString(36).slice(2, 12)}`;
				const credential = { id: `e2eCred${personality[0].toUpperCase()}${personality.slice(1)}1`, name: `Ideogram stub (${personality})` };
				all[personality] = {
					personality,
					key,
					stub: await startStub({ personality, apiKey: key }),
					credential,
					nodeCredentials: { ideogramApi: credential },
				};
			}
		} catch (e) {
			await Promise.all(Object.values(all).map((p) => p.stub.close()));
			throw e;
		}
		return new Providers(all);
	}

	get official(): ProviderStub {
		return this.all.official;
	}
	get cometapi(): ProviderStub {
		return this.all.cometapi;
	}
	get kkiai(): ProviderStub {
		return this.all.kkiai;
	}

	/**
	 * Provider "Custom" credentials: with the raw `Authorization` header CometAPI takes, and one that
	 * sends `Api-Key` to kkiai, which wants `Authorization: Bearer` (it must be refused, and said so).
	 */
	get custom(): Record<'rawToCometapi' | 'apiKeyToKkiai', CredentialRef> {
		return {
			rawToCometapi: { id: 'e2eCredCustomRaw', name: 'Custom gateway (raw Authorization)' },
			apiKeyToKkiai: { id: 'e2eCredCustomBad', name: 'Custom gateway (wrong header)' },
		};
	}

	/** For `n8n import:credentials`: provider preset, the stub's key, and its address as Base URL. */
	credentialsToImport(): object[] {
		const presets = PERSONALITIES.map((p) => {
			const { credential, key, stub } = this.all[p];
			return { ...credential, type: 'ideogramApi', data: { provider: PROVIDER_OF[p], apiKey: key, baseUrl: stub.baseUrl } };
		});
		const custom = (ref: CredentialRef, p: ProviderStub, headerStyle: string) => ({
			...ref,
			type: 'ideogramApi',
			data: { provider: 'custom', apiKey: p.key, baseUrl: p.stub.baseUrl, headerStyle },
		});
		return [
			...presets,
			custom(this.custom.rawToCometapi, this.cometapi, 'raw'),
			custom(this.custom.apiKeyToKkiai, this.kkiai, 'apiKey'),
		];
	}

	keys(): string[] {
		return PERSONALITIES.map((p) => this.all[p].key);
	}

	requests(): Array<RecordedRequest & { personality: Personality }> {
		return PERSONALITIES.flatMap((p) => this.all[p].stub.requests.map((r) => ({ ...r, personality: p })));
	}

	reset(): void {
		for (const p of PERSONALITIES) this.all[p].stub.reset();
	}

	async close(): Promise<void> {
		await Promise.all(PERSONALITIES.map((p) => this.all[p].stub.close()));
	}
}

/** The prompt a recorded request carried (JSON body, text part, or inside image_request). */
export function promptOf(r: RecordedRequest): string | undefined {
	const j = r.json as { prompt?: unknown; image_request?: { prompt?: unknown } } | undefined;
	if (typeof j?.prompt === 'string') return j.prompt;
	if (typeof j?.image_request?.prompt === 'string') return j.image_request.prompt;
	const field = r.fields?.prompt?.[0];
	if (field !== undefined) return field;
	const ir = r.fields?.image_request?.[0];
	if (ir !== undefined) {
		try {
			const p = (JSON.parse(ir) as { prompt?: unknown }).prompt;
			if (typeof p === 'string') return p;
		} catch {
			// not JSON
		}
	}
	return undefined;
}

/** Every URL in a recorded response (image links), to tie requests to the items they produced. */
export function responseUrls(r: RecordedRequest): string[] {
	const urls: string[] = [];
	const walk = (v: unknown) => {
		if (typeof v === 'string' && /^https?:\/\//.test(v)) urls.push(v);
		else if (Array.isArray(v)) v.forEach(walk);
		else if (v && typeof v === 'object') Object.values(v).forEach(walk);
	};
	walk(r.response);
	return urls;
}
