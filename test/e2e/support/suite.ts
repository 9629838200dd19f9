/**
 * The real-n8n suite for one runtime: set up n8n with the packed package, run every scenario in
 * one `n8n execute-batch`, then one test per scenario plus the checks that span them (every
 * operation covered, no key anywhere, nothing unexpected sent).
 */
import { promises as fs, readFileSync } from 'fs';
import * as path from 'path';

import type { BatchResult, RuntimeName } from '../runtime';
import { CheckContext } from './check';
import { runAll, setUp, type E2eEnv } from './harness';
import { promptOf } from './providers';
import { SCENARIOS, type Scenario } from './scenarios';

/** Every (resource, operation) the node offers, read from the package as installed in n8n. */
function operationsOfInstalledNode(env: E2eEnv): Array<[string, string]> {
	const pkgDir = path.join(env.n8n.n8nFolder, 'nodes', 'node_modules', env.n8n.packageName!);
	const pkg = JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8')) as { n8n: { nodes: string[] } };
	const nodeFile = pkg.n8n.nodes.find((f) => f.endsWith('Ideogram.node.js'));
	if (!nodeFile) throw new Error(`the installed package lists no Ideogram.node.js: ${pkg.n8n.nodes.join(', ')}`);
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { Ideogram } = require(path.join(pkgDir, nodeFile)) as {
		Ideogram: new () => { description: { properties: Array<{ name: string; options?: Array<{ value: string }>; displayOptions?: { show?: { resource?: string[] } } }> } };
	};
	const pairs: Array<[string, string]> = [];
	for (const prop of new Ideogram().description.properties) {
		if (prop.name !== 'operation') continue;
		for (const resource of prop.displayOptions?.show?.resource ?? []) {
			for (const o of prop.options ?? []) pairs.push([resource, o.value]);
		}
	}
	return pairs;
}

export function defineSuite(runtimeName: RuntimeName, scenarios: Scenario[] = SCENARIOS): void {
	let env: E2eEnv | undefined;
	let batch: BatchResult | undefined;
	let setupError: unknown;

	beforeAll(async () => {
		const started = Date.now();
		try {
			env = await setUp(runtimeName);
			const workflows = scenarios.map((s) => s.build({ providers: env!.providers, dirs: env!.dirs, openAiCredential: env!.openAiCredential }));
			for (const s of scenarios) for (const f of s.outFolders ?? []) await fs.mkdir(path.join(env.dirs.out, f), { recursive: true });
			batch = await runAll(env, workflows);
			console.log(
				`${runtimeName}: n8n ${env.runtime.n8nVersion} on node ${env.runtime.nodeVersion}: ${workflows.length} workflows in one execute-batch, ` +
					`${(batch.durationMs / 1000).toFixed(1)} s (set-up and run ${((Date.now() - started) / 1000).toFixed(1)} s)`,
			);
		} catch (e) {
			setupError = e;
		}
	});

	afterAll(async () => {
		await env?.dispose();
	});

	const context = (id: string): CheckContext => {
		if (setupError) throw setupError;
		const entry = batch!.workflows[id];
		if (!entry) {
			throw new Error(
				`n8n execute-batch reported nothing for ${id} (exit ${batch!.exitCode}).\n--- stdout ---\n${batch!.stdout.slice(-3000)}\n--- stderr ---\n${batch!.stderr.slice(-3000)}`,
			);
		}
		return new CheckContext(id, entry, env!.providers, env!.dirs, () => env!.openAi.toolResults());
	};

	test.each(scenarios.map((s) => [s.title, s] as const))('%s', async (_title, s) => {
		const c = context(s.id);
		if ((s.expectStatus ?? 'success') === 'success' && c.entry?.status !== 'success') {
			throw new Error(`${s.id} ended with status ${c.entry?.status}: ${c.entry?.error}`);
		}
		await s.check(c);
	});

	test('every operation of both resources ran at least once', () => {
		if (setupError) throw setupError;
		const covered = new Set<string>();
		for (const s of scenarios) {
			if (batch?.workflows[s.id]?.status === 'success') for (const [r, o] of s.covers) covered.add(`${r}.${o}`);
		}
		const all = operationsOfInstalledNode(env!);
		expect(all.length).toBeGreaterThan(10);
		const missing = all
			.map(([r, o]) => `${r}.${o}`)
			.filter((k) => !covered.has(k));
		expect(missing).toEqual([]);
	});

	test('the API keys appear in no output, error or log line, and reached only their own stub', () => {
		if (setupError) throw setupError;
		const { providers } = env!;
		const texts = [batch!.stdout, batch!.stderr, JSON.stringify(batch!.workflows)];
		for (const key of providers.keys()) for (const t of texts) expect(t.includes(key)).toBe(false);
		for (const p of Object.values(providers.all)) {
			// Each stub got its own key (from its preset or custom credential), and no other.
			for (const r of p.stub.requests) expect(JSON.stringify(r.headers)).toContain(p.key);
			for (const d of p.stub.downloads) expect(JSON.stringify(d.headers)).not.toContain(p.key);
		}
	});

	test('the stubs refused nothing except the failures the scenarios asked for', () => {
		if (setupError) throw setupError;
		const unexpected = env!.providers
			.requests()
			.filter((r) => r.status !== 200 && !/\[\[(status:\d+|unsafe-prompt)\]\]|\(e2e custom wrong\)/.test(promptOf(r) ?? ''))
			.map((r) => `${r.personality} ${r.rawPath}: ${r.status} ${r.error ?? ''}`);
		expect(unexpected).toEqual([]);
	});
}
