/**
 * `npm run bench` (scripts/bench.sh builds and packs the node, then runs this with tsx):
 *
 *   tsx bench/run.ts --tarball <n8n-nodes-ideogram-x.y.z.tgz> [--sizes 1,10,50,100]
 *     [--latency 1000] [--bandwidth 5000000] [--image-bytes 1500000] [--max-inflight 10]
 *     [--edit-sizes 10,50] [--edit-image-bytes 10000000] [--out bench/results.md]
 *     [--variants node,recipeCareful,recipeDefaults,nodeV2,nodeV2Collect] [--repeat 2] [--profile on|off]
 *     [--v2-sizes 10,100] [--job-latency <ms, default --latency>] [--max-polls-per-10s 1000]
 *     [--video-sizes 20] [--video-bytes 5000000] [--video-memory-sizes 10] [--video-memory-bytes 40000000] [--video-job-latency 10000]
 *     [--built-node <Ideogram.node.js>]
 *
 * Inside the real n8n (test/e2e/runtime.ts) against the contract stub (test/stub/cli.ts) set up
 * like the real API, it runs for every N: our node, the HTTP Request recipe with its defaults and
 * with careful settings, and compares each with the physical limit. At --v2-sizes only (version 2
 * runs every generation as a job, polled; two rows per N are enough to show it): version 2's
 * Generate, and Generate with Wait for Completion off → Get Generation. Video (issue 18): Video →
 * Generate at --video-sizes against the same limit of jobs in flight, and at --video-memory-sizes
 * with large videos for memory (plus a control without downloads). --variants picks the rows
 * (node, recipeCareful, recipeDefaults, nodeV2, nodeV2Collect, edit, video, videoMemory; all by
 * default). One `n8n execute` process per run, so each run's peak memory is its own. Prints the
 * table and writes it to --out.
 */
import { spawn, type ChildProcess } from 'child_process';
import { promises as fs } from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';

import { makePng } from '../test/stub/png';
import { MIN_VIDEO_BYTES } from '../test/stub/video';
import { ensureRuntime, N8nInstance, REPO_ROOT, type Runtime } from '../test/e2e/runtime';
import { executeMeasured, rssWindow, type MeasuredExecution } from './measure';
import { analyseProfile, type ProfileFindings } from './profile';
import { carryQueueModeSection } from './sections';
import {
	editWorkflow,
	HEADER_AUTH_CREDENTIAL,
	IDEOGRAM_CREDENTIAL,
	nodeV2Workflow,
	nodeWorkflow,
	recipeWorkflow,
	type BenchWorkflow,
	type RecipeSettings,
	type Variant,
	VIDEO_MODEL,
	videoWorkflow,
} from './workflows';

// ---------------------------------------------------------------------------------------------
// Settings

interface Settings {
	tarball: string;
	sizes: number[];
	editSizes: number[];
	/** The N at which the version-2 (job) rows run. */
	v2Sizes: number[];
	latencyMs: number;
	/** How long the stub keeps a v2 job pending (its images count in flight until then). */
	jobLatencyMs: number;
	/** How long a video job stays pending at the stub: videos take minutes at Ideogram, images seconds. */
	videoJobLatencyMs: number;
	/** The stub's polling limit, Ideogram's 1,000 polls per 10 s per organization. */
	maxPollsPer10s: number;
	bandwidth: number;
	imageBytes: number;
	maxInflight: number;
	editImageBytes: number;
	/** The N of the video throughput row and the size of its videos. */
	videoSizes: number[];
	videoBytes: number;
	/** The N of the video memory row and the size of its videos (issue 18: 10 of 40 MB). */
	videoMemorySizes: number[];
	videoMemoryBytes: number;
	out: string;
	variants: Variant[];
	/** Also run our node at the largest N under the V8 profiler, to explain the gap to the limit. */
	profile: boolean;
	/** Runs of each workflow; the table shows the fastest (the machine is shared). */
	repeat: number;
	/** The compiled node (dist/nodes/Ideogram/Ideogram.node.js of the packed build), to count its properties. */
	builtNode?: string;
	careful: RecipeSettings;
}

/** The rows --variants can pick; all of them by default. (`edit` runs at --edit-sizes.) */
const SELECTABLE: Variant[] = ['node', 'recipeCareful', 'recipeDefaults', 'nodeV2', 'nodeV2Mapped', 'nodeV2Collect', 'edit', 'video', 'videoMemory'];

function parseArgs(argv: string[]): Settings {
	const get = (flag: string): string | undefined => {
		const i = argv.indexOf(flag);
		return i >= 0 ? argv[i + 1] : undefined;
	};
	const num = (flag: string, dflt: number) => {
		const v = get(flag);
		const n = v === undefined ? dflt : Number(v);
		if (!Number.isFinite(n) || n < 0) throw new Error(`${flag} must be a non-negative number`);
		return n;
	};
	const list = (flag: string, dflt: number[]) => {
		const v = get(flag);
		if (v === undefined) return dflt;
		if (v === '' || v === 'none') return [];
		return v.split(',').map((x) => {
			const n = Number(x);
			if (!Number.isInteger(n) || n < 1) throw new Error(`${flag}: ${x} is not a positive integer`);
			return n;
		});
	};
	const videoSize = (flag: string, dflt: number) => {
		const n = num(flag, dflt);
		if (!Number.isInteger(n) || n < MIN_VIDEO_BYTES) throw new Error(`${flag} must be a whole number of bytes, at least ${MIN_VIDEO_BYTES}`);
		return n;
	};
	const tarball = get('--tarball');
	if (!tarball) throw new Error('--tarball <path of the packed node> is required (scripts/bench.sh passes it)');
	const latencyMs = num('--latency', 1000);
	const sizes = list('--sizes', [1, 10, 50, 100]);
	// The job rows cost a run each per N and pass; N = 10 (one wave) and N = 100 (ten) show them.
	const v2Default = sizes.filter((n) => n === 10 || n === 100);
	return {
		tarball,
		sizes,
		editSizes: list('--edit-sizes', [10, 50]),
		v2Sizes: list('--v2-sizes', v2Default.length ? v2Default : sizes.slice(-1)),
		latencyMs,
		jobLatencyMs: num('--job-latency', latencyMs),
		videoJobLatencyMs: num('--video-job-latency', 10_000),
		maxPollsPer10s: num('--max-polls-per-10s', 1000),
		bandwidth: num('--bandwidth', 5_000_000),
		imageBytes: num('--image-bytes', 1_500_000),
		maxInflight: num('--max-inflight', 10),
		editImageBytes: num('--edit-image-bytes', 10_000_000),
		// Two waves of the 10-in-flight limit. 5 MB: one second of transfer at the default
		// bandwidth, so the download is part of the limit without hiding the jobs' own overheads.
		videoSizes: list('--video-sizes', [20]),
		videoBytes: videoSize('--video-bytes', 5_000_000),
		videoMemorySizes: list('--video-memory-sizes', [10]),
		videoMemoryBytes: videoSize('--video-memory-bytes', 40_000_000),
		out: path.resolve(get('--out') ?? path.join(REPO_ROOT, 'bench', 'results.md')),
		profile: get('--profile') !== 'off',
		repeat: Math.max(1, Math.floor(num('--repeat', 2))),
		builtNode: get('--built-node'),
		variants: (get('--variants') ?? SELECTABLE.join(',')).split(',').map((v) => {
			if (!(SELECTABLE as string[]).includes(v)) throw new Error(`--variants: unknown ${v} (one of ${SELECTABLE.join(', ')})`);
			return v as Variant;
		}),
		careful: {
			batchSize: num('--max-inflight', 10),
			// A batch that starts before the previous one's answers are back collides with it (429),
			// so a careful user leaves a margin over the generation time.
			batchIntervalMs: Math.round(latencyMs * 1.2),
			maxTries: 3,
			waitBetweenTriesMs: 2000,
		},
	};
}

// ---------------------------------------------------------------------------------------------
// The stub, as its own process

interface StubProcess {
	baseUrl: string;
	controlUrl: string;
	child: ChildProcess;
}

const API_KEY = 'bench-key-not-secret';

async function startStub(s: Settings): Promise<StubProcess> {
	// eslint-disable-next-line @n8n/community-nodes/no-dangerous-functions -- the stub runs as its own process, like the real API
	const child = spawn(
		process.execPath,
		[
			require.resolve('tsx/cli'),
			path.join(REPO_ROOT, 'test', 'stub', 'cli.ts'),
			...['--personality', 'official', '--key', API_KEY],
			...['--latency', String(s.latencyMs), '--max-inflight', String(s.maxInflight)],
			...['--image-bytes', String(s.imageBytes), '--bandwidth', String(s.bandwidth)],
			...['--job-latency', String(s.jobLatencyMs), '--max-polls-per-10s', String(s.maxPollsPer10s)],
		],
		{ stdio: ['ignore', 'pipe', 'inherit'] },
	);
	const line = await new Promise<string>((resolve, reject) => {
		let buf = '';
		child.on('error', reject);
		child.on('exit', (code) => reject(new Error(`the stub exited (${code}) before it was listening`)));
		child.stdout!.on('data', (d: Buffer) => {
			buf += d.toString();
			const nl = buf.indexOf('\n');
			if (nl >= 0) resolve(buf.slice(0, nl));
		});
	});
	child.removeAllListeners('exit');
	const info = JSON.parse(line) as { baseUrl: string; controlUrl: string };
	return { baseUrl: info.baseUrl, controlUrl: info.controlUrl, child };
}

async function control<T>(stub: StubProcess, method: 'GET' | 'POST', route: string, body?: object): Promise<T> {
	const res = await fetch(`${stub.controlUrl}${route}`, { method, body: body ? JSON.stringify(body) : undefined });
	if (!res.ok) throw new Error(`stub ${method} ${route}: HTTP ${res.status}`);
	return (await res.json()) as T;
}

interface StubRequest {
	method: string;
	path: string;
	status: number;
	startedAt: number;
	endedAt: number;
}
interface StubDownload {
	status: number;
	bytes: number;
	startedAt: number;
	endedAt: number;
}

/** Clears the stub's records once nothing from an earlier run is still in flight. */
async function resetStub(stub: StubProcess, s: Settings): Promise<void> {
	const deadline = Date.now() + Math.max(s.latencyMs, s.jobLatencyMs, s.videoJobLatencyMs) * 3 + 5000;
	while ((await control<{ inflight: number }>(stub, 'GET', '/stats')).inflight > 0 && Date.now() < deadline) {
		await new Promise((r) => setTimeout(r, 100));
	}
	await control(stub, 'POST', '/reset');
}

// ---------------------------------------------------------------------------------------------
// Edit inputs: a large image on disk (read by n8n's Read File node) and its mask behind a link

interface EditInputs {
	dir: string;
	imagePath: string;
	imageBytes: number;
	maskUrl: string;
	server: http.Server;
}

async function prepareEditInputs(s: Settings): Promise<EditInputs> {
	const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ideogram-bench-inputs-'));
	const side = 2048;
	const image = makePng(side, side, { seed: 7, noiseBytes: s.editImageBytes });
	const mask = makePng(side, side, { seed: 8 });
	const imagePath = path.join(dir, 'input.png');
	await fs.writeFile(imagePath, image);
	const server = http.createServer((req, res) => {
		if (req.url !== '/mask.png') {
			res.writeHead(404).end();
			return;
		}
		res.writeHead(200, { 'Content-Type': 'image/png', 'Content-Length': String(mask.length) });
		res.end(mask);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const port = (server.address() as { port: number }).port;
	return { dir, imagePath, imageBytes: image.length, maskUrl: `http://127.0.0.1:${port}/mask.png`, server };
}

// ---------------------------------------------------------------------------------------------
// One run

interface Breakdown {
	/** Execution start → first API request (n8n's nodes before, the node's own preparation). */
	headMs: number;
	/** Execution start → start of the first work node (trigger, Set, Split Out). */
	toNodeMs?: number;
	/** First API request → last successful answer. */
	generationMs: number;
	/** Mean and max time a freed image slot stayed unused before the next queued request took it. */
	handoverMeanMs?: number;
	handoverMaxMs?: number;
	/** Last answer → last image byte. */
	downloadTailMs: number;
	/** Last image byte → execution end. */
	tailMs: number;
}

interface RunResult {
	wf: BenchWorkflow;
	status: string;
	error?: string;
	wallMs?: number;
	/** Time of the nodes doing the work (n8n's executionTime). */
	workMs?: number;
	/** Each work node's own time (n8n's executionTime), e.g. Generate and Get Generation apart. */
	nodeMs?: Record<string, number>;
	imagesOut: number;
	failed: number;
	apiRequests: number;
	rejected429: number;
	/** Jobs only: GET /v2/generations/{id} requests (polls), and the 429s among them. */
	polls: number;
	polls429: number;
	maxInflight: number;
	downloadBytes: number;
	peakRss?: number;
	rssBefore?: number;
	rssPeakDuring?: number;
	/** CPU time of the n8n process during the execution (user + system). */
	cpuMs?: number;
	/** Wall times of every repetition (this result is the fastest). */
	wallRuns?: number[];
	/** Memory at the start of the work nodes and their peak (the edit run's window). */
	rssWorkBefore?: number;
	rssWorkPeak?: number;
	breakdown?: Breakdown;
	processMs: number;
	pid?: number;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type RunData = Record<string, Array<{ startTime: number; executionTime: number; data?: { main?: any[][] } }>>;

/** Version 2's image rows: every generation is a job, answered at once and then polled. */
const isV2ImageVariant = (v: Variant) => v === 'nodeV2' || v === 'nodeV2Mapped' || v === 'nodeV2Collect';
/** The video rows (their control included): jobs too, each one video in flight. */
const isVideoVariant = (v: Variant) => v === 'video' || v === 'videoMemory' || v === 'videoMemoryLinks';
const isJobVariant = (v: Variant) => isV2ImageVariant(v) || isVideoVariant(v);
/** Control runs that output links only: their items count when they carry a url. */
const isLinksOnly = (v: Variant) => v === 'nodeLinks' || v === 'videoMemoryLinks';
const isPoll = (r: StubRequest) => r.method === 'GET' && r.path.startsWith('/v2/generations/');
/** How long one generation holds its image slots at the stub. */
const latencyOf = (s: Settings, v: Variant) => (isVideoVariant(v) ? s.videoJobLatencyMs : isJobVariant(v) ? s.jobLatencyMs : s.latencyMs);

function analyse(
	wf: BenchWorkflow,
	exec: MeasuredExecution,
	stats: { maxInflightSeen: number },
	requests: StubRequest[],
	downloads: StubDownload[],
	s: Settings,
): RunResult {
	const capacity = s.maxInflight;
	const out = exec.output;
	const runData: RunData = out?.data?.resultData?.runData ?? {};
	const outputRuns = runData[wf.outputNode] ?? [];
	let imagesOut = 0;
	for (const run of outputRuns) {
		for (const item of run.data?.main?.[0] ?? []) {
			const image = isLinksOnly(wf.variant) ? typeof item?.json?.url === 'string' : item?.binary && Object.keys(item.binary).length;
			if (image) imagesOut++;
		}
	}
	const startedAt = out?.startedAt ? Date.parse(out.startedAt) : undefined;
	const stoppedAt = out?.stoppedAt ? Date.parse(out.stoppedAt) : undefined;
	const wallMs = startedAt !== undefined && stoppedAt !== undefined ? stoppedAt - startedAt : undefined;
	const errorObj = out?.data?.resultData?.error;
	const error = errorObj
		? `${errorObj.node?.name ? `${errorObj.node.name}: ` : ''}${String(errorObj.message ?? errorObj.description ?? 'error')}`
		: exec.exitCode !== 0 && !out
			? `n8n exited ${exec.exitCode} without run data: ${exec.stderr.trim().split('\n').slice(-3).join(' | ')}`
			: undefined;

	let workStart: number | undefined;
	let workEnd: number | undefined;
	let workMs: number | undefined;
	for (const name of wf.workNodes) {
		for (const run of runData[name] ?? []) {
			workStart = Math.min(workStart ?? Infinity, run.startTime);
			workEnd = Math.max(workEnd ?? 0, run.startTime + run.executionTime);
		}
	}
	if (workStart !== undefined && workEnd !== undefined) workMs = workEnd - workStart;
	const nodeMs: Record<string, number> = {};
	for (const name of wf.workNodes) {
		for (const run of runData[name] ?? []) nodeMs[name] = (nodeMs[name] ?? 0) + run.executionTime;
	}

	const ok = requests.filter((r) => r.status === 200);
	const result: RunResult = {
		wf,
		status: String(out?.status ?? (exec.exitCode === 0 ? 'success' : 'error')),
		error,
		wallMs,
		workMs,
		nodeMs,
		imagesOut,
		failed: wf.n - imagesOut,
		apiRequests: requests.length,
		rejected429: requests.filter((r) => r.status === 429).length,
		polls: requests.filter(isPoll).length,
		polls429: requests.filter((r) => isPoll(r) && r.status === 429).length,
		maxInflight: stats.maxInflightSeen,
		downloadBytes: downloads.reduce((a, d) => Math.max(a, d.bytes), 0),
		peakRss: exec.peakRss,
		processMs: exec.processMs,
		pid: exec.pid,
	};
	if (startedAt !== undefined && stoppedAt !== undefined) {
		const w = rssWindow(exec.samples, startedAt, stoppedAt);
		result.rssBefore = w.before;
		result.rssPeakDuring = w.peak;
		result.cpuMs = w.cpuMs;
	}
	if (workStart !== undefined && workEnd !== undefined) {
		const w = rssWindow(exec.samples, workStart, workEnd);
		result.rssWorkBefore = w.before;
		result.rssWorkPeak = w.peak;
	}
	const okDownloads = downloads.filter((d) => d.status === 200);
	if (startedAt !== undefined && stoppedAt !== undefined && ok.length && okDownloads.length && imagesOut === wf.n) {
		const firstRequest = Math.min(...requests.map((r) => r.startedAt));
		const lastAnswer = Math.max(...ok.map((r) => r.endedAt));
		const lastByte = Math.max(...okDownloads.map((d) => d.endedAt));
		const b: Breakdown = {
			headMs: firstRequest - startedAt,
			toNodeMs: workStart !== undefined ? workStart - startedAt : undefined,
			generationMs: lastAnswer - firstRequest,
			downloadTailMs: lastByte - lastAnswer,
			tailMs: stoppedAt - lastByte,
		};
		// With one image per request and no rejections, the j-th request (by start) can start at
		// the earliest when the (j - capacity)-th answer (by end) has freed its slot. A job is
		// answered at once and frees its slot at the stub a job latency later, when it completes;
		// the node only learns that from a poll, so the polling delay shows up here.
		const job = isJobVariant(wf.variant);
		const sent = job ? requests.filter((r) => !isPoll(r)) : requests;
		const sentOk = sent.filter((r) => r.status === 200);
		if (sent.length === sentOk.length && sentOk.length > capacity) {
			const starts = sentOk.map((r) => r.startedAt).sort((a, c) => a - c);
			const ends = sentOk.map((r) => r.endedAt + (job ? latencyOf(s, wf.variant) : 0)).sort((a, c) => a - c);
			const gaps = starts.slice(capacity).map((st, j) => Math.max(0, st - ends[j]));
			b.handoverMeanMs = gaps.reduce((a, g) => a + g, 0) / gaps.length;
			b.handoverMaxMs = Math.max(...gaps);
		}
		result.breakdown = b;
	}
	return result;
}

async function runOne(
	runtime: Runtime,
	n8n: N8nInstance,
	stub: StubProcess,
	s: Settings,
	wf: BenchWorkflow,
	extraEnv: NodeJS.ProcessEnv,
): Promise<RunResult> {
	await resetStub(stub, s);
	if (wf.videoBytes !== undefined) {
		await control(stub, 'POST', '/video-bytes', { bytes: wf.videoBytes });
		await control(stub, 'POST', '/video-job-latency', { ms: s.videoJobLatencyMs });
	}
	const exec = await executeMeasured(runtime, n8n.userFolder, wf.id, { extraEnv, timeoutMs: 600_000 });
	const [stats, requests, downloads] = await Promise.all([
		control<{ maxInflightSeen: number }>(stub, 'GET', '/stats'),
		control<StubRequest[]>(stub, 'GET', '/requests'),
		control<StubDownload[]>(stub, 'GET', '/downloads'),
	]);
	const r = analyse(wf, exec, stats, requests, downloads, s);
	// n8n keeps each execution's binary data under its user folder; drop it between runs.
	await fs.rm(path.join(n8n.n8nFolder, 'storage'), { recursive: true, force: true });
	await fs.rm(path.join(n8n.n8nFolder, 'binaryData'), { recursive: true, force: true });
	return r;
}

// ---------------------------------------------------------------------------------------------
// Report

const VARIANT_LABEL: Record<Variant, string> = {
	node: 'our node',
	nodeLinks: 'our node, links only',
	recipeDefaults: 'recipe, defaults',
	recipeCareful: 'recipe, careful',
	edit: 'our node, Edit',
	nodeV2: 'our node v2 (jobs, waits)',
	nodeV2Mapped: 'our node v2 (jobs, waits), fields mapped by expressions',
	nodeV2Collect: 'our node v2, no wait → Get Generation',
	video: 'our node v2, Video → Generate',
	videoMemory: 'our node v2, Video → Generate, large videos',
	videoMemoryLinks: 'our node v2, Video → Generate, links only',
};

const sec = (ms: number | undefined) => (ms === undefined ? '–' : (Math.abs(ms) < 5 ? 0 : ms / 1000).toFixed(2));
const mb = (b: number | undefined) => (b === undefined ? '–' : (b / 1e6).toFixed(0));
const ratio = (a: number | undefined, b: number | undefined) =>
	a === undefined || b === undefined || b <= 0 ? '–' : `${(a / b).toFixed(2)}×`;

/**
 * The bytes of one result file of a row: its video's size (video rows), otherwise the image rows'
 * transfer (the largest image served), which the video rows must not raise.
 */
const transferOf = (r: RunResult, imageTransferBytes: number) => r.wf.videoBytes ?? imageTransferBytes;
function imageTransferBytes(s: Settings, results: RunResult[]): number {
	return Math.max(s.imageBytes, ...results.filter((r) => !isVideoVariant(r.wf.variant)).map((r) => r.downloadBytes));
}

function limitMs(s: Settings, n: number, transferBytes: number, v: Variant = 'node'): number {
	return Math.ceil(n / s.maxInflight) * latencyOf(s, v) + (transferBytes / s.bandwidth) * 1000;
}

interface Machine {
	cpus: string;
	memory: string;
	os: string;
	hostNode: string;
	n8nNode: string;
	n8n: string;
	date: string;
	loadBefore: string;
	loadAfter?: string;
	/** The whole bench (runtime check, imports, every run). */
	durationMs?: number;
	packageVersion: string;
	source: string;
}

function machine(runtime: Runtime, packageVersion: string): Machine {
	const cpus = os.cpus();
	return {
		cpus: `${cpus.length} × ${cpus[0]?.model?.trim() ?? 'unknown'}`,
		memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
		os: `${os.type()} ${os.release()} (${os.arch()})`,
		hostNode: process.version,
		n8nNode: `v${runtime.nodeVersion}`,
		n8n: runtime.n8nVersion,
		date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
		loadBefore: os.loadavg().map((l) => l.toFixed(2)).join(', '),
		packageVersion,
		source: process.env.BENCH_SOURCE_DESCRIPTION ?? 'the working tree',
	};
}

function mainTable(s: Settings, results: RunResult[], transferBytes: number): string[] {
	const lines = [
		`| N | variant | wall s${s.repeat > 1 ? ` (best of ${s.repeat}; other runs)` : ''} | limit s | × limit | images out | failed | 429s | max in flight | n8n CPU s | peak RSS MB | RSS at start → peak during run, MB | status |`,
		'|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|',
	];
	for (const r of results) {
		if (r.wf.variant === 'edit' || isJobVariant(r.wf.variant)) continue;
		const lim = limitMs(s, r.wf.n, transferBytes);
		const ok = r.failed === 0 && r.status === 'success';
		lines.push(
			`| ${r.wf.n} | ${VARIANT_LABEL[r.wf.variant]} | ${sec(r.wallMs)}${otherRuns(r)} | ${sec(lim)} | ${ok ? ratio(r.wallMs, lim) : '(failed)'} | ${r.imagesOut} | ${r.failed} | ${r.rejected429} | ${r.maxInflight} | ${sec(r.cpuMs)} | ${mb(r.peakRss)} | ${mb(r.rssBefore)} → ${mb(r.rssPeakDuring)} | ${r.status}${r.error ? `: ${escapeCell(r.error).slice(0, 90)}` : ''} |`,
		);
	}
	return lines;
}

/** The wall times of the other repetitions, e.g. " (2.61)". */
function otherRuns(r: RunResult): string {
	const runs = [...(r.wallRuns ?? [])];
	const at = runs.indexOf(r.wallMs ?? NaN);
	if (at >= 0) runs.splice(at, 1);
	return runs.length ? ` (${runs.map((w) => (Number.isNaN(w) ? '–' : sec(w))).join(', ')})` : '';
}

function escapeCell(text: string): string {
	return text.replace(/\|/g, '\\|').replace(/\s+/g, ' ');
}

function ratioTable(s: Settings, results: RunResult[], transferBytes: number): string[] {
	const lines = [
		'| N | our node s | × limit | × recipe, careful | × recipe, defaults |',
		'|---:|---:|---:|---:|---:|',
	];
	for (const n of s.sizes) {
		const find = (v: Variant) => results.find((r) => r.wf.n === n && r.wf.variant === v);
		const node = find('node');
		if (!node) continue;
		const vs = (r: RunResult | undefined) => {
			if (!r) return '–';
			if (r.failed > 0 || r.status !== 'success') return `– (recipe got ${r.imagesOut} of ${n} images)`;
			return ratio(node.wallMs, r.wallMs);
		};
		const nodeOk = node.failed === 0 && node.status === 'success';
		lines.push(
			`| ${n} | ${sec(node.wallMs)} | ${nodeOk ? ratio(node.wallMs, limitMs(s, n, transferBytes)) : '(failed)'} | ${vs(find('recipeCareful'))} | ${vs(find('recipeDefaults'))} |`,
		);
	}
	return lines;
}

function breakdownTable(s: Settings, results: RunResult[], transferBytes: number): string[] {
	const lines = [
		'| N | variant | wall s | start → node | node → 1st request | generation (ideal) | slot hand-over mean / max ms | last answer → last byte (ideal) | last byte → end |',
		'|---:|---|---:|---:|---:|---:|---:|---:|---:|',
	];
	for (const r of results) {
		const b = r.breakdown;
		if (!b || r.wf.variant === 'edit') continue;
		const idealGen = Math.ceil(r.wf.n / s.maxInflight) * latencyOf(s, r.wf.variant);
		const handover = b.handoverMeanMs === undefined ? '–' : `${b.handoverMeanMs.toFixed(0)} / ${b.handoverMaxMs!.toFixed(0)}`;
		lines.push(
			`| ${r.wf.n} | ${VARIANT_LABEL[r.wf.variant]} | ${sec(r.wallMs)} | ${sec(b.toNodeMs)} | ${sec(b.toNodeMs === undefined ? undefined : b.headMs - b.toNodeMs)} | ${sec(b.generationMs)} (${sec(idealGen)}) | ${handover} | ${sec(b.downloadTailMs)} (${sec((transferOf(r, transferBytes) / s.bandwidth) * 1000)}) | ${sec(b.tailMs)} |`,
		);
	}
	return lines;
}

/** Version 2: every generation a job; the two shapes, with what polling adds. */
function v2Section(s: Settings, results: RunResult[], transferBytes: number): string[] {
	const v2 = results.filter((r) => isV2ImageVariant(r.wf.variant));
	if (!v2.length) return [];
	const lines: string[] = [
		'## Version 2 (Ideogram 4, jobs)',
		'',
		`Version 2's Generate (\`typeVersion: 2\`, Image → Generate, model ideogram-4, Rendering Speed turbo, num_images 1, the same prompts and seed) sends every generation as a job (\`async: true\`): the stub answers at once with a generation_id and keeps the job pending for ${sec(s.jobLatencyMs)} s, counting its images in flight until then. "Waits": Wait for Completion on (the default), each item holds its image slot while it polls \`GET /v2/generations/{id}\`, then downloads. "No wait → Get Generation": Generate with Wait for Completion off outputs each generation_id at once while each job keeps its image slot until it is seen done (items beyond the first ${s.maxInflight} wait for those slots, looking at the held jobs), and a second Ideogram node's Get Generation (\`={{ $json.generation_id }}\`, Wait for Completion on) polls and downloads; measured end to end. Polling limit at the stub: ${s.maxPollsPer10s} polls per 10 s (Ideogram's, per organization). The limit is the same as for version 1: ceil(N/${s.maxInflight}) × ${sec(s.jobLatencyMs)} s + one transfer.`,
		'',
		`| N | variant | wall s${s.repeat > 1 ? ` (best of ${s.repeat}; other runs)` : ''} | limit s | × limit | images out | failed | 429s on submits / polls | max in flight | polls | node s (Generate / Get Generation) | n8n CPU s | peak RSS MB | RSS at start → peak during run, MB | status |`,
		'|---:|---|---:|---:|---:|---:|---:|---|---:|---:|---|---:|---:|---|---|',
	];
	for (const r of v2) {
		const lim = limitMs(s, r.wf.n, transferBytes, r.wf.variant);
		const ok = r.failed === 0 && r.status === 'success';
		lines.push(
			`| ${r.wf.n} | ${VARIANT_LABEL[r.wf.variant]} | ${sec(r.wallMs)}${otherRuns(r)} | ${sec(lim)} | ${ok ? ratio(r.wallMs, lim) : '(failed)'} | ${r.imagesOut} | ${r.failed} | ${r.rejected429 - r.polls429} / ${r.polls429} | ${r.maxInflight} | ${r.polls} | ${r.wf.workNodes.map((name) => sec(r.nodeMs?.[name])).join(' / ')} | ${sec(r.cpuMs)} | ${mb(r.peakRss)} | ${mb(r.rssBefore)} → ${mb(r.rssPeakDuring)} | ${r.status}${r.error ? `: ${escapeCell(r.error).slice(0, 90)}` : ''} |`,
		);
	}
	const collect = v2.filter((r) => r.wf.variant === 'nodeV2Collect' && r.rejected429 - r.polls429 > 0);
	for (const r of collect) {
		lines.push(
			'',
			`At N = ${r.wf.n} without waiting, the stub refused ${r.rejected429 - r.polls429} submits with 429 (inflight_limit), retried after a back-off (${r.failed} item${r.failed === 1 ? '' : 's'} failed); Generate took ${sec(r.nodeMs?.Ideogram)} s of the ${sec(r.wallMs)} s. A job sent without waiting keeps its image slot until it is seen done (limits/heldJobs.ts), so these 429s are not the node's own queueing: something else used the stub's slots.`,
		);
	}
	// The same RoutingNode loop prepares every item of both versions before the first request
	// leaves; version 2's larger description is walked for version-1 items too.
	const prep = (r: RunResult | undefined) =>
		r?.breakdown?.toNodeMs !== undefined ? sec(r.breakdown.headMs - r.breakdown.toNodeMs) : '–';
	lines.push(
		'',
		'Before the first request (seconds from the Ideogram node starting to its first request reaching the API; both versions share one node description):',
		'',
		'| N | version 1 Generate | version 2 Generate (waits) | version 2 Generate (waits), fields mapped by expressions | version 2 Generate (no wait) |',
		'|---:|---:|---:|---:|---:|',
	);
	for (const n of s.v2Sizes) {
		const find = (v: Variant) => results.find((r) => r.wf.n === n && r.wf.variant === v);
		lines.push(`| ${n} | ${prep(find('node'))} | ${prep(find('nodeV2'))} | ${prep(find('nodeV2Mapped'))} | ${prep(find('nodeV2Collect'))} |`);
	}
	lines.push('');
	return lines;
}

function editSection(s: Settings, results: RunResult[], editSkipped: string | undefined, inputBytes: number | undefined): string[] {
	const lines: string[] = ['## Edit with large input images (memory)', ''];
	if (editSkipped) {
		lines.push(editSkipped, '');
		return lines;
	}
	const edits = results.filter((r) => r.wf.variant === 'edit');
	lines.push(
		`Each item reads the same ${mb(inputBytes)} MB PNG (2048×2048) from disk with n8n's Read/Write Files node into n8n's filesystem binary store (streamed, so that costs no memory), then our node's Edit sends it with a mask given as a link. The window is the Ideogram Edit node's own run.`,
		'',
		'| N | wall s | Edit node s | images out | failed | 429s | max in flight (stub) | n8n CPU s | peak RSS MB | RSS at Edit start → peak during Edit, MB | growth MB | status |',
		'|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---|',
	);
	for (const r of edits) {
		const growth = r.rssWorkPeak !== undefined && r.rssWorkBefore !== undefined ? r.rssWorkPeak - r.rssWorkBefore : undefined;
		lines.push(
			`| ${r.wf.n} | ${sec(r.wallMs)}${otherRuns(r)} | ${sec(r.workMs)} | ${r.imagesOut} | ${r.failed} | ${r.rejected429} | ${r.maxInflight} | ${sec(r.cpuMs)} | ${mb(r.peakRss)} | ${mb(r.rssWorkBefore)} → ${mb(r.rssWorkPeak)} | ${mb(growth)} | ${r.status}${r.error ? `: ${escapeCell(r.error).slice(0, 90)}` : ''} |`,
		);
	}
	lines.push('');
	return lines;
}

/** Where a run's time over its limit went, from the stub's request log against n8n's execution times. */
function whereOver(s: Settings, r: RunResult, lim: number, transferBytes: number, file: 'image' | 'video'): string | undefined {
	const b = r.breakdown;
	if (!b) return undefined;
	const idealGen = Math.ceil(r.wf.n / s.maxInflight) * latencyOf(s, r.wf.variant);
	const transfer = (transferBytes / s.bandwidth) * 1000;
	const parts = [
		['before the first request', b.headMs],
		[`generation beyond ceil(N/${s.maxInflight}) × latency`, b.generationMs - idealGen],
		[`download tail beyond one ${file} transfer`, b.downloadTailMs - transfer],
		[`after the last ${file} byte`, b.tailMs],
	] as Array<[string, number]>;
	return (
		`  Where the ${sec((r.wallMs ?? 0) - lim)} s over the limit went (from the stub's request log against n8n's execution times): ` +
		parts.map(([what, ms]) => `${sec(ms)} s ${what}`).join('; ') +
		'.' +
		(b.handoverMeanMs !== undefined
			? ` A freed image slot stayed unused for ${b.handoverMeanMs.toFixed(0)} ms on average (max ${b.handoverMaxMs!.toFixed(0)} ms) before the next queued item's request reached the API.`
			: '')
	);
}

/** The goal, checked against this run's numbers. */
function verdict(
	s: Settings,
	results: RunResult[],
	transferBytes: number,
	inputBytes: number | undefined,
	controls: RunResult[],
): string[] {
	const lines: string[] = [];
	const nMax = Math.max(...s.sizes);
	const node = results.find((r) => r.wf.variant === 'node' && r.wf.n === nMax);
	if (node) {
		const lim = limitMs(s, nMax, transferBytes);
		const x = node.wallMs !== undefined ? node.wallMs / lim : undefined;
		const met = x !== undefined && x <= 1.15 && node.failed === 0 && node.status === 'success';
		lines.push(
			`- **Speed at N = ${nMax}: ${met ? 'met' : 'not met'}.** Our node took ${sec(node.wallMs)} s against a limit of ${sec(lim)} s (${x === undefined ? '–' : `${x.toFixed(2)}×`}; goal ≤ 1.15×), with ${node.failed} failed item${node.failed === 1 ? '' : 's'} and ${node.rejected429} 429s.`,
		);
		const over = met ? undefined : whereOver(s, node, lim, transferBytes, 'image');
		if (over) lines.push(over);
	}
	for (const v of ['nodeV2', 'nodeV2Collect'] as Variant[]) {
		const n = Math.max(...s.v2Sizes);
		const r = results.find((x) => x.wf.variant === v && x.wf.n === n);
		if (!r) continue;
		const lim = limitMs(s, n, transferBytes, v);
		const x = r.wallMs !== undefined ? r.wallMs / lim : undefined;
		const met = x !== undefined && x <= 1.15 && r.failed === 0 && r.status === 'success' && r.rejected429 === 0;
		lines.push(
			`- **Version 2, ${v === 'nodeV2' ? 'Generate waiting for its jobs' : 'Generate without waiting → Get Generation'}, at N = ${n}: ${met ? 'met' : 'not met'}.** ${sec(r.wallMs)} s against a limit of ${sec(lim)} s (${x === undefined ? '–' : `${x.toFixed(2)}×`}; goal ≤ 1.15× with no failed item and no 429), ${r.failed} failed item${r.failed === 1 ? '' : 's'}, ${r.rejected429 - r.polls429} 429s on submits and ${r.polls429} on polls, ${r.polls} polls, at most ${r.maxInflight} images in flight at the stub.`,
		);
	}
	// Proportional to N would mean keeping images; "independent" = the two largest runs differ by
	// less than a quarter of what keeping the extra items' images would take.
	const peaks = (v: Variant) =>
		results
			.filter((r) => r.wf.variant === v && r.rssPeakDuring !== undefined)
			.map((r) => `${mb(r.rssPeakDuring)} (N = ${r.wf.n})`)
			.join(', ');
	const gens = results.filter((r) => r.wf.variant === 'node' && r.rssPeakDuring !== undefined);
	if (gens.length >= 2) {
		const [lo, hi] = gens.slice(-2);
		const diff = hi.rssPeakDuring! - lo.rssPeakDuring!;
		const keep = (hi.wf.n - lo.wf.n) * transferBytes;
		const flat = diff < 0.25 * keep;
		const recipe = peaks('recipeCareful');
		const cLo = controls.find((c) => c.wf.n === lo.wf.n && c.rssPeakDuring !== undefined);
		const cHi = controls.find((c) => c.wf.n === hi.wf.n && c.rssPeakDuring !== undefined);
		const signed = (b: number) => `${b >= 0 ? '+' : ''}${mb(b)}`;
		lines.push(
			`- **Memory, Generate: ${flat ? 'independent of N' : 'grows with N'}.** Peak RSS of n8n during the run, MB: ${peaks('node')}. From N = ${lo.wf.n} to N = ${hi.wf.n} it changed by ${signed(diff)} MB (${(diff / (hi.wf.n - lo.wf.n) / 1e6).toFixed(2)} MB per extra item; an image is ${(transferBytes / 1e6).toFixed(2)} MB, and keeping the ${hi.wf.n - lo.wf.n} extra images would take ${mb(keep)} MB; independent = under a quarter of that).` +
				(cLo && cHi
					? ` With Download Images off (a control run, links only, no image ever reaches n8n) the peak went ${mb(cLo.rssPeakDuring)} → ${mb(cHi.rssPeakDuring)} MB (${signed(cHi.rssPeakDuring! - cLo.rssPeakDuring!)} MB) over the same step, so that much of the growth is n8n's per-item cost, not images.`
					: '') +
				(recipe ? ` The careful recipe, for comparison: ${recipe}.` : ''),
		);
	}
	const edits = results.filter((r) => r.wf.variant === 'edit' && r.rssWorkPeak !== undefined && r.rssWorkBefore !== undefined);
	if (edits.length >= 2 && inputBytes) {
		const [lo, hi] = edits.slice(-2);
		const diff = hi.rssWorkPeak! - lo.rssWorkPeak!;
		const keep = (hi.wf.n - lo.wf.n) * inputBytes;
		const flat = diff < 0.25 * keep && hi.failed === 0;
		const growthLo = lo.rssWorkPeak! - lo.rssWorkBefore!;
		lines.push(
			`- **Memory, Edit with ${mb(inputBytes)} MB inputs: ${flat ? 'independent of N' : 'grows with N'}.** Peak RSS during the Edit node: ${mb(lo.rssWorkPeak)} MB at N = ${lo.wf.n}, ${mb(hi.rssWorkPeak)} MB at N = ${hi.wf.n} (${diff >= 0 ? '+' : ''}${mb(diff)} MB; keeping the ${hi.wf.n - lo.wf.n} extra inputs would take ${mb(keep)} MB).` +
				` It scales with the image slots instead (input files are read inside a slot): at N = ${lo.wf.n}, ${Math.min(lo.wf.n, s.maxInflight)} slots held at once, RSS rose by ${mb(growthLo)} MB during the node, ${(growthLo / (Math.min(lo.wf.n, s.maxInflight) * inputBytes)).toFixed(1)} × the input size per slot.`,
		);
	}
	lines.push(...videoVerdict(s, results, controls));
	return lines;
}

/** RSS growth during the work node: its peak against the last sample before it started. */
const workGrowth = (r: RunResult | undefined) =>
	r?.rssWorkPeak !== undefined && r.rssWorkBefore !== undefined ? r.rssWorkPeak - r.rssWorkBefore : undefined;

/** The video goals (issue 18), checked against this run's numbers. */
function videoVerdict(s: Settings, results: RunResult[], controls: RunResult[]): string[] {
	const lines: string[] = [];
	const n = Math.max(...s.videoSizes);
	const v = results.find((r) => r.wf.variant === 'video' && r.wf.n === n);
	if (v) {
		const lim = limitMs(s, n, s.videoBytes, 'video');
		const x = v.wallMs !== undefined ? v.wallMs / lim : undefined;
		const met = x !== undefined && x <= 1.15 && v.failed === 0 && v.status === 'success' && v.rejected429 === 0;
		lines.push(
			`- **Video → Generate, ${n} videos of ${mb(s.videoBytes)} MB against the limit of ${s.maxInflight} in flight: ${met ? 'met' : 'not met'}.** ${sec(v.wallMs)} s against a limit of ${sec(lim)} s (${x === undefined ? '–' : `${x.toFixed(2)}×`}; goal ≤ 1.15× with no failed item and no 429), ${v.failed} failed item${v.failed === 1 ? '' : 's'}, ${v.rejected429 - v.polls429} 429s on submits and ${v.polls429} on polls, ${v.polls} polls, at most ${v.maxInflight} videos in flight at the stub.`,
		);
		const over = met ? undefined : whereOver(s, v, lim, s.videoBytes, 'video');
		if (over) lines.push(over);
	}
	const m = Math.max(...s.videoMemorySizes);
	const mem = results.find((r) => r.wf.variant === 'videoMemory' && r.wf.n === m);
	if (mem) {
		const growth = workGrowth(mem);
		const goal = 2 * s.videoMemoryBytes;
		const met = growth !== undefined && growth < goal && mem.failed === 0 && mem.status === 'success';
		const control = controls.find((c) => c.wf.variant === 'videoMemoryLinks' && c.wf.n === m);
		const controlGrowth = workGrowth(control);
		lines.push(
			`- **Video memory, ${m} videos of ${mb(s.videoMemoryBytes)} MB: ${met ? 'met' : 'not met'}.** The RSS of n8n rose by ${mb(growth)} MB during the Ideogram node (${mb(mem.rssWorkBefore)} → ${mb(mem.rssWorkPeak)} MB; goal: less than two videos, ${mb(goal)} MB), with ${mem.failed} failed item${mem.failed === 1 ? '' : 's'} and ${mb(mem.downloadBytes)} MB per video served (peak RSS of the process over its life ${mb(mem.peakRss)} MB).` +
				(growth !== undefined && controlGrowth !== undefined
					? ` With Download Videos off (a control run, links only, no video byte reaches n8n) it rose by ${mb(controlGrowth)} MB (${mb(control!.rssWorkBefore)} → ${mb(control!.rssWorkPeak)} MB): that much is the node's and n8n's own cost for ${m} items, and the downloads added ${mb(growth - controlGrowth)} MB, ${((growth - controlGrowth) / s.videoMemoryBytes).toFixed(2)} × one video.`
					: ''),
		);
	}
	return lines;
}

/** Video → Generate (issue 18): the throughput row against the limit, the memory row and its control. */
function videoSection(s: Settings, results: RunResult[], controls: RunResult[]): string[] {
	const rows = [...results, ...controls].filter((r) => isVideoVariant(r.wf.variant));
	if (!rows.length) return [];
	const lines: string[] = [
		'## Video (issue 18)',
		'',
		`Version 2's Video → Generate (\`typeVersion: 2\`, model ${VIDEO_MODEL}, text to video, duration 5 s, Wait for Completion and Download Videos on, every other option at its default), one item per prompt. Video endpoints run only as jobs: the stub answers at once with a generation_id and keeps the job pending for ${sec(s.videoJobLatencyMs)} s (--video-job-latency; the image jobs keep ${sec(s.jobLatencyMs)} s, which would make a two-wave row mostly fixed overhead), counting its video in flight (one slot of the ${s.maxInflight}) until then; each item polls \`GET /v2/generations/{id}\`, then streams its MP4 (served at ${(s.bandwidth / 1e6).toFixed(1)} MB/s per connection, the images' bandwidth) into n8n's binary data, on disk in filesystem mode. The limit is the image rows': ceil(N/${s.maxInflight}) × ${sec(s.videoJobLatencyMs)} s + one video's transfer (a job frees its slot when it completes, so one wave's downloads overlap the next wave's jobs). Memory is the Ideogram node's own window: the RSS of the n8n process at its start (the last 20 ms sample before it) against the highest sample while it ran. "Links only" is a control run with Download Videos off (run once): no video byte reaches n8n, so its growth is what the node and n8n cost per item without videos. Real video jobs take minutes, not ${sec(s.videoJobLatencyMs)} s, so the fixed overheads weigh far less there than in the ratio here.`,
		'',
		`| N | variant | video MB | wall s${s.repeat > 1 ? ` (best of ${s.repeat}; other runs)` : ''} | limit s | × limit | videos out | failed | 429s on submits / polls | max in flight | polls | node → 1st request s | n8n CPU s | peak RSS MB | RSS at node start → peak during node, MB | growth MB | status |`,
		'|---:|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---|---:|---|',
	];
	for (const r of rows) {
		const control = isLinksOnly(r.wf.variant);
		const lim = limitMs(s, r.wf.n, r.wf.videoBytes!, r.wf.variant);
		const ok = r.failed === 0 && r.status === 'success';
		const b = r.breakdown;
		lines.push(
			`| ${r.wf.n} | ${VARIANT_LABEL[r.wf.variant]} | ${mb(r.wf.videoBytes)} | ${sec(r.wallMs)}${otherRuns(r)} | ${control ? '–' : sec(lim)} | ${control ? '–' : ok ? ratio(r.wallMs, lim) : '(failed)'} | ${r.imagesOut}${control ? ' (links)' : ''} | ${r.failed} | ${r.rejected429 - r.polls429} / ${r.polls429} | ${r.maxInflight} | ${r.polls} | ${sec(b?.toNodeMs === undefined ? undefined : b.headMs - b.toNodeMs)} | ${sec(r.cpuMs)} | ${mb(r.peakRss)} | ${mb(r.rssWorkBefore)} → ${mb(r.rssWorkPeak)} | ${mb(workGrowth(r))} | ${r.status}${r.error ? `: ${escapeCell(r.error).slice(0, 90)}` : ''} |`,
		);
	}
	lines.push('');
	return lines;
}

interface NodeShape {
	properties: number;
	/** How many properties of the description share the name of the parameter holding the prompt expression. */
	promptProperties: number;
}

async function nodeShape(builtNode: string | undefined): Promise<NodeShape | undefined> {
	if (!builtNode) return undefined;
	try {
		const mod = (await import(pathToFileURL(path.resolve(builtNode)).href)) as {
			Ideogram?: new () => { description: { properties: Array<{ name: string }> } };
			default?: { Ideogram?: new () => { description: { properties: Array<{ name: string }> } } };
		};
		const NodeClass = mod.Ideogram ?? mod.default?.Ideogram;
		if (!NodeClass) return undefined;
		const props = new NodeClass().description.properties;
		return { properties: props.length, promptProperties: props.filter((p) => p.name === 'prompt').length };
	} catch {
		return undefined;
	}
}

interface Profiled {
	run: RunResult;
	findings?: ProfileFindings;
}

/** Why our node is where it is, from this run's numbers (and the profiled extra run). */
function findings(s: Settings, results: RunResult[], profiled: Profiled | undefined, shape: NodeShape | undefined): string[] {
	const nodes = results.filter((r) => r.wf.variant === 'node' && r.breakdown?.toNodeMs !== undefined);
	if (!nodes.length) return [];
	const lo = nodes[0];
	const hi = nodes[nodes.length - 1];
	const prep = (r: RunResult) => r.breakdown!.headMs - r.breakdown!.toNodeMs!;
	const lines: string[] = ['## Why: where our node loses time', ''];
	let text =
		`- **Before the first request.** From the moment the Ideogram node starts to its first request reaching the API: ${sec(prep(lo))} s at N = ${lo.wf.n}` +
		(hi !== lo ? `, ${sec(prep(hi))} s at N = ${hi.wf.n} (${((prep(hi) - prep(lo)) / (hi.wf.n - lo.wf.n)).toFixed(0)} ms per extra item)` : '') +
		'. n8n runs declarative nodes through its RoutingNode (n8n-core `execution-engine/routing-node.js`, `runNode`), which prepares every item in one synchronous loop and only then lets requests leave.';
	const pf = profiled?.findings;
	if (pf) {
		const pct = (ms: number) => `${((ms / pf.routingLoopMs) * 100).toFixed(0)} %`;
		const rest = pf.routingLoopMs - pf.resolveBaseUrlMs - pf.firstPassExpressionMs - pf.ourCodeMs;
		text +=
			` In an extra run of N = ${profiled!.run.wf.n} under the V8 profiler (not in the table; the profiler slows it), that loop took ${sec(pf.routingLoopMs)} s (${(pf.routingLoopMs / profiled!.run.wf.n).toFixed(0)} ms per item):` +
			` ${sec(pf.resolveBaseUrlMs)} s (${pct(pf.resolveBaseUrlMs)}) in \`resolveBaseUrl\`, a second pass over every property per item that only works out the base URL;` +
			` ${sec(pf.firstPassExpressionMs)} s (${pct(pf.firstPassExpressionMs)}) evaluating expressions in the main pass;` +
			` ${sec(pf.ourCodeMs)} s (${pct(pf.ourCodeMs)}) in our package's own code;` +
			` ${sec(rest)} s (${pct(rest)}) walking the properties (display conditions, routing options) and the rest.` +
			` Over both passes, expression evaluation took ${sec(pf.expressionMs)} s (${pct(pf.expressionMs)}); n8n 2.x runs each expression through @n8n/expression-runtime's isolated-vm bridge.`;
	}
	if (shape) {
		text += ` RoutingNode resolves a parameter's value once for every property of that name in the description, in two passes per item (\`runNode\` and \`resolveBaseUrl\`); our description has ${shape.properties} properties, ${shape.promptProperties} of them named \`prompt\`, so \`={{ $json.prompt }}\` is evaluated ${2 * shape.promptProperties} times per item, plus the base-URL expression (from the credential) twice.`;
	}
	const recipeHi = results.find((r) => r.wf.variant === 'recipeCareful' && r.wf.n === hi.wf.n && r.breakdown?.toNodeMs !== undefined);
	if (recipeHi) text += ` For comparison, the recipe's HTTP Request node sends its first request ${sec(prep(recipeHi))} s after it starts at N = ${hi.wf.n}.`;
	lines.push(text);

	const b = hi.breakdown!;
	const idealGen = Math.ceil(hi.wf.n / s.maxInflight) * s.latencyMs;
	if (hi.wf.n > s.maxInflight) {
		let gen =
			`- **Between generation waves.** At N = ${hi.wf.n} generation took ${sec(b.generationMs)} s against ceil(N/10) × latency = ${sec(idealGen)} s` +
			(b.handoverMeanMs !== undefined
				? `: a freed image slot waited ${b.handoverMeanMs.toFixed(0)} ms on average (max ${b.handoverMaxMs!.toFixed(0)} ms) before the next queued item's request reached the API.`
				: '.');
		if (pf) {
			gen += ` In the profiled run, n8n's main thread spent ${sec(pf.gcAfterLoopMs)} s of the ${sec(pf.afterLoopMs)} s generation phase in garbage collection (longest stretch ${pf.longestGcMs.toFixed(0)} ms) and ${sec(pf.busyAfterLoopMs)} s running code (receiving downloads, storing binary data, n8n's bookkeeping); a slot freed during such a stretch waits for it to end.`;
		}
		lines.push(gen);
	}
	const recipeCpu = results.find((r) => r.wf.variant === 'recipeCareful' && r.wf.n === hi.wf.n);
	if (hi.cpuMs !== undefined) {
		lines.push(
			`- **CPU.** During the run at N = ${hi.wf.n} the n8n process used ${sec(hi.cpuMs)} s of CPU with our node` +
				(recipeCpu?.cpuMs !== undefined ? ` and ${sec(recipeCpu.cpuMs)} s with the careful recipe` : '') +
				`. The machine has ${os.cpus().length} cores shared with other work, so CPU-bound stretches such as the RoutingNode loop also wait for a core; that is why they vary between passes.`,
		);
	}
	const transfer = (imageTransferBytes(s, results) / s.bandwidth) * 1000;
	lines.push(
		`- **After the last answer.** The last images arrived ${sec(b.downloadTailMs)} s after the last answer (one transfer takes ${sec(transfer)} s), and the execution ended ${sec(b.tailMs)} s after the last byte.`,
	);
	lines.push('');
	return lines;
}

function report(
	s: Settings,
	m: Machine,
	results: RunResult[],
	transferBytes: number,
	editSkipped: string | undefined,
	inputBytes: number | undefined,
	profiled: Profiled | undefined,
	shape: NodeShape | undefined,
	controls: RunResult[],
): string {
	// A run of some rows only (--variants) shows the goals and tables of those rows.
	const imageRows = results.some((r) => !isVideoVariant(r.wf.variant));
	const videoRows = results.some((r) => isVideoVariant(r.wf.variant));
	const v1Rows = results.some((r) => r.wf.variant !== 'edit' && !isJobVariant(r.wf.variant));
	const goals = [
		...(imageRows
			? [
					`Our node within **1.15×** of the physical limit at N = ${Math.max(...s.sizes)} with **zero failed items**, and **peak memory independent of N**. The same for version 2's job rows at N = ${Math.max(...s.v2Sizes)}, with no 429 of our own, and the time before the first request not growing with the larger node description.`,
				]
			: []),
		...(videoRows
			? [
					`Video (issue 18): Video → Generate with ${Math.max(...s.videoSizes)} videos within **1.15×** of the limit, with **zero failed items** and **no 429** of our own; with ${Math.max(...s.videoMemorySizes)} videos of ${mb(s.videoMemoryBytes)} MB, the RSS of n8n growing by **less than two videos' size** (${mb(2 * s.videoMemoryBytes)} MB) over the node's run.`,
				]
			: []),
	];
	const lines: string[] = [
		'# Benchmark: our node against the physical limit and the HTTP Request recipe',
		'',
		`Written by \`npm run bench\` (bench/run.ts) on ${m.date}. Regenerate it with \`npm run bench\`; every number below is from that one run.`,
		'',
		'## Goal',
		'',
		goals.join(' '),
		'',
		...verdict(s, results, transferBytes, inputBytes, controls),
		'',
		'## Results',
		'',
		...(v1Rows
			? [
					...mainTable(s, results, transferBytes),
					'',
					'Our node against the limit and against each recipe (wall time ratio; below 1 means ours is faster):',
					'',
					...ratioTable(s, results, transferBytes),
					'',
				]
			: []),
		'Where the time goes (seconds, from the stub\'s own request and download log set against n8n\'s execution start and stop; runs that produced every image or video):',
		'',
		...breakdownTable(s, results, transferBytes),
		'',
		...findings(s, results, profiled, shape),
		...v2Section(s, results, transferBytes),
		...videoSection(s, results, controls),
		...editSection(s, results, editSkipped, inputBytes),
		'## Set-up',
		'',
		`- Machine: ${m.cpus}, ${m.memory} RAM, ${m.os}; load average before the run ${m.loadBefore}${m.loadAfter ? `, after ${m.loadAfter}` : ''} (the machine is shared, so other work may have run alongside). The whole bench took ${sec(m.durationMs)} s.`,
		`- n8n ${m.n8n} on Node ${m.n8nNode} (scripts/n8n-runtime.sh), SQLite, binary data in filesystem mode; the stub and this driver on Node ${m.hostNode}.`,
		`- n8n-nodes-ideogram ${m.packageVersion}, built and packed from ${m.source}, installed the way n8n's Community Nodes installs a package.`,
		`- Contract stub (test/stub) as the official API: ${s.latencyMs} ms generation latency per request, ${s.maxInflight} images in flight per key (429 beyond, no Retry-After), result PNGs of ${(transferBytes / 1e6).toFixed(2)} MB served at ${(s.bandwidth / 1e6).toFixed(1)} MB/s per download connection. Real generation takes longer (seconds), which makes fixed overheads weigh less there than here. Version 2's jobs: pending for ${s.jobLatencyMs} ms, their images counted in flight until then; ${s.maxPollsPer10s} polls per 10 s (429 with Retry-After beyond).`,
		`- Physical limit = ceil(N × num_images / ${s.maxInflight}) × latency + one image's transfer time (${sec((transferBytes / s.bandwidth) * 1000)} s): generation waves back to back, and the last wave's downloads in parallel (the cap is per connection).`,
		'- Wall time: `stoppedAt − startedAt` of the execution n8n reports (`n8n execute --rawOutput`), which includes the trigger, a Set node with the prompts as literal JSON and Split Out (a few ms). One `n8n execute` process per run, so boot time is excluded and each run has its own memory figures.',
		'- Peak RSS: VmHWM of the n8n process over its whole life (boot included); "RSS at start → peak during run": VmRSS sampled every 20 ms from /proc/<pid>/status, the last sample before the execution started and the highest sample while it ran. The task runner (a separate process, used only by Code nodes) is not counted; none of these workflows starts it.',
		'- Failed items: N minus the images that reached the last node with binary data. 429s and max in flight: counted by the stub. n8n CPU: user + system time of the n8n process during the execution (/proc/<pid>/stat).',
		"- The breakdown sets the stub's timestamps against n8n's; both read the same system clock, to within about ±20 ms.",
		`- Each workflow ran ${s.repeat} time${s.repeat === 1 ? '' : 's'} (whole passes one after the other); the tables show the fastest run, with the others' wall times in parentheses.`,
		'- Our node: N items → Generate (num_images 1, Download Images on, every option at its default).',
		`- Recipe: HTTP Request 4.2 (POST /v1/ideogram-v3/generate, multipart form, Header Auth credential) → Split Out \`data\` → HTTP Request 4.2 (GET url, response format File). "Defaults": every setting as a user leaves it (all items at once, stop on the first error). "Careful": Batching ${s.careful.batchSize} items per ${s.careful.batchIntervalMs} ms (1.2 × latency, so a batch does not start before the previous one's answers are back) and Retry On Fail (${s.careful.maxTries} tries, ${s.careful.waitBetweenTriesMs} ms apart).`,
		'- Every request carries the same seed, so the stub serves one cached PNG instead of encoding 1.5 MB of noise per image (about 0.1 s of CPU each on this machine, on the cores n8n needs); n8n still receives and stores every image.',
		'',
	];
	return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------

async function editAvailable(n8n: N8nInstance): Promise<string | undefined> {
	const pkgDir = path.join(n8n.n8nFolder, 'nodes', 'node_modules', n8n.packageName!);
	try {
		const src = await fs.readFile(path.join(pkgDir, 'dist', 'nodes', 'Ideogram', 'resources', 'image', 'edit.js'), 'utf8');
		if (/value:\s*'edit'/.test(src)) return undefined;
	} catch {
		// not built
	}
	return "Not measured: the packed node has no Image → Edit operation yet (issue 3), so there is no edit run to measure.";
}

async function main(): Promise<void> {
	const s = parseArgs(process.argv.slice(2));
	const log = (msg: string) => process.stderr.write(`[bench] ${msg}\n`);
	const started = Date.now();

	log('ensuring the n8n runtime (the first run installs it: minutes)');
	const runtime = await ensureRuntime('modern');
	const stub = await startStub(s);
	let n8n: N8nInstance | undefined;
	let edit: EditInputs | undefined;
	try {
		n8n = await N8nInstance.create(runtime, { packageTarball: s.tarball });
		const pkg = JSON.parse(
			await fs.readFile(path.join(n8n.n8nFolder, 'nodes', 'node_modules', n8n.packageName!, 'package.json'), 'utf8'),
		) as { version: string };
		const m = machine(runtime, pkg.version);
		log(`n8n ${runtime.n8nVersion} on node ${runtime.nodeVersion}; stub at ${stub.baseUrl}; load ${m.loadBefore}`);

		const editSkipped = !s.variants.includes('edit')
			? 'Not measured in this run (not in --variants).'
			: s.editSizes.length
				? await editAvailable(n8n)
				: 'Not measured in this run (--edit-sizes none).';
		if (!editSkipped) edit = await prepareEditInputs(s);

		const plan: BenchWorkflow[] = [];
		for (const n of s.sizes) {
			if (s.variants.includes('node')) plan.push(nodeWorkflow(n8n.packageName!, n));
			if (s.variants.includes('recipeCareful')) plan.push(recipeWorkflow(stub.baseUrl, n, s.careful));
			if (s.variants.includes('recipeDefaults')) plan.push(recipeWorkflow(stub.baseUrl, n));
		}
		for (const n of s.v2Sizes) {
			if (s.variants.includes('nodeV2')) plan.push(nodeV2Workflow(n8n.packageName!, n));
			if (s.variants.includes('nodeV2Mapped')) plan.push(nodeV2Workflow(n8n.packageName!, n, false, true));
			if (s.variants.includes('nodeV2Collect')) plan.push(nodeV2Workflow(n8n.packageName!, n, true));
		}
		if (edit) for (const n of s.editSizes) plan.push(editWorkflow(n8n.packageName!, n, edit.imagePath, edit.maskUrl));
		if (s.variants.includes('video')) for (const n of s.videoSizes) plan.push(videoWorkflow(n8n.packageName!, n, s.videoBytes, 'video'));
		if (s.variants.includes('videoMemory')) {
			for (const n of s.videoMemorySizes) plan.push(videoWorkflow(n8n.packageName!, n, s.videoMemoryBytes, 'videoMemory'));
		}
		// Control: our node with Download Images off at the two largest N, to tell what the images
		// themselves cost in memory (run once; shown in the findings, not in the table). The same
		// for the video memory row at its largest N: Download Videos off.
		const controls = [
			...(s.variants.includes('node') ? [...s.sizes].sort((a, b) => a - b).slice(-2).map((n) => nodeWorkflow(n8n!.packageName!, n, true)) : []),
			...(s.variants.includes('videoMemory') && s.videoMemorySizes.length
				? [videoWorkflow(n8n.packageName!, Math.max(...s.videoMemorySizes), s.videoMemoryBytes, 'videoMemoryLinks')]
				: []),
		];

		await n8n.importCredentials([
			{
				...IDEOGRAM_CREDENTIAL,
				type: 'ideogramApi',
				data: { provider: 'ideogram', apiKey: API_KEY, baseUrl: stub.baseUrl },
			},
			{ ...HEADER_AUTH_CREDENTIAL, type: 'httpHeaderAuth', data: { name: 'Api-Key', value: API_KEY } },
		]);
		await n8n.importWorkflows([...plan, ...controls].map((w) => w.json));

		const extraEnv: NodeJS.ProcessEnv = edit ? { N8N_RESTRICT_FILE_ACCESS_TO: edit.dir } : {};
		// For investigating a run, e.g. BENCH_N8N_NODE_OPTIONS='--cpu-prof --cpu-prof-dir=/tmp/prof'.
		if (process.env.BENCH_N8N_NODE_OPTIONS) extraEnv.NODE_OPTIONS = process.env.BENCH_N8N_NODE_OPTIONS;
		const runLogged = async (wf: BenchWorkflow, label: string): Promise<RunResult> => {
			log(`${VARIANT_LABEL[wf.variant]}, N=${wf.n}${label} ...`);
			const r = await runOne(runtime, n8n!, stub, s, wf, extraEnv);
			log(
				`  ${r.status}: wall ${sec(r.wallMs)} s, ${r.imagesOut}/${wf.n} ${isVideoVariant(wf.variant) ? 'videos' : 'images'}, ${r.rejected429} 429s${r.polls ? ` (${r.polls429} on ${r.polls} polls)` : ''}, ` +
					`max in flight ${r.maxInflight}, peak RSS ${mb(r.peakRss)} MB, CPU ${sec(r.cpuMs)} s (process ${sec(r.processMs)} s)${r.error ? `; ${r.error.slice(0, 200)}` : ''}`,
			);
			return r;
		};
		// Whole passes one after the other, so a busy spell on the shared machine hits one pass of
		// everything rather than every repetition of one workflow.
		const best = new Map<string, RunResult>();
		const walls = new Map<string, number[]>();
		for (let pass = 1; pass <= s.repeat; pass++) {
			for (const wf of plan) {
				const r = await runLogged(wf, s.repeat > 1 ? ` (pass ${pass} of ${s.repeat})` : '');
				walls.set(wf.id, [...(walls.get(wf.id) ?? []), r.wallMs ?? NaN]);
				const prev = best.get(wf.id);
				if (!prev || (r.wallMs ?? Infinity) < (prev.wallMs ?? Infinity)) best.set(wf.id, r);
			}
		}
		const results = plan.map((wf) => ({ ...best.get(wf.id)!, wallRuns: walls.get(wf.id) }));
		const controlResults: RunResult[] = [];
		for (const wf of controls) controlResults.push(await runLogged(wf, ' (control)'));

		let profiled: Profiled | undefined;
		const nMax = Math.max(...s.sizes);
		const toProfile = plan.find((w) => w.variant === 'node' && w.n === nMax);
		if (s.profile && toProfile) {
			log(`our node, N=${nMax}, under the V8 profiler (explains the gap; not in the table) ...`);
			const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ideogram-bench-profile-'));
			try {
				const run = await runOne(runtime, n8n, stub, s, toProfile, { ...extraEnv, NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${dir}` });
				const file = (await fs.readdir(dir)).find((f) => f.endsWith('.cpuprofile') && f.includes(`.${run.pid}.`));
				profiled = {
					run,
					findings: file ? await analyseProfile(path.join(dir, file), n8n.packageName!, run.breakdown?.generationMs ?? 0) : undefined,
				};
				log(`  ${run.status}: wall ${sec(run.wallMs)} s; ${profiled.findings ? `RoutingNode loop ${sec(profiled.findings.routingLoopMs)} s` : 'no profile found'}`);
			} finally {
				await fs.rm(dir, { recursive: true, force: true });
			}
		}
		const shape = await nodeShape(s.builtNode);

		const transferBytes = imageTransferBytes(s, results);
		m.loadAfter = os.loadavg().map((l) => l.toFixed(2)).join(', ');
		m.durationMs = Date.now() - started;
		const inputBytes = edit ? (await fs.stat(edit.imagePath)).size : undefined;
		const text = report(s, m, results, transferBytes, editSkipped, inputBytes, profiled, shape, controlResults);
		await fs.mkdir(path.dirname(s.out), { recursive: true });
		const previous = await fs.readFile(s.out, 'utf8').catch(() => '');
		await fs.writeFile(s.out, carryQueueModeSection(text, previous), 'utf8');
		process.stdout.write(`${text}\n`);
		log(`wrote ${path.relative(process.cwd(), s.out) || s.out} in ${sec(Date.now() - started)} s`);
	} finally {
		if (edit) {
			edit.server.close();
			await fs.rm(edit.dir, { recursive: true, force: true });
		}
		await n8n?.dispose();
		stub.child.kill('SIGTERM');
	}
}

main().catch((e: unknown) => {
	process.stderr.write(`[bench] failed: ${(e as Error)?.stack ?? String(e)}\n`);
	process.exit(1);
});
