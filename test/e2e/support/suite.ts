/**
 * The real-n8n suite for one runtime: set up n8n with the packed package, run every scenario in
 * one `n8n execute-batch`, then one test per scenario plus the checks that span them (every
 * operation covered, no key anywhere, nothing unexpected sent).
 */
import { promises as fs, readFileSync } from 'fs';
import * as path from 'path';

import { RESOURCES } from '../../../nodes/Ideogram/resources';
import { EDIT_MODELS } from '../../../nodes/Ideogram/resources/imageV2/models';
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

/**
 * What each operation sends, as a method and a path pattern, so that coverage is read from the
 * requests the stubs saw. A v2 operation's path ends in its model's slug (any slug counts), and
 * Edit's models sit under their own actions; v1 Edit is /inpaint, or /edit on gateways that know
 * only that name. Get Generation's GET /v2/generations/{id} is also what a waiting v2 operation
 * polls: a poll counts for it too, as the path alone cannot tell them apart.
 */
function routes(): Array<{ operation: string; method: string; path: RegExp }> {
	const out: Array<{ operation: string; method: string; path: RegExp }> = [];
	const literal = (p: string) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	for (const resource of RESOURCES) {
		for (const def of resource.operations) {
			const paths = [def.path];
			if (def.resource === 'imageV2' && def.value === 'edit') paths.push(...EDIT_MODELS.flatMap((m) => (m.path ? [m.path] : [])));
			if (def.resource === 'image' && def.value === 'edit') paths.push('/v1/ideogram-v3/edit');
			for (const p of paths) {
				const pattern = def.model ? `${literal(p.slice(0, p.lastIndexOf('/')))}/[^/]+` : def.method === 'GET' && def.pathFor ? `${literal(p)}/[^/]+` : literal(p);
				out.push({ operation: `${def.resource}.${def.value}`, method: def.method ?? 'POST', path: new RegExp(`^${pattern}$`) });
			}
		}
	}
	return out;
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

	test('every operation of every resource reached a stub, as the stubs’ logs show', () => {
		if (setupError) throw setupError;
		// What ran, from the requests the stubs answered with 200, not from what the scenarios say they cover.
		const table = routes();
		const covered = new Set<string>();
		for (const r of env!.providers.requests()) {
			if (r.status !== 200) continue;
			const path = r.path.split('?')[0];
			for (const route of table) if (route.method === r.method && route.path.test(path)) covered.add(route.operation);
		}
		const all = operationsOfInstalledNode(env!).map(([r, o]) => `${r}.${o}`);
		// The installed package offers the operations this source defines.
		expect([...new Set(all)].sort()).toEqual([...new Set(table.map((t) => t.operation))].sort());
		expect(all.filter((k) => !covered.has(k))).toEqual([]);
		// What the scenarios declare they cover did run.
		const declared = new Set(scenarios.flatMap((s) => s.covers.map(([r, o]) => `${r}.${o}`)));
		expect([...declared].filter((k) => !covered.has(k))).toEqual([]);
	});

	test('the API keys appear in no output, error or log line, and reached only their own stub', () => {
		if (setupError) throw setupError;
		const { providers } = env!;
		const texts = [batch!.stdout, batch!.stderr, JSON.stringify(batch!.workflows)];
		for (const key of providers.keys()) for (const t of texts) expect(t.includes(key)).toBe(false);
		for (const p of Object.values(providers.all)) {
			// Each stub got its own key (from its preset or custom credential), and no other.
			const others = providers.keys().filter((key) => key !== p.key);
			for (const r of p.stub.requests) {
				const headers = JSON.stringify(r.headers);
				expect(headers).toContain(p.key);
				for (const key of others) expect(headers).not.toContain(key);
			}
			// Image downloads carry no key at all.
			for (const d of p.stub.downloads) for (const key of providers.keys()) expect(JSON.stringify(d.headers)).not.toContain(key);
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
