/**
 * The demo behind `npm start` (scripts/start.sh builds first, then runs this with tsx):
 *
 *   - the pinned real n8n (scripts/n8n-runtime.sh installs it once into the cache),
 *   - this package, freshly packed, installed the way Settings → Community Nodes installs one,
 *   - a local Ideogram stub (test/stub, official personality) on 127.0.0.1, inside this process,
 *   - on the first start: a credential "Local Ideogram stub" and the example workflows,
 *   - an owner account preset through n8n's env (N8N_INSTANCE_OWNER_*), so there is no set-up form,
 *   - then `n8n start` on http://localhost:5678 until Ctrl-C, which stops n8n and the stub.
 *
 * State lives in ~/.cache/n8n-nodes-ideogram/demo (IDEOGRAM_DEMO_DIR): n8n's user folder, the
 * files the examples read and write, and the packed tarball. Delete that folder to start afresh.
 *
 *   --check   set up, run the two runnable examples with the n8n CLI, report, and exit
 */
/* eslint-disable @n8n/community-nodes/no-dangerous-functions -- dev tooling: runs n8n, tar and npm */
import { spawn, type ChildProcess } from 'child_process';
import { existsSync, promises as fs } from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';

import { startStub, type IdeogramStub } from '../../test/stub/ideogram-stub';
import { makePng } from '../../test/stub/png';
import { adaptExample, EXAMPLE_FILES, loadExample } from '../../test/e2e/support/examples';
import { EXIT_FIX_PRELOAD, ensureRuntime, freePort, parseExecuteOutput, type Runtime } from '../../test/e2e/runtime';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const CACHE_ROOT = process.env.N8N_IDEOGRAM_RUNTIME_CACHE ?? path.join(os.homedir(), '.cache', 'n8n-nodes-ideogram');
const DEMO_DIR = path.resolve(process.env.IDEOGRAM_DEMO_DIR ?? path.join(CACHE_ROOT, 'demo'));
const PORT = Number(process.env.IDEOGRAM_DEMO_PORT ?? 5678);
const STUB_PORT = Number(process.env.IDEOGRAM_DEMO_STUB_PORT ?? 5690);
const LISTEN_ADDRESS = process.env.IDEOGRAM_DEMO_LISTEN_ADDRESS ?? '127.0.0.1';

/** The demo's owner account (local only; n8n needs one before it shows the editor). */
export const DEMO_OWNER = { email: 'demo@example.com', password: 'IdeogramDemo1', firstName: 'Demo', lastName: 'User' };
/** The stub accepts this key; the credential "Local Ideogram stub" carries it. */
const STUB_KEY = 'local-stub-key-not-secret';
export const STUB_CREDENTIAL = { id: 'ideogramLocalStub', name: 'Local Ideogram stub' };

const USER_FOLDER = path.join(DEMO_DIR, 'n8n');
const FILES_DIR = path.join(DEMO_DIR, 'files');
const SEED_MARKER = path.join(DEMO_DIR, 'seeded.json');

const log = (msg: string) => process.stderr.write(`[demo] ${msg}\n`);

// ---------------------------------------------------------------------------------------------

/** Commands running now (npm pack, tar, n8n import/execute), each in its own process group. */
const running = new Set<ChildProcess>();

function run(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<{ code: number; stdout: string; stderr: string }> {
	return new Promise((resolve, reject) => {
		const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
		running.add(child);
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
		child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
		child.on('error', reject);
		child.on('close', (code, signal) => {
			running.delete(child);
			// n8n's task runner is its child: nothing of this command may outlive it.
			killGroup(child, 'SIGKILL');
			resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr });
		});
	});
}

async function mustRun(what: string, cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<string> {
	const r = await run(cmd, args, opts);
	if (r.code !== 0) throw new Error(`${what} failed (exit ${r.code}):\n${(r.stderr + r.stdout).trim().split('\n').slice(-30).join('\n')}`);
	return r.stdout;
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
	if (child.pid === undefined) return;
	try {
		process.kill(-child.pid, signal);
	} catch {
		// gone already
	}
}

function portInUse(port: number, host: string): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = net.connect({ port, host });
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});
}

function httpStatus(url: string): Promise<number> {
	return new Promise((resolve) => {
		const req = http.get(url, { timeout: 2000 }, (res) => {
			res.resume();
			resolve(res.statusCode ?? 0);
		});
		req.on('timeout', () => req.destroy());
		req.on('error', () => resolve(0));
	});
}

// ---------------------------------------------------------------------------------------------

/** `npm pack` of the built package into the demo folder. */
async function pack(): Promise<string> {
	const dir = path.join(DEMO_DIR, 'pack');
	await fs.rm(dir, { recursive: true, force: true });
	await fs.mkdir(dir, { recursive: true });
	const out = await mustRun('npm pack', 'npm', ['pack', '--json', '--silent', '--pack-destination', dir], { cwd: REPO_ROOT });
	const [{ filename }] = JSON.parse(out.slice(out.indexOf('['))) as Array<{ filename: string }>;
	return path.join(dir, path.basename(filename));
}

/**
 * What n8n's Community Nodes install does after `npm pack`: the package unpacked into
 * <user folder>/.n8n/nodes/node_modules/<name>, without dev or peer dependencies, and listed
 * in nodes/package.json. Replaced on every start, so the demo always runs the working tree.
 */
async function installPackage(tarball: string): Promise<string> {
	const nodesDir = path.join(USER_FOLDER, '.n8n', 'nodes');
	const staging = path.join(nodesDir, '.unpack');
	await fs.rm(staging, { recursive: true, force: true });
	await fs.mkdir(staging, { recursive: true });
	await mustRun('unpacking the package', 'tar', ['-xzf', tarball, '-C', staging, '--strip-components=1']);
	const pkgPath = path.join(staging, 'package.json');
	const pkg = JSON.parse(await fs.readFile(pkgPath, 'utf8')) as { name: string; version: string; dependencies?: object; [k: string]: unknown };
	if (pkg.dependencies && Object.keys(pkg.dependencies).length) {
		throw new Error('the package has runtime dependencies now: install them here as n8n would (npm install --ignore-scripts)');
	}
	delete pkg.devDependencies;
	delete pkg.peerDependencies;
	await fs.writeFile(pkgPath, JSON.stringify(pkg, null, 2));
	const dest = path.join(nodesDir, 'node_modules', pkg.name);
	await fs.mkdir(path.dirname(dest), { recursive: true });
	await fs.rm(dest, { recursive: true, force: true });
	await fs.rename(staging, dest);
	const listPath = path.join(nodesDir, 'package.json');
	let list = { name: 'installed-nodes', private: true, dependencies: {} as Record<string, string> };
	if (existsSync(listPath)) list = JSON.parse(await fs.readFile(listPath, 'utf8')) as typeof list;
	list.dependencies[pkg.name] = pkg.version;
	await fs.writeFile(listPath, JSON.stringify(list, null, 2));
	return `${pkg.name}@${pkg.version}`;
}

/** Environment of every n8n process of the demo. */
async function n8nEnv(runtime: Runtime, extra: NodeJS.ProcessEnv = {}): Promise<NodeJS.ProcessEnv> {
	return {
		...runtime.env(USER_FOLDER),
		// Read/Write Files from Disk may use the demo's files folder (n8n 2.x allows ~/.n8n-files only by default).
		N8N_RESTRICT_FILE_ACCESS_TO: FILES_DIR,
		N8N_RUNNERS_BROKER_PORT: String(await freePort()),
		...extra,
	};
}

function n8nArgs(runtime: Runtime, args: string[]): string[] {
	return ['--require', EXIT_FIX_PRELOAD, runtime.n8nBin, ...args];
}

async function n8nCli(runtime: Runtime, what: string, args: string[]): Promise<string> {
	return mustRun(what, runtime.nodeBin, n8nArgs(runtime, args), { cwd: USER_FOLDER, env: await n8nEnv(runtime) });
}

/** First start: the folders, the brand asset, the stub credential and the examples. */
async function seed(runtime: Runtime, stub: IdeogramStub): Promise<void> {
	for (const dir of ['brand', 'daily', 'products', 'variants']) await fs.mkdir(path.join(FILES_DIR, dir), { recursive: true });
	const brand = path.join(FILES_DIR, 'brand', 'brand-style.png');
	if (!existsSync(brand)) await fs.writeFile(brand, makePng(640, 640, { seed: 7 }));
	const product = path.join(FILES_DIR, 'brand', 'product.png');
	if (!existsSync(product)) await fs.writeFile(product, makePng(800, 600, { seed: 8 }));

	let seeded: { stubBaseUrl?: string; examples?: boolean } = {};
	if (existsSync(SEED_MARKER)) seeded = JSON.parse(await fs.readFile(SEED_MARKER, 'utf8')) as typeof seeded;
	const tmp = await fs.mkdtemp(path.join(DEMO_DIR, 'import-'));
	try {
		// Only when missing or pointing elsewhere: a credential the user switched to a real key stays.
		if (seeded.stubBaseUrl !== stub.baseUrl) {
			const file = path.join(tmp, 'credentials.json');
			await fs.writeFile(
				file,
				JSON.stringify([{ ...STUB_CREDENTIAL, type: 'ideogramApi', data: { provider: 'ideogram', apiKey: STUB_KEY, baseUrl: stub.baseUrl } }]),
			);
			log(`importing the credential "${STUB_CREDENTIAL.name}" (${stub.baseUrl})`);
			await n8nCli(runtime, 'n8n import:credentials', ['import:credentials', `--input=${file}`]);
			seeded.stubBaseUrl = stub.baseUrl;
		}
		if (!seeded.examples) {
			const folders = {
				scheduled: { outputFolder: path.join(FILES_DIR, 'daily') },
				marketing: { assetsFolder: path.join(FILES_DIR, 'brand'), outputFolder: path.join(FILES_DIR, 'products') },
				agent: undefined,
				jsonPrompt: { photoFile: path.join(FILES_DIR, 'brand', 'product.png'), outputFolder: path.join(FILES_DIR, 'variants') },
				dailyUsage: undefined,
			} as const;
			const workflows = (Object.keys(EXAMPLE_FILES) as Array<keyof typeof EXAMPLE_FILES>).map((k) =>
				adaptExample(loadExample(EXAMPLE_FILES[k]), { credential: STUB_CREDENTIAL, settings: folders[k] }),
			);
			const file = path.join(tmp, 'workflows.json');
			await fs.writeFile(file, JSON.stringify(workflows));
			log(`importing the example workflows: ${workflows.map((w) => `"${w.name}"`).join(', ')}`);
			await n8nCli(runtime, 'n8n import:workflow', ['import:workflow', `--input=${file}`]);
			seeded.examples = true;
		}
	} finally {
		await fs.rm(tmp, { recursive: true, force: true });
		await fs.writeFile(SEED_MARKER, JSON.stringify(seeded, null, 2));
	}
}

/** --check: the two examples that need no API key but Ideogram's, run by the n8n CLI against the stub. */
async function check(runtime: Runtime): Promise<boolean> {
	let ok = true;
	for (const [id, node] of [
		['ideogramEx01', 'Save to disk'],
		['ideogramEx02', 'Save image'],
	] as const) {
		const r = await run(runtime.nodeBin, n8nArgs(runtime, ['execute', `--id=${id}`, '--rawOutput']), { cwd: USER_FOLDER, env: await n8nEnv(runtime) });
		// eslint-disable-next-line @typescript-eslint/no-explicit-any
		const out = parseExecuteOutput(r.stdout) as any;
		const items = out?.data?.resultData?.runData?.[node]?.[0]?.data?.main?.[0] ?? [];
		const files = items.map((i: { json: { fileName?: string } }) => i.json.fileName).filter(Boolean);
		if (r.code === 0 && out?.status === 'success' && files.length) {
			log(`check: ${id} wrote ${files.length} files: ${files.join(', ')}`);
		} else {
			ok = false;
			log(`check: ${id} FAILED (exit ${r.code}): ${(r.stderr + r.stdout).trim().split('\n').slice(-15).join('\n')}`);
		}
	}
	return ok;
}

async function ownerEnv(runtime: Runtime): Promise<NodeJS.ProcessEnv> {
	// n8n's own bcrypt library, from its install; n8n 2.x takes the owner from env (no set-up form).
	const bcryptPath = require.resolve('bcryptjs', { paths: [path.join(runtime.runtimeDir, 'node_modules', 'n8n')] });
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const bcrypt = require(bcryptPath) as { hashSync(s: string, rounds: number): string };
	return {
		N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'true',
		N8N_INSTANCE_OWNER_EMAIL: DEMO_OWNER.email,
		N8N_INSTANCE_OWNER_FIRST_NAME: DEMO_OWNER.firstName,
		N8N_INSTANCE_OWNER_LAST_NAME: DEMO_OWNER.lastName,
		N8N_INSTANCE_OWNER_PASSWORD_HASH: bcrypt.hashSync(DEMO_OWNER.password, 10),
	};
}

/** What a signal does: during set-up, end every command and the stub at once; later, see main. */
let setUpStopped = false;
let onSignal = (signal: NodeJS.Signals): void => {
	if (setUpStopped) return;
	setUpStopped = true;
	log(`${signal} during set-up: stopping`);
	for (const child of running) killGroup(child, 'SIGKILL');
	void (stubRunning?.close() ?? Promise.resolve()).finally(() => process.exit(130));
};
let stubRunning: IdeogramStub | undefined;

async function main(): Promise<number> {
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => onSignal(signal));
	// `kill <npm's pid>` ends npm without passing the signal on: stop as well when orphaned.
	const parent = process.ppid;
	setInterval(() => process.ppid !== parent && onSignal('SIGHUP'), 1000).unref();
	const checkOnly = process.argv.includes('--check');
	const url = `http://localhost:${PORT}`;
	if (!checkOnly && (await portInUse(PORT, '127.0.0.1'))) {
		throw new Error(`port ${PORT} is in use (another n8n?); stop it or set IDEOGRAM_DEMO_PORT`);
	}
	if (await portInUse(STUB_PORT, '127.0.0.1')) {
		throw new Error(`port ${STUB_PORT} for the local Ideogram stub is in use; stop that or set IDEOGRAM_DEMO_STUB_PORT`);
	}
	log('checking the n8n runtime (the first run installs it: several minutes)');
	const runtime = await ensureRuntime('modern');
	await fs.mkdir(USER_FOLDER, { recursive: true });
	log(`packing and installing the package: ${await installPackage(await pack())}`);

	const stub = await startStub({ personality: 'official', apiKey: STUB_KEY, port: STUB_PORT });
	stubRunning = stub;
	let n8n: ChildProcess | undefined;
	let stopping = false;
	const stop = async (signal?: NodeJS.Signals) => {
		if (stopping) return;
		stopping = true;
		if (signal) log(`${signal}: stopping n8n and the stub`);
		if (n8n && n8n.exitCode === null && n8n.signalCode === null) {
			killGroup(n8n, 'SIGTERM');
			const hard = setTimeout(() => killGroup(n8n!, 'SIGKILL'), 20_000);
			await new Promise((r) => n8n!.once('close', r));
			clearTimeout(hard);
		}
		if (n8n) killGroup(n8n, 'SIGKILL');
	};
	try {
		log(`local Ideogram stub (official API personality) on ${stub.baseUrl}`);
		await seed(runtime, stub);
		if (checkOnly) return (await check(runtime)) ? 0 : 1;

		const env = await n8nEnv(runtime, {
			...(await ownerEnv(runtime)),
			N8N_PORT: String(PORT),
			N8N_LISTEN_ADDRESS: LISTEN_ADDRESS,
			N8N_HOST: 'localhost',
			N8N_PROTOCOL: 'http',
			N8N_EDITOR_BASE_URL: `${url}/`,
			WEBHOOK_URL: `${url}/`,
		});
		n8n = spawn(runtime.nodeBin, n8nArgs(runtime, ['start']), { cwd: USER_FOLDER, env, stdio: ['ignore', 'inherit', 'inherit'], detached: true });
		const exited = new Promise<number>((resolve) => n8n!.once('close', (code) => resolve(code ?? 0)));
		onSignal = (signal) => void stop(signal);

		const ready = (async () => {
			while (!stopping && (await httpStatus(`http://127.0.0.1:${PORT}/healthz/readiness`)) !== 200) {
				await new Promise((r) => setTimeout(r, 500));
			}
		})();
		const first = await Promise.race([ready.then(() => 'ready' as const), exited.then(() => 'exited' as const)]);
		if (first === 'ready' && !stopping) {
			process.stderr.write(
				[
					'',
					'  ┌──────────────────────────────────────────────────────────────────────────',
					`  │ n8n ${runtime.n8nVersion} with n8n-nodes-ideogram is running: ${url}`,
					`  │ Sign in:  ${DEMO_OWNER.email}  /  ${DEMO_OWNER.password}   (a local demo account)`,
					'  │ Open "Ideogram: scheduled content generation" and press "Execute workflow":',
					`  │ the images come from the local stub, no API key needed; files land in ${FILES_DIR}`,
					`  │ Your own key: Credentials → "${STUB_CREDENTIAL.name}" → Provider, API Key, empty Base URL.`,
					'  │ Ctrl-C stops n8n and the stub.',
					'  └──────────────────────────────────────────────────────────────────────────',
					'',
				].join('\n'),
			);
		}
		const code = await exited;
		return stopping ? 0 : code;
	} finally {
		await stop();
		await stub.close();
	}
}

main().then(
	(code) => process.exit(code),
	(e: unknown) => {
		log(`failed: ${(e as Error)?.message ?? String(e)}`);
		process.exit(1);
	},
);
