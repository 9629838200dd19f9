/**
 * The Ideogram Trigger where Ideogram reaches it: a real `n8n start` of each supported line with
 * the packed package installed, the example pair of workflows from examples/ ("receive and save",
 * published; "send without waiting", run by hand), and signed deliveries from the contract stub
 * POSTed to the trigger's production URL (/webhook/<webhookId>/ideogram). Each execution writes
 * the delivered files under its own execution id, so the files on disk count the executions and
 * hold the bytes that were delivered.
 */
import { randomBytes } from 'crypto';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';

import { ensureRuntime, freePort, N8nInstance, type Runtime, type RuntimeName, type StartedN8n } from './runtime';
import { adaptExample, loadExample } from './support/examples';
import { startStub, type IdeogramStub } from '../stub/ideogram-stub';
import { StubWebhooks, WEBHOOK_HEADERS, type DeliveryAttempt } from '../stub/webhooks';

const KEY = `sk-e2e-trigger-${randomBytes(5).toString('hex')}`;
const CREDENTIAL = { id: 'e2eCredTrigger1', name: 'Ideogram stub (trigger)' };
const RECEIVE = loadExample('trigger-receive-and-save.json');
const SEND = loadExample('trigger-send-without-waiting.json');
const WEBHOOK_ID = String(RECEIVE.nodes.find((n) => n.type === 'n8n-nodes-ideogram.ideogramTrigger')?.webhookId);
/** The receiving example's folder, replaced by the test's. */
const EXAMPLE_FOLDER = '/home/node/.n8n-files/ideogram/received/';

describe.each(['modern', 'legacy'] as RuntimeName[])('%s n8n: the Ideogram Trigger at its production URL', (name) => {
	let stub: IdeogramStub;
	let n8n: N8nInstance;
	let server: StartedN8n;
	let out: string;
	let url: string;
	let ids = 0;
	const newId = () => `gen-e2e-${name}-${++ids}`;

	beforeAll(async () => {
		const tarball = process.env.IDEOGRAM_E2E_TARBALL;
		if (!tarball) throw new Error('IDEOGRAM_E2E_TARBALL is not set: run with `npx jest -c jest.e2e.config.js` (its global setup packs the package)');
		const runtime = await ensureRuntime(name);
		stub = await startStub({ personality: 'official', apiKey: KEY });
		out = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), `ideogram-trigger-e2e-${name}-`)));
		const restricted: Runtime = { ...runtime, env: (userFolder) => ({ ...runtime.env(userFolder), N8N_RESTRICT_FILE_ACCESS_TO: out }) };
		n8n = await N8nInstance.create(restricted, { packageTarball: tarball });
		await n8n.importCredentials([{ ...CREDENTIAL, type: 'ideogramApi', data: { provider: 'ideogram', apiKey: KEY, baseUrl: stub.baseUrl } }]);
		const receive = adaptExample(RECEIVE, { credential: CREDENTIAL });
		const save = receive.nodes.find((n) => n.type === 'n8n-nodes-base.readWriteFile')!;
		const fileName = (save.parameters as { fileName: string }).fileName;
		if (!fileName.includes(EXAMPLE_FOLDER)) throw new Error(`the receiving example no longer writes to ${EXAMPLE_FOLDER}: ${fileName}`);
		// The test's folder, and each file prefixed with its execution id.
		(save.parameters as { fileName: string }).fileName = fileName.replace(EXAMPLE_FOLDER, `${out}/{{ $execution.id }}--`);
		await n8n.importWorkflows([receive, adaptExample(SEND, { credential: CREDENTIAL })]);
		// 2.x publishes a version; 1.x sets the workflow active. Either way n8n registers the
		// trigger's production webhook when it starts.
		await n8n.run(name === 'modern' ? ['publish:workflow', `--id=${RECEIVE.id}`] : ['update:workflow', `--id=${RECEIVE.id}`, '--active=true']);
		server = await n8n.start(await freePort());
		url = `${server.url}/webhook/${WEBHOOK_ID}/ideogram`;
		// n8n answers /healthz before it has activated the workflows: wait for the trigger's URL
		// to be registered (an unsigned POST then gets the node's 401 instead of n8n's 404).
		for (let i = 0; ; i++) {
			const status = (await fetch(url, { method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json' } })).status;
			if (status === 401) break;
			if (i >= 240) {
				const { stdout, stderr } = server.output();
				throw new Error(`the trigger's production URL still answers ${status}\n--- n8n stdout (tail) ---\n${stdout.slice(-4000)}\n--- stderr ---\n${stderr.slice(-3000)}`);
			}
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
	}, 20 * 60_000);

	afterAll(async () => {
		await n8n?.dispose();
		await stub?.close();
		if (out) await fs.rm(out, { recursive: true, force: true });
	});

	/** Two images from the stub as a finished generation's webhook body. */
	async function imageBody(generationId: string): Promise<Record<string, unknown>> {
		const res = await fetch(`${stub.baseUrl}/v2/image/generate/ideogram-4`, {
			method: 'POST',
			headers: { 'Api-Key': KEY, 'Content-Type': 'application/json' },
			body: JSON.stringify({ prompt: 'A lantern on a jetty', num_images: 2 }),
		});
		if (res.status !== 200) throw new Error(`the stub refused the generation: ${res.status} ${await res.text()}`);
		return StubWebhooks.imageBody({ generation_id: generationId, data: ((await res.json()) as { data: unknown[] }).data });
	}

	/** Files written for a generation, by execution id: { executionId: [file names] }. */
	async function filesOf(generationId: string): Promise<Record<string, string[]>> {
		const byExecution: Record<string, string[]> = {};
		for (const file of await fs.readdir(out)) {
			const m = /^(\d+)--ideogram-(.+)-(\d+)\.png$/.exec(file);
			if (m && m[2] === generationId) (byExecution[m[1]] ??= []).push(file);
		}
		return byExecution;
	}

	/** Waits for a generation's files (n8n answers before the execution has finished). */
	async function waitForFiles(generationId: string, count: number): Promise<Record<string, string[]>> {
		for (let i = 0; i < 600; i++) {
			const files = await filesOf(generationId);
			if (Object.values(files).flat().length >= count) return files;
			await new Promise((resolve) => setTimeout(resolve, 100));
		}
		const { stdout, stderr } = server.output();
		throw new Error(`no ${count} files of ${generationId} appeared in ${out}\n--- n8n stdout (tail) ---\n${stdout.slice(-3000)}\n--- stderr ---\n${stderr.slice(-2000)}`);
	}

	/** A valid delivery fully processed: after it, anything an earlier request started is on disk too. */
	async function sentinel(): Promise<void> {
		const id = newId();
		const [attempt] = await stub.webhooks.deliver(url, await imageBody(id), { maxAttempts: 1 });
		expect(attempt.status).toBe(200);
		await waitForFiles(id, 2);
	}

	const statuses = (attempts: DeliveryAttempt[]) => attempts.map((a) => a.status);

	test('a valid delivery starts one execution that saves both images, byte for byte', async () => {
		const id = newId();
		const body = await imageBody(id);
		const attempts = await stub.webhooks.deliver(url, body, { maxAttempts: 1 });
		expect(statuses(attempts)).toEqual([200]);
		const files = await waitForFiles(id, 2);
		expect(Object.keys(files)).toHaveLength(1);
		const [executionId] = Object.keys(files);
		for (const [index, image] of (body.data as Array<{ url: string }>).entries()) {
			const saved = await fs.readFile(path.join(out, `${executionId}--ideogram-${id}-${index + 1}.png`));
			const served = Buffer.from(await (await fetch(image.url)).arrayBuffer());
			expect(saved.equals(served)).toBe(true);
		}
		// Keys fetched from the credential's base URL, without the key.
		const jwks = stub.requests.filter((r) => r.path === '/v1/.well-known/jwks.json');
		expect(jwks.length).toBeGreaterThanOrEqual(1);
		for (const r of jwks) expect(JSON.stringify(r.headers)).not.toContain(KEY);
	});

	test('a forged signature: 401 with a generic body, no execution, the reason in n8n’s log', async () => {
		const id = newId();
		const attempts = await stub.webhooks.deliver(url, await imageBody(id), {
			maxAttempts: 1,
			tamper: ({ body, headers }) => ({ body, headers: { ...headers, [WEBHOOK_HEADERS.signature]: randomBytes(64).toString('hex') } }),
		});
		expect(statuses(attempts)).toEqual([401]);
		expect(JSON.parse(attempts[0].answer)).toEqual({ message: 'Unauthorized' });
		await sentinel();
		expect(await filesOf(id)).toEqual({});
		expect(server.output().stdout + server.output().stderr).toMatch(
			new RegExp(`Ideogram Trigger "Ideogram Trigger" \\(workflow ${RECEIVE.id}\\) refused a request \\(401\\): the signature matches none`),
		);
	});

	test('a key absent from the JWKS and a stale timestamp: 401, no execution', async () => {
		const absent = newId();
		const stale = newId();
		expect(statuses(await stub.webhooks.deliver(url, await imageBody(absent), { maxAttempts: 1, sign: { key: stub.webhooks.unpublishedKey() } }))).toEqual([401]);
		expect(statuses(await stub.webhooks.deliver(url, await imageBody(stale), { maxAttempts: 1, sign: { timestamp: Math.floor(Date.now() / 1000) - 360 } }))).toEqual([401]);
		await sentinel();
		expect(await filesOf(absent)).toEqual({});
		expect(await filesOf(stale)).toEqual({});
	});

	test('a duplicate delivery is acknowledged (200) and starts no second execution', async () => {
		const id = newId();
		const attempts = await stub.webhooks.deliver(url, await imageBody(id), { maxAttempts: 1, times: 2 });
		expect(statuses(attempts)).toEqual([200, 200]);
		await waitForFiles(id, 2);
		await sentinel();
		const files = await filesOf(id);
		expect(Object.keys(files)).toHaveLength(1);
		expect(Object.values(files)[0]).toHaveLength(2);
	});

	test('a body that is not JSON (with a JSON content type) is refused before the trigger runs', async () => {
		const attempts = await stub.webhooks.deliver(url, Buffer.from('{"generation_id": '), { maxAttempts: 1, sign: { generationId: 'gen-broken' } });
		expect(attempts[0].status).toBeGreaterThanOrEqual(400);
		expect(attempts[0].status).toBeLessThan(500);
	});

	test('the example pair: "send without waiting" run by hand, Ideogram delivers, "receive and save" saves the image', async () => {
		// The sending example's Webhook URL is an https placeholder (the node takes https only): the
		// stub delivers what is sent there to the trigger's production URL instead.
		const generate = SEND.nodes.find((n) => n.type === 'n8n-nodes-ideogram.ideogram')!;
		const webhookUrl = (generate.parameters as { options: { webhookUrl: string } }).options.webhookUrl;
		expect(webhookUrl).toBe(`https://n8n.example.com/webhook/${WEBHOOK_ID}/ideogram`);
		stub.webhooks.rewrite = (to) => (to === webhookUrl ? url : to);
		const batch = await n8n.executeBatch([SEND.id], { timeoutMs: 5 * 60_000 });
		expect(batch.workflows[SEND.id]?.status).toBe('success');
		const submitted = stub.requests.filter((r) => r.method === 'POST' && r.path === '/v2/image/generate/ideogram-4' && (r.json as { webhook_url?: string })?.webhook_url === webhookUrl);
		expect(submitted).toHaveLength(1);
		const generationId = (submitted[0].response as { generation_id: string }).generation_id;
		const files = await waitForFiles(generationId, 1);
		expect(Object.values(files).flat()).toEqual([expect.stringMatching(new RegExp(`--ideogram-${generationId}-1\\.png$`))]);
		expect(statuses(stub.webhooks.attempts.filter((a) => a.generationId === generationId))).toEqual([200]);
	});

	test('no key in n8n’s log', () => {
		const { stdout, stderr } = server.output();
		expect(stdout + stderr).not.toContain(KEY);
	});
});
