/**
 * Smoke test for the real-n8n runtimes the end-to-end suite runs on: each one installs (first
 * run: minutes), imports a trivial workflow and executes it through n8n's CLI.
 *
 *   npx jest --config '{}' --preset ts-jest test/e2e/runtime-smoke.test.ts
 */
import { ensureRuntime, N8nInstance, nodeItems, type RuntimeName } from './runtime';

jest.setTimeout(20 * 60_000);

const SMOKE_WORKFLOW_ID = 'e2eSmoke0001';

function smokeWorkflow(setNodeVersion: number): object {
	return {
		id: SMOKE_WORKFLOW_ID,
		name: 'runtime smoke',
		active: false,
		settings: { executionOrder: 'v1' },
		connections: {
			Start: { main: [[{ node: 'Set ok', type: 'main', index: 0 }]] },
		},
		nodes: [
			{
				id: '9d7c1b60-0000-4000-8000-000000000001',
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: '9d7c1b60-0000-4000-8000-000000000002',
				name: 'Set ok',
				type: 'n8n-nodes-base.set',
				typeVersion: setNodeVersion,
				position: [220, 0],
				parameters: {
					mode: 'raw',
					jsonOutput: '={{ { "ok": true, "sum": 1 + 2 } }}',
					options: {},
				},
			},
		],
	};
}

describe.each<RuntimeName>(['modern', 'legacy'])('%s n8n runtime', (name) => {
	let n8n: N8nInstance | undefined;

	afterAll(async () => {
		await n8n?.dispose();
	});

	it('installs, imports a workflow and executes it', async () => {
		const runtime = await ensureRuntime(name);
		n8n = await N8nInstance.create(runtime);
		await n8n.importWorkflows([smokeWorkflow(3.4)]);
		const run = await n8n.execute(SMOKE_WORKFLOW_ID);
		if (run.exitCode !== 0 || !run.output) {
			throw new Error(
				`n8n ${runtime.n8nVersion} execute failed (exit ${run.exitCode}, ${run.durationMs} ms)\n` +
					`stdout:\n${run.stdout.slice(-4000)}\nstderr:\n${run.stderr.slice(-4000)}`,
			);
		}
		const items = nodeItems(run.output, 'Set ok');
		expect(items.map((i: { json: unknown }) => i.json)).toEqual([{ ok: true, sum: 3 }]);
		// eslint-disable-next-line no-console
		console.log(`${name}: n8n ${runtime.n8nVersion} on node ${runtime.nodeVersion}: execute took ${run.durationMs} ms`);
	});
});
