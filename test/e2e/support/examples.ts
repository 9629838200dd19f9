/**
 * The example workflows in examples/, loaded as a user imports them, then pointed at the test's
 * credential and folders: the same JSON the README offers, so an example that stops working fails
 * the suite.
 */
import { readFileSync } from 'fs';
import * as path from 'path';

import type { CredentialRef } from './providers';
import type { WorkflowJson } from './workflow';

export const EXAMPLES_DIR = path.resolve(__dirname, '..', '..', '..', 'examples');

export const EXAMPLE_FILES = {
	scheduled: 'scheduled-content-generation.json',
	marketing: 'marketing-pipeline.json',
	agent: 'ai-agent-image-tool.json',
	jsonPrompt: 'ideogram-4-json-prompt.json',
	dailyUsage: 'daily-usage-report.json',
} as const;

/**
 * Examples for a reseller's key (CometAPI, kkiai), which reaches only Ideogram's v1 endpoints.
 * Apart from EXAMPLE_FILES, which `npm start` imports onto its stub of Ideogram's own API.
 */
export const RESELLER_EXAMPLE_FILES = {
	scheduled: 'scheduled-content-generation-reseller.json',
} as const;

/** Examples that make videos: run by the suite, not imported by `npm start`. */
export const VIDEO_EXAMPLE_FILES = {
	productVideo: 'product-video.json',
} as const;

export function loadExample(file: string): WorkflowJson {
	return JSON.parse(readFileSync(path.join(EXAMPLES_DIR, file), 'utf8')) as WorkflowJson;
}

interface Assignment {
	name: string;
	value: unknown;
}

/**
 * The example with every Ideogram node on `credential`, the Settings node's fields replaced by
 * `settings` (each must exist), and optionally a new id.
 */
export function adaptExample(
	example: WorkflowJson,
	opts: { credential: CredentialRef; settings?: Record<string, string | number>; id?: string },
): WorkflowJson {
	const wf = JSON.parse(JSON.stringify(example)) as WorkflowJson;
	if (opts.id) wf.id = opts.id;
	let ideogramNodes = 0;
	for (const node of wf.nodes) {
		if (node.credentials?.ideogramApi) {
			node.credentials.ideogramApi = { ...opts.credential };
			ideogramNodes++;
		}
	}
	if (!ideogramNodes) throw new Error(`${example.name}: no node uses an ideogramApi credential`);
	for (const [name, value] of Object.entries(opts.settings ?? {})) {
		const settings = wf.nodes.find((n) => n.name === 'Settings');
		const list = (settings?.parameters as { assignments?: { assignments?: Assignment[] } } | undefined)?.assignments?.assignments;
		const field = list?.find((a) => a.name === name);
		if (!field) throw new Error(`${example.name}: the Settings node has no field ${name}`);
		field.value = value;
	}
	return wf;
}
