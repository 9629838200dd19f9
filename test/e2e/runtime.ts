/**
 * Drives a real n8n (installed by scripts/n8n-runtime.sh into a cache folder outside the
 * repository) through n8n's own CLI, for the end-to-end tests.
 *
 *   const runtime = await ensureRuntime('modern');
 *   const n8n = await N8nInstance.create(runtime, { packageTarball: 'n8n-nodes-ideogram-0.1.0.tgz' });
 *   await n8n.importCredentials([...]);
 *   await n8n.importWorkflows([...]);          // workflows carry fixed ids
 *   const run = await n8n.execute('wfSmoke1'); // one n8n process per call (several seconds each)
 *   await n8n.dispose();
 *
 *   const batch = await n8n.executeBatch(['wfCase001', 'wfCase002']); // many workflows, one process
 *
 * Every n8n process gets its own task-runner broker port, so instances can run side by side.
 * Commands on one instance are serialised (they share one SQLite file).
 */
/* eslint-disable @n8n/community-nodes/no-dangerous-functions -- test tooling: it runs the n8n CLI */
import { spawn, type ChildProcess } from 'child_process';
import { promises as fs } from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';

export type RuntimeName = 'modern' | 'legacy';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const RUNTIME_SCRIPT = path.join(REPO_ROOT, 'scripts', 'n8n-runtime.sh');
/**
 * Preloaded into every n8n process: n8n 2.x's CLI exits without disposing its isolated-vm
 * expression engine and then often dies with SIGSEGV (see the file).
 */
export const EXIT_FIX_PRELOAD = path.join(REPO_ROOT, 'scripts', 'runtime', 'n8n-exit-fix.cjs');

/** Fixed so that exported or imported data stays readable between runs. */
export const E2E_ENCRYPTION_KEY = 'n8n-nodes-ideogram-e2e-encryption-key';

/** n8n's log level for every call; N8N_E2E_LOG_LEVEL=debug helps when something hangs. */
const LOG_LEVEL = process.env.N8N_E2E_LOG_LEVEL ?? 'info';

export interface Runtime {
	name: RuntimeName;
	n8nVersion: string;
	nodeVersion: string;
	/** The node binary n8n must run on. */
	nodeBin: string;
	/** n8n's JS entry point (node_modules/n8n/bin/n8n); run it as `nodeBin n8nBin ...`. */
	n8nBin: string;
	/** The runtime's cache folder. */
	runtimeDir: string;
	/** Environment for an n8n process that keeps its state in `userFolder`. */
	env(userFolder: string): NodeJS.ProcessEnv;
}

// ---------------------------------------------------------------------------------------------
// Runtime installation

interface ScriptResult {
	code: number | null;
	stdout: string;
	stderr: string;
}

function runScript(args: string[], streamOutput: boolean): Promise<ScriptResult> {
	return new Promise((resolve, reject) => {
		const child = spawn('bash', [RUNTIME_SCRIPT, ...args], {
			cwd: REPO_ROOT,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d: Buffer) => {
			stdout += d.toString();
			if (streamOutput) process.stderr.write(d);
		});
		child.stderr.on('data', (d: Buffer) => {
			stderr += d.toString();
			if (streamOutput) process.stderr.write(d);
		});
		child.on('error', reject);
		child.on('close', (code) => resolve({ code, stdout, stderr }));
	});
}

/** Parses the `export NAME='value'` lines printed by `n8n-runtime.sh env`. */
function parseExports(text: string): Record<string, string> {
	const vars: Record<string, string> = {};
	for (const line of text.split('\n')) {
		const m = /^export ([A-Za-z_][A-Za-z0-9_]*)='((?:[^']|'\\'')*)'/.exec(line);
		if (m) vars[m[1]] = m[2].replace(/'\\''/g, "'");
	}
	return vars;
}

const runtimes = new Map<RuntimeName, Promise<Runtime>>();

/**
 * Returns the runtime, installing it first (minutes) when its stamp file is missing.
 * Install progress goes to stderr.
 */
export function ensureRuntime(name: RuntimeName): Promise<Runtime> {
	let p = runtimes.get(name);
	if (!p) {
		p = loadRuntime(name);
		runtimes.set(name, p);
		p.catch(() => runtimes.delete(name));
	}
	return p;
}

async function loadRuntime(name: RuntimeName): Promise<Runtime> {
	let res = await runScript(['env', name], false);
	if (res.code !== 0) {
		const install = await runScript(['install', name], true);
		if (install.code !== 0) {
			throw new Error(
				`Installing the ${name} n8n runtime failed (bash scripts/n8n-runtime.sh install ${name}, exit ${install.code}):\n` +
					tail(install.stderr + install.stdout, 60),
			);
		}
		res = await runScript(['env', name], false);
		if (res.code !== 0) {
			throw new Error(`n8n-runtime.sh env ${name} failed after installing:\n${res.stderr}`);
		}
	}
	const vars = parseExports(res.stdout);
	for (const k of ['RUNTIME_DIR', 'NODE_BIN', 'N8N_BIN', 'N8N_RUNTIME_VERSION', 'PATH']) {
		if (!vars[k]) throw new Error(`n8n-runtime.sh env ${name} did not print ${k}:\n${res.stdout}`);
	}
	const binDir = vars.PATH; // the part before ":$PATH"
	const runtime: Runtime = {
		name,
		n8nVersion: vars.N8N_RUNTIME_VERSION,
		nodeVersion: vars.N8N_RUNTIME_NODE_VERSION ?? '',
		nodeBin: vars.NODE_BIN,
		n8nBin: vars.N8N_BIN,
		runtimeDir: vars.RUNTIME_DIR,
		env: (userFolder) => n8nEnv(name, binDir, userFolder),
	};
	return runtime;
}

/** Variables of the calling process that must not leak into n8n. */
function isForeignVar(key: string): boolean {
	return (
		/^(N8N_|DB_|EXECUTIONS_|QUEUE_|GENERIC_|WEBHOOK_|npm_|JEST_|TS_JEST)/i.test(key) ||
		['NODE_ENV', 'NODE_OPTIONS', 'NODE_PATH', 'NODE_EXTRA_CA_CERTS', 'INIT_CWD'].includes(key)
	);
}

function n8nEnv(name: RuntimeName, binDir: string, userFolder: string): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [k, v] of Object.entries(process.env)) if (!isForeignVar(k)) env[k] = v;
	const noProxy = [env.NO_PROXY ?? env.no_proxy, 'localhost,127.0.0.1,::1'].filter(Boolean).join(',');
	Object.assign(env, {
		PATH: `${binDir}${path.delimiter}${process.env.PATH ?? ''}`,
		// jest sets NODE_ENV=test, and n8n refuses to load its nodes in "test" mode.
		NODE_ENV: 'production',
		TZ: 'UTC',
		GENERIC_TIMEZONE: 'UTC',
		NO_PROXY: noProxy,
		no_proxy: noProxy,

		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: E2E_ENCRYPTION_KEY,
		DB_TYPE: 'sqlite',
		DB_SQLITE_POOL_SIZE: '2',

		// Nothing that phones home: telemetry, version checks, templates, banners, the
		// community-node catalogue, license renewal, reinstalling "missing" packages.
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		N8N_REINSTALL_MISSING_PACKAGES: 'false',
		N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
		N8N_AI_ENABLED: 'false',
		// Packages unpacked into <userFolder>/.n8n/nodes are loaded only when this is on (default).
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',

		// Quiet and deterministic.
		N8N_LOG_LEVEL: LOG_LEVEL,
		N8N_LOG_OUTPUT: 'console',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
		N8N_BLOCK_ENV_ACCESS_IN_NODE: 'true',
		N8N_GIT_NODE_DISABLE_BARE_REPOS: 'true',
		N8N_SECURE_COOKIE: 'false',

		// Binary data on disk under the user folder (2.x default; 1.x defaults to memory).
		N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem',

		// Task runners (Code node) run in internal mode, n8n's child process; the broker port is set
		// per n8n process (see freePort) so that instances can run in parallel.
	} satisfies NodeJS.ProcessEnv);
	if (name === 'modern') {
		// Its MCP server catalogue is refreshed from api.n8n.io at start-up. (1.x rejects module
		// names it does not know, so this is 2.x only.)
		env.N8N_DISABLED_MODULES = 'mcp-registry';
		// 2.x warns that this default will flip to false; the tests install unverified packages.
		env.N8N_UNVERIFIED_PACKAGES_ENABLED = 'true';
	}
	if (name === 'legacy') {
		// 1.x runs Code nodes in-process unless runners are switched on (and warns about it).
		env.N8N_RUNNERS_ENABLED = 'true';
		env.N8N_RUNNERS_MODE = 'internal';
		// n8n 1.123 defaults to the isolated-vm expression engine; isolated-vm 6 has no build for
		// Node 20 and its install script is skipped, so use the in-process evaluator.
		env.N8N_EXPRESSION_ENGINE = 'legacy';
	}
	return env;
}

// ---------------------------------------------------------------------------------------------
// Running n8n

export interface CommandResult {
	/** The exit code; 128 + signal number when n8n was killed by a signal. */
	exitCode: number;
	signal?: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
	durationMs: number;
}

export interface ExecuteResult extends CommandResult {
	/** The run data n8n printed (IRun: { data: { resultData: { runData, error? } }, status, ... }). */
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	output: any;
}

interface BatchSummaryEntry {
	workflowId: string;
	executionStatus: 'success' | 'error' | 'warning' | 'running';
	executionTime: number;
	error?: string;
}

export interface BatchResult extends CommandResult {
	/** By workflow id; a workflow n8n did not find is missing. */
	workflows: Record<
		string,
		{
			status: BatchSummaryEntry['executionStatus'];
			/** n8n's message for a failed run, e.g. "boom on node Fail". */
			error?: string;
			/** Wall time n8n measured, in whole seconds. */
			executionTimeS: number;
			/** IRun of a successful run (same shape as ExecuteResult.output). */
			// eslint-disable-next-line @typescript-eslint/no-explicit-any
			output?: any;
		}
	>;
}

export class N8nCommandError extends Error {
	declare readonly result: CommandResult;

	constructor(message: string, result: CommandResult) {
		super(
			`${message} (exit ${result.exitCode}${result.signal ? ` ${result.signal}` : ''}, ${result.durationMs} ms)\n` +
				`--- stdout (tail) ---\n${tail(result.stdout, 40)}\n--- stderr (tail) ---\n${tail(result.stderr, 40)}`,
		);
		this.name = 'N8nCommandError';
		// Not enumerable: the message already carries the useful tail of the output.
		Object.defineProperty(this, 'result', { value: result, enumerable: false });
	}
}

function tail(text: string, lines: number): string {
	const all = text.trimEnd().split('\n');
	return all.slice(-lines).join('\n');
}

/** A TCP port that was free a moment ago. */
export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const addr = srv.address();
			srv.close(() => (addr && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no port'))));
		});
	});
}

/**
 * Parses the JSON that `n8n execute --rawOutput` prints: it starts at the first line that is
 * exactly '{' (task-runner and other log lines come before it) and ends at a line that is exactly
 * '}' (log lines may follow it too).
 */
export function parseExecuteOutput(stdout: string): unknown {
	const lines = stdout.split('\n');
	const start = lines.findIndex((l) => l === '{');
	if (start < 0) return undefined;
	for (let end = lines.length - 1; end > start; end--) {
		if (lines[end] !== '}') continue;
		try {
			return JSON.parse(lines.slice(start, end + 1).join('\n'));
		} catch {
			// a '}' line inside a string or a later log line; try an earlier one
		}
	}
	return undefined;
}

/** The items a node produced in a run: output.data.resultData.runData[node][run].data.main[output]. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function nodeItems(run: any, nodeName: string, opts: { runIndex?: number; outputIndex?: number } = {}): any[] {
	const task = run?.data?.resultData?.runData?.[nodeName]?.[opts.runIndex ?? 0];
	if (!task) throw new Error(`node "${nodeName}" did not run (ran: ${Object.keys(run?.data?.resultData?.runData ?? {}).join(', ')})`);
	return task.data?.main?.[opts.outputIndex ?? 0] ?? [];
}

export interface StartedN8n {
	url: string;
	process: ChildProcess;
	/** Output so far, for error messages. */
	output(): { stdout: string; stderr: string };
	stop(): Promise<void>;
}

export interface CreateOptions {
	/** A tarball from `npm pack`, installed the way n8n's Community Nodes feature installs one. */
	packageTarball?: string;
}

export class N8nInstance {
	/** Set when a package tarball was installed. */
	packageName?: string;
	private queue: Promise<unknown> = Promise.resolve();
	private servers = new Set<StartedN8n>();

	private constructor(
		readonly runtime: Runtime,
		/** N8N_USER_FOLDER; n8n keeps its state in <userFolder>/.n8n. */
		readonly userFolder: string,
	) {}

	static async create(runtime: Runtime, opts: CreateOptions = {}): Promise<N8nInstance> {
		const userFolder = await fs.mkdtemp(path.join(os.tmpdir(), `n8n-e2e-${runtime.name}-`));
		const instance = new N8nInstance(runtime, userFolder);
		try {
			if (opts.packageTarball) instance.packageName = await instance.installPackage(opts.packageTarball);
		} catch (e) {
			await instance.dispose();
			throw e;
		}
		return instance;
	}

	get n8nFolder(): string {
		return path.join(this.userFolder, '.n8n');
	}

	/**
	 * Does what n8n's CommunityPackagesService.downloadPackage does after `npm pack`: untar into
	 * <userFolder>/.n8n/nodes/node_modules/<name>, drop dev/peer/optional dependencies from its
	 * package.json, `npm install` the remaining dependencies without scripts, and record the
	 * package in <userFolder>/.n8n/nodes/package.json. n8n loads packages from that folder at
	 * start-up; the node types are then '<package name>.<nodeName>'.
	 */
	private async installPackage(tarball: string): Promise<string> {
		const tgz = path.resolve(tarball);
		await fs.access(tgz);
		const nodesDir = path.join(this.n8nFolder, 'nodes');
		const staging = await fs.mkdtemp(path.join(this.userFolder, 'unpack-'));
		await checked('tar', ['-xzf', tgz, '-C', staging, '--strip-components=1'], {}, 'unpacking the package tarball');
		const pkgJsonPath = path.join(staging, 'package.json');
		const pkg = JSON.parse(await fs.readFile(pkgJsonPath, 'utf8')) as Record<string, unknown>;
		const name = pkg.name;
		if (typeof name !== 'string' || !/^(@[a-z0-9][a-z0-9._-]*\/)?n8n-nodes-[a-z0-9._-]+$/.test(name)) {
			throw new Error(`${tarball}: package name ${JSON.stringify(name)} is not an n8n community package name`);
		}
		delete pkg.devDependencies;
		delete pkg.peerDependencies;
		delete pkg.optionalDependencies;
		await fs.writeFile(pkgJsonPath, JSON.stringify(pkg, null, 2), 'utf8');
		const dest = path.join(nodesDir, 'node_modules', name);
		await fs.mkdir(path.dirname(dest), { recursive: true });
		await fs.rm(dest, { recursive: true, force: true });
		await fs.rename(staging, dest);
		const deps = pkg.dependencies as Record<string, string> | undefined;
		if (deps && Object.keys(deps).length > 0) {
			// The same flags n8n passes; a package with no dependencies needs no npm call at all.
			await checked(
				'npm',
				['install', '--audit=false', '--fund=false', '--bin-links=false', '--install-strategy=shallow', '--ignore-scripts=true', '--package-lock=false'],
				{ cwd: dest },
				`npm install in ${dest}`,
			);
		}
		const listPath = path.join(nodesDir, 'package.json');
		let list: { name: string; private: boolean; dependencies: Record<string, string> } = {
			name: 'installed-nodes',
			private: true,
			dependencies: {},
		};
		try {
			list = JSON.parse(await fs.readFile(listPath, 'utf8'));
		} catch {
			// first package
		}
		list.dependencies[name] = String(pkg.version);
		await fs.writeFile(listPath, JSON.stringify(list, null, 2), 'utf8');
		return name;
	}

	private nodeArgs(n8nArgs: string[]): string[] {
		return ['--require', EXIT_FIX_PRELOAD, this.runtime.n8nBin, ...n8nArgs];
	}

	/** Runs one n8n CLI command (serialised per instance). Throws N8nCommandError on a non-zero exit unless allowFailure. */
	async run(args: string[], opts: { allowFailure?: boolean; timeoutMs?: number } = {}): Promise<CommandResult> {
		const job = this.queue.then(() => this.spawnN8n(args, opts.timeoutMs ?? 300_000));
		this.queue = job.catch(() => undefined);
		const result = await job;
		if (result.exitCode !== 0 && !opts.allowFailure) {
			throw new N8nCommandError(`n8n ${args.join(' ')} failed`, result);
		}
		return result;
	}

	private async spawnN8n(args: string[], timeoutMs: number): Promise<CommandResult> {
		const env = this.runtime.env(this.userFolder);
		env.N8N_RUNNERS_BROKER_PORT = String(await freePort());
		const started = Date.now();
		return await new Promise((resolve, reject) => {
			const child = spawn(this.runtime.nodeBin, this.nodeArgs(args), {
				cwd: this.userFolder,
				env,
				stdio: ['ignore', 'pipe', 'pipe'],
				detached: true,
			});
			let stdout = '';
			let stderr = '';
			let timedOut = false;
			child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
			child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
			const timer = setTimeout(() => {
				timedOut = true;
				killGroup(child, 'SIGKILL');
			}, timeoutMs);
			child.on('error', (e) => {
				clearTimeout(timer);
				reject(e);
			});
			child.on('close', (code, signal) => {
				clearTimeout(timer);
				// The task runner is n8n's child; make sure nothing of this call outlives it.
				killGroup(child, 'SIGKILL');
				if (timedOut) stderr += `\n[runtime.ts] killed after ${timeoutMs} ms`;
				resolve({
					exitCode: code ?? 128 + (signal ? (os.constants.signals[signal] ?? 0) : 0),
					signal,
					stdout,
					stderr,
					durationMs: Date.now() - started,
				});
			});
		});
	}

	private async importFile(kind: 'credentials' | 'workflow', data: object[]): Promise<void> {
		const dir = await fs.mkdtemp(path.join(this.userFolder, `import-${kind}-`));
		const file = path.join(dir, `${kind}.json`);
		await fs.writeFile(file, JSON.stringify(data, null, 2), 'utf8');
		try {
			await this.run([`import:${kind}`, `--input=${file}`]);
		} finally {
			await fs.rm(dir, { recursive: true, force: true });
		}
	}

	/** `n8n import:credentials`: each entry { id, name, type, data } with `data` as a plain object (n8n encrypts it). */
	async importCredentials(creds: object[]): Promise<void> {
		if (creds.length) await this.importFile('credentials', creds);
	}

	/** `n8n import:workflow` of one JSON array; each workflow should carry a fixed `id`. */
	async importWorkflows(wfs: object[]): Promise<void> {
		if (wfs.length) await this.importFile('workflow', wfs);
	}

	/**
	 * `n8n execute --id=<id> --rawOutput`: one n8n process per call. Resolves also when the
	 * workflow fails (exitCode 1; `output` is then the run data if n8n printed it).
	 */
	async execute(workflowId: string, opts: { timeoutMs?: number } = {}): Promise<ExecuteResult> {
		const res = await this.run(['execute', `--id=${workflowId}`, '--rawOutput'], { allowFailure: true, ...opts });
		return { ...res, output: parseExecuteOutput(res.stdout) };
	}

	/**
	 * Runs several imported workflows in ONE n8n process with `n8n execute-batch` (same boot cost
	 * as a single `execute`). Per workflow: the run data of a successful run (from --snapshot),
	 * or n8n's one-line error ("<message> on node <name>") otherwise; a workflow has no run data
	 * when it ends in an error, so let the nodes under test continue on fail when a test needs
	 * the error details. execute-batch reports errors whose message mentions 429, 502-504,
	 * "status code 401", ECONNREFUSED and the like as 'warning' rather than 'error', runs each
	 * workflow for at most 3 minutes, and selects ids that contain a digit only.
	 */
	async executeBatch(
		workflowIds: string[],
		opts: { concurrency?: number; timeoutMs?: number } = {},
	): Promise<BatchResult> {
		const noDigit = workflowIds.filter((id) => !/\d/.test(id) || id.includes(','));
		if (noDigit.length || workflowIds.length === 0) {
			throw new Error(`execute-batch selects workflow ids containing a digit (and no comma); got ${JSON.stringify(workflowIds)}`);
		}
		const dir = await fs.mkdtemp(path.join(this.userFolder, 'batch-'));
		const snapshots = path.join(dir, 'snapshots');
		const summaryFile = path.join(dir, 'summary.json');
		await fs.mkdir(snapshots);
		try {
			const res = await this.run(
				[
					'execute-batch',
					`--ids=${workflowIds.join(',')}`,
					`--snapshot=${snapshots}`,
					`--output=${summaryFile}`,
					`--concurrency=${opts.concurrency ?? 1}`,
					'--retries=0',
				],
				{ allowFailure: true, timeoutMs: opts.timeoutMs },
			);
			let summary: { executions?: BatchSummaryEntry[] } | undefined;
			try {
				summary = JSON.parse(await fs.readFile(summaryFile, 'utf8'));
			} catch {
				throw new N8nCommandError('n8n execute-batch wrote no summary', res);
			}
			const workflows: BatchResult['workflows'] = {};
			for (const e of summary?.executions ?? []) {
				let output: unknown;
				try {
					output = JSON.parse(await fs.readFile(path.join(snapshots, `${e.workflowId}-snapshot.json`), 'utf8'));
				} catch {
					output = undefined;
				}
				workflows[e.workflowId] = {
					status: e.executionStatus,
					error: e.error,
					executionTimeS: e.executionTime,
					output,
				};
			}
			return { ...res, workflows };
		} finally {
			await fs.rm(dir, { recursive: true, force: true });
		}
	}

	/** `n8n start` on 127.0.0.1:<port>; resolves once /healthz (and /healthz/readiness, where it exists) answer. */
	async start(port: number, opts: { timeoutMs?: number } = {}): Promise<StartedN8n> {
		const env = this.runtime.env(this.userFolder);
		Object.assign(env, {
			N8N_PORT: String(port),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_PROTOCOL: 'http',
			// 2.x reads N8N_WEBHOOK_URL (and warns about WEBHOOK_URL); 1.x reads WEBHOOK_URL.
			[this.runtime.name === 'modern' ? 'N8N_WEBHOOK_URL' : 'WEBHOOK_URL']: `http://127.0.0.1:${port}/`,
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
		});
		const child = spawn(this.runtime.nodeBin, this.nodeArgs(['start']), {
			cwd: this.userFolder,
			env,
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: true,
		});
		let stdout = '';
		let stderr = '';
		child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
		child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
		const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
		const url = `http://127.0.0.1:${port}`;
		const server: StartedN8n = {
			url,
			process: child,
			output: () => ({ stdout, stderr }),
			stop: async () => {
				this.servers.delete(server);
				if (child.exitCode === null && child.signalCode === null) {
					killGroup(child, 'SIGTERM');
					const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 20_000);
					await exited;
					clearTimeout(timer);
				}
				killGroup(child, 'SIGKILL');
			},
		};
		this.servers.add(server);

		const deadline = Date.now() + (opts.timeoutMs ?? 120_000);
		let exitCode: number | null | undefined;
		void exited.then((c) => (exitCode = c));
		for (;;) {
			if (exitCode !== undefined) {
				this.servers.delete(server);
				throw new N8nCommandError('n8n start exited before it was healthy', {
					exitCode: exitCode ?? 1,
					stdout,
					stderr,
					durationMs: 0,
				});
			}
			const health = await httpStatus(`${url}/healthz`);
			if (health === 200) {
				const ready = await httpStatus(`${url}/healthz/readiness`);
				if (ready === 200 || ready === 404) return server;
			}
			if (Date.now() > deadline) {
				await server.stop();
				throw new N8nCommandError(`n8n start was not healthy within ${opts.timeoutMs ?? 120_000} ms`, {
					exitCode: -1,
					stdout,
					stderr,
					durationMs: 0,
				});
			}
			await sleep(500);
		}
	}

	/**
	 * The bytes of a binary from a run's output (`item.binary.data`). Both runtimes keep binary
	 * data on disk here (N8N_DEFAULT_BINARY_DATA_MODE=filesystem): ids look like
	 * 'filesystem-v2:workflows/<wf>/executions/<n>/binary_data/<uuid>', stored under
	 * <userFolder>/.n8n/storage (2.x) or <userFolder>/.n8n/binaryData (1.x).
	 */
	async readBinary(binary: { id?: string; data?: string }): Promise<Buffer> {
		if (!binary.id) {
			// memory mode: the data is inline, base64
			return Buffer.from(binary.data ?? '', 'base64');
		}
		const m = /^filesystem(?:-v2)?:(.+)$/.exec(binary.id);
		if (!m) throw new Error(`binary id ${binary.id} is not a filesystem id`);
		const rel = m[1];
		for (const root of ['storage', 'binaryData']) {
			const file = path.join(this.n8nFolder, root, rel);
			if (!path.resolve(file).startsWith(path.resolve(this.n8nFolder, root) + path.sep)) break;
			try {
				return await fs.readFile(file);
			} catch {
				// try the other layout
			}
		}
		throw new Error(`binary ${binary.id} not found under ${this.n8nFolder}/{storage,binaryData}`);
	}

	/** Stops servers started from this instance and removes the user folder. */
	async dispose(): Promise<void> {
		await Promise.all([...this.servers].map((s) => s.stop()));
		await this.queue;
		await fs.rm(this.userFolder, { recursive: true, force: true });
	}
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
	if (child.pid === undefined) return;
	try {
		process.kill(-child.pid, signal);
	} catch {
		// already gone
	}
}

function sleep(ms: number): Promise<void> {
	return new Promise((r) => setTimeout(r, ms));
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

/** Runs a command, throwing with its output when it fails. */
function checked(cmd: string, args: string[], opts: { cwd?: string }, what: string): Promise<void> {
	return new Promise((resolve, reject) => {
		const started = Date.now();
		const child = spawn(cmd, args, { cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
		child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
		child.on('error', reject);
		child.on('close', (code) => {
			if (code === 0) resolve();
			else reject(new N8nCommandError(`${what} failed`, { exitCode: code ?? 1, stdout, stderr, durationMs: Date.now() - started }));
		});
	});
}
