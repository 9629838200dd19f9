/**
 * What a scenario's check gets: the run n8n printed, the items of any node, and the stubs' logs,
 * with helpers that tie a stub's requests to the items they produced.
 */
import * as http from 'http';

import type { RecordedRequest } from '../../stub/ideogram-stub';
import { nodeItems, type BatchResult } from '../runtime';
import type { Dirs } from './harness';
import { promptOf, responseUrls, type Providers, type ProviderStub } from './providers';

/** An item as n8n's run data holds it (binary entries carry metadata, the bytes stay in n8n's store). */
export interface RunItem {
	json: Record<string, unknown> & { url?: string | null; seed?: number; error?: string };
	binary?: Record<string, { mimeType?: string; fileName?: string; fileExtension?: string; fileSize?: string; id?: string; [k: string]: unknown }>;
	pairedItem?: { item: number; input?: number } | Array<{ item: number }>;
}

export class CheckContext {
	constructor(
		readonly id: string,
		readonly entry: BatchResult['workflows'][string] | undefined,
		readonly providers: Providers,
		readonly dirs: Dirs,
		/** The tool results the scripted chat model was sent (the AI Agent example). */
		readonly openAiToolResults: () => string[] = () => [],
	) {}

	/** The run data (IRun); throws with n8n's message when the workflow did not succeed. */
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	get run(): any {
		if (!this.entry) throw new Error(`workflow ${this.id} did not run (n8n execute-batch has no result for it)`);
		if (this.entry.status !== 'success' || !this.entry.output) {
			throw new Error(`workflow ${this.id} ended with status ${this.entry.status}: ${this.entry.error ?? '(no message)'}`);
		}
		return this.entry.output;
	}

	/** The items `node` output (first run, output 0 unless given). */
	items(node: string, outputIndex = 0): RunItem[] {
		return nodeItems(this.run, node, { outputIndex }) as RunItem[];
	}

	/** The input item each output item is paired with. */
	static pairedIndex(item: RunItem): number {
		const p = Array.isArray(item.pairedItem) ? item.pairedItem[0] : item.pairedItem;
		if (!p) throw new Error(`item without pairedItem: ${JSON.stringify(item.json).slice(0, 200)}`);
		return p.item;
	}

	/**
	 * Requests on `p`'s stub that made `items`: whose answer links to one of their images, or, for a
	 * v2 job, that started the generation they belong to (polls of it are left out).
	 */
	requestsFor(p: ProviderStub, items: RunItem[]): RecordedRequest[] {
		const urls = new Set(items.flatMap((i) => [i.json.url, i.json.original_image_url]).filter((u): u is string => typeof u === 'string'));
		const jobs = new Set(items.map((i) => i.json.generation_id).filter((id): id is string => typeof id === 'string'));
		const startedJob = (r: RecordedRequest) => jobs.has(String((r.response as { generation_id?: unknown } | undefined)?.generation_id));
		return p.stub.requests.filter((r) => r.method === 'POST' && (responseUrls(r).some((u) => urls.has(u)) || startedJob(r)));
	}

	/** The one request on `p`'s stub that made `items`, checked to have succeeded. */
	onlyRequestFor(p: ProviderStub, items: RunItem[]): RecordedRequest {
		const found = this.requestsFor(p, items);
		if (found.length !== 1) {
			throw new Error(`expected 1 request on the ${p.personality} stub behind ${items.length} items, found ${found.length}`);
		}
		return found[0];
	}

	/** Requests on `p`'s stub whose prompt contains `tag`. */
	requestsTagged(p: ProviderStub, tag: string): RecordedRequest[] {
		return p.stub.requests.filter((r) => (promptOf(r) ?? '').includes(tag));
	}

	/** Requests on `p`'s stub that uploaded a file with this sha256. */
	requestsWithFile(p: ProviderStub, sha256: string): RecordedRequest[] {
		return p.stub.requests.filter((r) => (r.files ?? []).some((f) => f.sha256 === sha256));
	}
}

/** The file parts of a request as [part name, sha256, content type]. */
export const filesOf = (r: RecordedRequest) => (r.files ?? []).map((f) => [f.field, f.sha256, f.contentType]);

/** GETs a URL (a stub image link) and returns the body. */
export function fetchBuffer(url: string): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		http
			.get(url, (res) => {
				const chunks: Buffer[] = [];
				res.on('data', (c: Buffer) => chunks.push(c));
				res.on('end', () =>
					res.statusCode === 200 ? resolve(Buffer.concat(chunks)) : reject(new Error(`GET ${url}: HTTP ${res.statusCode}`)),
				);
				res.on('error', reject);
			})
			.on('error', reject);
	});
}
