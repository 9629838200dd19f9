/**
 * The Ideogram Trigger in n8n's queue mode, for real: PostgreSQL, Redis, a main, one `n8n webhook`
 * process that receives the deliveries and one `n8n worker` that runs the executions (and
 * downloads the files), all on 127.0.0.1, the packed package installed the Community Nodes way.
 * The receiving example (Ideogram Trigger → Write Files) is published; the contract stub sends
 * 20 signed deliveries, 5 of them again, and 5 forged ones to the webhook process's production URL.
 *
 *   tsx test/scale/trigger-queue.ts --tarball <package.tgz> [--pid-file <file>]
 *
 * Fails unless the 20 became 20 executions run by the worker (the files they wrote, named by
 * execution id), the duplicates none (200, no execution) and the forged ones none (401).
 */
import type { ChildProcess } from 'child_process';
import { randomBytes } from 'crypto';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';

import { EXIT_FIX_PRELOAD, N8nInstance, REPO_ROOT, ensureRuntime, type Runtime } from '../e2e/runtime';
import { adaptExample, loadExample } from '../e2e/support/examples';
import { startStub, type IdeogramStub } from '../stub/ideogram-stub';
import { StubWebhooks, WEBHOOK_HEADERS } from '../stub/webhooks';
import { children, launch, newPort, outputOf, queueRuntime, recordPids, startPostgres, startRedis, startWorker, stop, waitFor } from './queue-mode';

const DELIVERIES = 20;
const DUPLICATES = 5;
const FORGED = 5;
const KEY = 'trigger-queue-key-not-secret';
const CREDENTIAL = { id: 'scaleTrigger001', name: 'Ideogram (trigger queue stub)' };
const EXAMPLE_FOLDER = '/home/node/.n8n-files/ideogram/received/';
const log = (message: string) => process.stderr.write(`[trigger-queue] ${message}\n`);

function argOf(flag: string): string | undefined {
	const at = process.argv.indexOf(flag);
	return at >= 0 ? process.argv[at + 1] : undefined;
}

/** `n8n webhook`: serves production webhooks only and queues their executions for the workers. */
async function startWebhookProcess(runtime: Runtime, userFolder: string, work: string): Promise<{ child: ChildProcess; port: number }> {
	const port = await newPort();
	const env: NodeJS.ProcessEnv = {
		...runtime.env(userFolder),
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_RUNNERS_BROKER_PORT: String(await newPort()),
	};
	const child = launch(runtime.nodeBin, ['--require', EXIT_FIX_PRELOAD, runtime.n8nBin, 'webhook'], env, path.join(work, 'webhook.log'));
	await waitFor('the webhook process', 180_000, async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).ok, child);
	return { child, port };
}

async function imageBody(stub: IdeogramStub, generationId: string): Promise<Record<string, unknown>> {
	const res = await fetch(`${stub.baseUrl}/v2/image/generate/ideogram-4`, {
		method: 'POST',
		headers: { 'Api-Key': KEY, 'Content-Type': 'application/json' },
		body: JSON.stringify({ prompt: `Queue-mode delivery ${generationId}` }),
	});
	if (res.status !== 200) throw new Error(`the stub refused the generation: ${res.status}`);
	return StubWebhooks.imageBody({ generation_id: generationId, data: ((await res.json()) as { data: unknown[] }).data });
}

async function main(): Promise<void> {
	const tarball = argOf('--tarball');
	if (!tarball) throw new Error('--tarball <package.tgz> is required');
	recordPids(argOf('--pid-file'));
	const work = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'ideogram-trigger-queue-')));
	await fs.chmod(work, 0o755); // the postgres user enters it
	const out = path.join(work, 'out');
	await fs.mkdir(out);
	let n8n: N8nInstance | undefined;
	let stub: IdeogramStub | undefined;
	let server: { stop(): Promise<void> } | undefined;
	let failed = true;
	try {
		const modern = await ensureRuntime('modern');
		const [pg, redis] = await Promise.all([startPostgres(work), startRedis(work)]);
		stub = await startStub({ personality: 'official', apiKey: KEY, host: '127.0.0.1' });
		const queued = queueRuntime(modern, pg.port, redis.port);
		const runtime: Runtime = { ...queued, env: (userFolder) => ({ ...queued.env(userFolder), N8N_RESTRICT_FILE_ACCESS_TO: out }) };
		n8n = await N8nInstance.create(runtime, { packageTarball: path.resolve(tarball) });
		await n8n.importCredentials([{ ...CREDENTIAL, type: 'ideogramApi', data: { provider: 'ideogram', apiKey: KEY, baseUrl: stub.baseUrl } }]);
		const receive = adaptExample(loadExample('trigger-receive-and-save.json'), { credential: CREDENTIAL });
		const save = receive.nodes.find((n) => n.type === 'n8n-nodes-base.readWriteFile')!.parameters as { fileName: string };
		save.fileName = save.fileName.replace(EXAMPLE_FOLDER, `${out}/{{ $execution.id }}--`);
		await n8n.importWorkflows([receive]);
		await n8n.run(['publish:workflow', `--id=${receive.id}`]);
		server = await n8n.start(await newPort(), { timeoutMs: 180_000 });
		const worker = await startWorker(runtime, n8n.userFolder, 1, true, work);
		const hook = await startWebhookProcess(runtime, n8n.userFolder, work);
		const webhookId = receive.nodes.find((n) => n.type === 'n8n-nodes-ideogram.ideogramTrigger')!.webhookId as string;
		const url = `http://127.0.0.1:${hook.port}/webhook/${webhookId}/ideogram`;
		// Registered once the webhook process has loaded the published workflow: the node's 401.
		await waitFor('the trigger URL on the webhook process', 120_000, async () => (await fetch(url, { method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json' } })).status === 401, hook.child);
		log(`main, worker and webhook process up; delivering to ${url}`);

		const ids = Array.from({ length: DELIVERIES }, (_, i) => `gen-queue-${i + 1}-${randomBytes(3).toString('hex')}`);
		const bodies = await Promise.all(ids.map((id) => imageBody(stub!, id)));
		const first = await Promise.all(bodies.map((b) => stub!.webhooks.deliver(url, b, { maxAttempts: 1 })));
		const again = await Promise.all(bodies.slice(0, DUPLICATES).map((b) => stub!.webhooks.deliver(url, b, { maxAttempts: 1 })));
		const forgedIds = Array.from({ length: FORGED }, (_, i) => `gen-forged-${i + 1}`);
		const forged = await Promise.all(
			forgedIds.map(async (id) =>
				stub!.webhooks.deliver(url, await imageBody(stub!, id), {
					maxAttempts: 1,
					tamper: ({ body, headers }) => ({ body, headers: { ...headers, [WEBHOOK_HEADERS.signature]: randomBytes(64).toString('hex') } }),
				}),
			),
		);

		// The executions run on the worker after the webhook process answered: wait for their files.
		const executionsOf = async (id: string) => {
			const files = (await fs.readdir(out)).filter((f) => f.endsWith(`--ideogram-${id}-1.png`));
			return new Set(files.map((f) => f.split('--')[0]));
		};
		await waitFor('the executions’ files', 300_000, async () => (await Promise.all(ids.map(executionsOf))).every((s) => s.size >= 1));
		// A last valid delivery, fully processed: anything the others started is on disk by then.
		const sentinel = `gen-queue-sentinel-${randomBytes(3).toString('hex')}`;
		await stub.webhooks.deliver(url, await imageBody(stub, sentinel), { maxAttempts: 1 });
		await waitFor('the sentinel', 120_000, async () => (await executionsOf(sentinel)).size === 1);

		const problems: string[] = [];
		const statuses = (attempts: Array<Array<{ status: number }>>) => attempts.map((a) => a[0]?.status);
		if (statuses(first).some((s) => s !== 200)) problems.push(`first deliveries answered ${statuses(first).join(',')} (want 200 each)`);
		if (statuses(again).some((s) => s !== 200)) problems.push(`duplicates answered ${statuses(again).join(',')} (want 200 each)`);
		if (statuses(forged).some((s) => s !== 401)) problems.push(`forged deliveries answered ${statuses(forged).join(',')} (want 401 each)`);
		const counts = await Promise.all(ids.map(async (id) => (await executionsOf(id)).size));
		if (counts.some((c) => c !== 1)) problems.push(`executions per generation: ${counts.join(',')} (want 1 each)`);
		const forgedRuns = (await Promise.all(forgedIds.map(executionsOf))).reduce((n, s) => n + s.size, 0);
		if (forgedRuns) problems.push(`${forgedRuns} executions for forged deliveries`);
		const onWorker = (outputOf(worker).match(/Worker started execution/g) ?? []).length;
		if (onWorker < DELIVERIES + 1) problems.push(`the worker logged ${onWorker} started executions (want ${DELIVERIES + 1})`);
		if (!/refused a request \(401\)/.test(outputOf(hook.child))) problems.push("the webhook process's log has no refusal reason");
		for (const child of [worker, hook.child]) if (outputOf(child).includes(KEY)) problems.push('the API key is in a log');
		log(
			`${DELIVERIES} deliveries → ${counts.reduce((a, b) => a + b, 0)} executions (worker logged ${onWorker} with the sentinel); ${DUPLICATES} duplicates → answered ${statuses(again).join('/')}; ${FORGED} forged → answered ${statuses(forged).join('/')}, ${forgedRuns} executions`,
		);
		if (problems.length) throw new Error(`trigger queue-mode check failed:\n  ${problems.join('\n  ')}`);
		log('trigger queue-mode check passed');
		failed = false;
	} finally {
		await Promise.all([...children].map(stop));
		await server?.stop();
		await n8n?.dispose();
		await stub?.close();
		if (!failed) await fs.rm(work, { recursive: true, force: true });
		else log(`logs kept in ${work} (repository ${REPO_ROOT})`);
	}
}

main().catch((e: unknown) => {
	process.stderr.write(`[trigger-queue] failed: ${(e as Error)?.stack ?? String(e)}\n`);
	process.exit(1);
});
