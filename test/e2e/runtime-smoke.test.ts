/**
 * Smoke test for the real-n8n runtimes the end-to-end suite runs on. For each runtime: install it
 * (first run: minutes), import a trivial workflow and execute it through n8n's CLI; then install a
 * tiny community package from a tarball and run a workflow that uses its node, together with
 * the trivial one, in one `n8n execute-batch`.
 *
 *   npx jest --testPathIgnorePatterns=/node_modules/ --runTestsByPath test/e2e/runtime-smoke.test.ts
 *
 * (jest.config.js leaves test/e2e out of the default run, hence the override.) No runtime is
 * skipped: one that cannot be installed or run fails its test with the reason.
 */
/* eslint-disable @n8n/community-nodes/no-dangerous-functions -- test tooling: packs a tarball with tar */
import { execFileSync } from 'child_process';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';

import { ensureRuntime, N8nInstance, nodeItems, type RuntimeName } from './runtime';

jest.setTimeout(20 * 60_000);

const SMOKE_WORKFLOW_ID = 'e2eSmoke0001';
const PROBE_WORKFLOW_ID = 'e2eProbe0002';
const PROBE_PACKAGE = 'n8n-nodes-e2e-probe';

function workflow(id: string, nodes: Array<Record<string, unknown>>): object {
	const connections: Record<string, unknown> = {};
	for (let i = 0; i + 1 < nodes.length; i++) {
		connections[nodes[i].name as string] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	}
	return {
		id,
		name: id,
		active: false,
		settings: { executionOrder: 'v1' },
		connections,
		nodes: nodes.map((n, i) => ({
			id: `9d7c1b60-0000-4000-8000-${String(i + 1).padStart(12, '0')}`,
			position: [i * 220, 0],
			parameters: {},
			...n,
		})),
	};
}

const manualTrigger = { name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1 };

/** Manual Trigger -> Set (raw JSON with an expression). */
const smokeWorkflow = workflow(SMOKE_WORKFLOW_ID, [
	manualTrigger,
	{
		name: 'Set ok',
		type: 'n8n-nodes-base.set',
		typeVersion: 3.4,
		parameters: { mode: 'raw', jsonOutput: '={{ { "ok": true, "sum": 1 + 2 } }}', options: {} },
	},
]);

/** Manual Trigger -> the probe package's node. */
const probeWorkflow = workflow(PROBE_WORKFLOW_ID, [
	manualTrigger,
	{ name: 'Probe', type: `${PROBE_PACKAGE}.e2eProbe`, typeVersion: 1, parameters: { word: '={{ "hel" + "lo" }}' } },
]);

const PROBE_NODE_JS = `'use strict';
class E2eProbe {
	constructor() {
		this.description = {
			displayName: 'E2E Probe', name: 'e2eProbe', group: ['transform'], version: 1,
			description: 'Echoes a word (runtime smoke test)', defaults: { name: 'E2E Probe' },
			inputs: ['main'], outputs: ['main'],
			properties: [{ displayName: 'Word', name: 'word', type: 'string', default: '' }],
		};
	}
	async execute() {
		return [this.getInputData().map((item, i) => ({ json: { probe: this.getNodeParameter('word', i) }, pairedItem: { item: i } }))];
	}
}
exports.E2eProbe = E2eProbe;
`;

/** Writes a minimal community package and packs it the way `npm pack` lays a tarball out. */
async function packProbePackage(dir: string): Promise<string> {
	const pkgDir = path.join(dir, 'package');
	await fs.mkdir(path.join(pkgDir, 'dist'), { recursive: true });
	await fs.writeFile(
		path.join(pkgDir, 'package.json'),
		JSON.stringify(
			{
				name: PROBE_PACKAGE,
				version: '0.0.1',
				keywords: ['n8n-community-node-package'],
				files: ['dist'],
				n8n: { n8nNodesApiVersion: 1, nodes: ['dist/E2eProbe.node.js'] },
				peerDependencies: { 'n8n-workflow': '*' },
				devDependencies: { typescript: '*' },
			},
			null,
			2,
		),
	);
	await fs.writeFile(path.join(pkgDir, 'dist', 'E2eProbe.node.js'), PROBE_NODE_JS);
	const tgz = path.join(dir, `${PROBE_PACKAGE}-0.0.1.tgz`);
	execFileSync('tar', ['-czf', tgz, '-C', dir, 'package']);
	return tgz;
}

describe.each<RuntimeName>(['modern', 'legacy'])('%s n8n runtime', (name) => {
	const instances: N8nInstance[] = [];
	let tmp: string | undefined;

	afterAll(async () => {
		await Promise.all(instances.map((i) => i.dispose()));
		if (tmp) await fs.rm(tmp, { recursive: true, force: true });
	});

	it('installs, imports a trivial workflow and executes it', async () => {
		const runtime = await ensureRuntime(name);
		const n8n = await N8nInstance.create(runtime);
		instances.push(n8n);
		await n8n.importWorkflows([smokeWorkflow]);
		const run = await n8n.execute(SMOKE_WORKFLOW_ID);
		if (run.exitCode !== 0 || !run.output) {
			throw new Error(
				`n8n ${runtime.n8nVersion} execute failed (exit ${run.exitCode}, ${run.durationMs} ms)\n` +
					`stdout:\n${run.stdout.slice(-4000)}\nstderr:\n${run.stderr.slice(-4000)}`,
			);
		}
		expect(run.output.status).toBe('success');
		expect(nodeItems(run.output, 'Set ok').map((i: { json: unknown }) => i.json)).toEqual([{ ok: true, sum: 3 }]);
		console.log(`${name}: n8n ${runtime.n8nVersion} on node ${runtime.nodeVersion}: execute took ${run.durationMs} ms`);
	});

	it('loads a community package from a tarball and runs two workflows in one execute-batch', async () => {
		const runtime = await ensureRuntime(name);
		tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'n8n-e2e-probe-'));
		const n8n = await N8nInstance.create(runtime, { packageTarball: await packProbePackage(tmp) });
		instances.push(n8n);
		expect(n8n.packageName).toBe(PROBE_PACKAGE);
		const installed = JSON.parse(
			await fs.readFile(path.join(n8n.n8nFolder, 'nodes', 'node_modules', PROBE_PACKAGE, 'package.json'), 'utf8'),
		);
		expect(installed.devDependencies).toBeUndefined();
		expect(installed.peerDependencies).toBeUndefined();

		await n8n.importWorkflows([smokeWorkflow, probeWorkflow]);
		const batch = await n8n.executeBatch([SMOKE_WORKFLOW_ID, PROBE_WORKFLOW_ID]);
		const probe = batch.workflows[PROBE_WORKFLOW_ID];
		if (batch.exitCode !== 0 || probe?.status !== 'success') {
			throw new Error(
				`n8n ${runtime.n8nVersion} execute-batch: exit ${batch.exitCode}, ${JSON.stringify(batch.workflows, (k, v) => (k === 'output' ? undefined : v))}\n` +
					`stdout:\n${batch.stdout.slice(-4000)}\nstderr:\n${batch.stderr.slice(-4000)}`,
			);
		}
		expect(nodeItems(probe.output, 'Probe').map((i: { json: unknown }) => i.json)).toEqual([{ probe: 'hello' }]);
		expect(nodeItems(batch.workflows[SMOKE_WORKFLOW_ID].output, 'Set ok')[0].json).toEqual({ ok: true, sum: 3 });
		console.log(`${name}: execute-batch of 2 workflows took ${batch.durationMs} ms`);
	});
});
