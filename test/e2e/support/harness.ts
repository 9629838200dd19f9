/**
 * One real n8n per runtime for the e2e suite: the packed package installed as a Community Nodes
 * install would, the three provider credentials imported, fixture files on disk where the
 * Read/Write Files node may reach them, and every scenario run in ONE `n8n execute-batch`.
 */
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';

import { makeJpeg, makeMask, makePng } from '../../support/images';
import { ensureRuntime, N8nInstance, type BatchResult, type Runtime, type RuntimeName } from '../runtime';
import { startFakeOpenAi, type FakeOpenAi } from './fake-openai';
import { Providers, type CredentialRef } from './providers';
import type { WorkflowJson } from './workflow';

export interface Dirs {
	/** Input files the workflows read (fixtures). */
	files: string;
	/** Where the workflows write files. */
	out: string;
}

/** The fixture files every runtime gets, by name in Dirs.files. */
export const FIXTURES: Record<string, () => Buffer> = {
	'photo.png': () => makePng(512, 512, { seed: 501 }),
	// Black marks the area to regenerate (Ideogram's convention); same size as photo.png.
	'mask.png': () => makeMask(512, 512, [128, 128, 256, 256]),
	'poster.png': () => makePng(768, 768, { seed: 502 }),
	'sticker.png': () => makePng(400, 400, { seed: 503, alpha: true }),
	'style.jpg': () => makeJpeg(800, 600),
	'brand-style.png': () => makePng(640, 640, { seed: 504 }),
	'front.png': () => makePng(600, 600, { seed: 505 }),
	'back.png': () => makePng(600, 600, { seed: 506 }),
};

export interface E2eEnv {
	runtime: Runtime;
	n8n: N8nInstance;
	providers: Providers;
	/** The scripted chat model behind the AI Agent example, and the openAiApi credential for it. */
	openAi: FakeOpenAi;
	openAiCredential: CredentialRef;
	dirs: Dirs;
	dispose(): Promise<void>;
}

const OPENAI_CREDENTIAL: CredentialRef = { id: 'e2eCredOpenAi1', name: 'OpenAI (scripted fake)' };

/** A Runtime whose n8n processes may read and write only `allowed` (N8N_RESTRICT_FILE_ACCESS_TO). */
function withFileAccess(runtime: Runtime, allowed: string[]): Runtime {
	return {
		...runtime,
		env: (userFolder) => ({ ...runtime.env(userFolder), N8N_RESTRICT_FILE_ACCESS_TO: allowed.join(';') }),
	};
}

export async function setUp(name: RuntimeName): Promise<E2eEnv> {
	const tarball = process.env.IDEOGRAM_E2E_TARBALL;
	if (!tarball) throw new Error('IDEOGRAM_E2E_TARBALL is not set: run the suite with `npx jest -c jest.e2e.config.js` (its global setup packs the package)');
	const runtime = await ensureRuntime(name);
	// realpath: n8n compares resolved paths, and /tmp may be a symlink elsewhere.
	const root = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), `ideogram-e2e-${name}-`)));
	const dirs: Dirs = { files: path.join(root, 'files'), out: path.join(root, 'out') };
	await fs.mkdir(dirs.files);
	await fs.mkdir(dirs.out);
	for (const [file, make] of Object.entries(FIXTURES)) await fs.writeFile(path.join(dirs.files, file), make());

	let providers: Providers | undefined;
	let openAi: FakeOpenAi | undefined;
	let n8n: N8nInstance | undefined;
	const dispose = async () => {
		await n8n?.dispose();
		await providers?.close();
		await openAi?.close();
		await fs.rm(root, { recursive: true, force: true });
	};
	try {
		providers = await Providers.start();
		openAi = await startFakeOpenAi();
		n8n = await N8nInstance.create(withFileAccess(runtime, [dirs.files, dirs.out]), { packageTarball: tarball });
		await n8n.importCredentials([
			...providers.credentialsToImport(),
			{ ...OPENAI_CREDENTIAL, type: 'openAiApi', data: { apiKey: 'sk-fake-openai-not-used', url: openAi.baseUrl } },
		]);
	} catch (e) {
		await dispose();
		throw e;
	}
	return { runtime, n8n, providers, openAi, openAiCredential: OPENAI_CREDENTIAL, dirs, dispose };
}

/** Imports the workflows (one `n8n import:workflow`) and runs them all in one `n8n execute-batch`. */
export async function runAll(env: E2eEnv, workflows: WorkflowJson[], concurrency = 3): Promise<BatchResult> {
	await env.n8n.importWorkflows(workflows);
	return env.n8n.executeBatch(
		workflows.map((w) => w.id),
		{ concurrency, timeoutMs: 15 * 60_000 },
	);
}
