/**
 * One `n8n execute` with its memory watched: the same command N8nInstance.execute runs, spawned
 * here so the n8n process's pid is known and /proc/<pid>/status can be sampled while it runs.
 */
import { spawn } from 'child_process';
import { promises as fs } from 'fs';

import { EXIT_FIX_PRELOAD, freePort, parseExecuteOutput, type Runtime } from '../test/e2e/runtime';

export interface RssSample {
	/** Epoch ms. */
	t: number;
	/** VmRSS, bytes. */
	rss: number;
	/** CPU time the process has used so far (user + system), ms. */
	cpuMs?: number;
}

export interface MeasuredExecution {
	pid?: number;
	exitCode: number;
	stdout: string;
	stderr: string;
	/** The run data n8n printed (IRun), or undefined when it printed none. */
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	output: any;
	/** Whole process, boot to exit. */
	processMs: number;
	/** VmHWM at the last sample: the process's peak resident memory, bytes (undefined off Linux). */
	peakRss?: number;
	samples: RssSample[];
}

const SAMPLE_EVERY_MS = 20;

/** Clock ticks per second of /proc/<pid>/stat; 100 on every Linux n8n runs on. */
const CLOCK_TICKS = 100;

async function readStatus(pid: number): Promise<{ rss: number; hwm: number; cpuMs?: number } | undefined> {
	let text: string;
	let stat: string | undefined;
	try {
		[text, stat] = await Promise.all([
			fs.readFile(`/proc/${pid}/status`, 'utf8'),
			fs.readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined),
		]);
	} catch {
		return undefined; // gone, or no procfs
	}
	let cpuMs: number | undefined;
	if (stat) {
		// Fields after the command name (which may contain spaces): state is field 3, utime 14, stime 15.
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		const ticks = Number(fields[11]) + Number(fields[12]);
		if (Number.isFinite(ticks)) cpuMs = (ticks * 1000) / CLOCK_TICKS;
	}
	const kb = (name: string) => {
		const m = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text);
		return m ? Number(m[1]) * 1024 : undefined;
	};
	const rss = kb('VmRSS');
	const hwm = kb('VmHWM');
	return rss === undefined || hwm === undefined ? undefined : { rss, hwm, cpuMs };
}

/** `n8n execute --id=<id> --rawOutput` in the instance's user folder, sampling the process's memory. */
export async function executeMeasured(
	runtime: Runtime,
	userFolder: string,
	workflowId: string,
	opts: { extraEnv?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<MeasuredExecution> {
	const env = { ...runtime.env(userFolder), ...opts.extraEnv };
	env.N8N_RUNNERS_BROKER_PORT = String(await freePort());
	const started = Date.now();
	// The same preload N8nInstance uses: n8n 2.x's CLI can crash on exit without it.
	const args = ['--require', EXIT_FIX_PRELOAD, runtime.n8nBin, 'execute', `--id=${workflowId}`, '--rawOutput'];
	// eslint-disable-next-line @n8n/community-nodes/no-dangerous-functions -- a benchmark drives n8n as a real process
	const child = spawn(runtime.nodeBin, args, {
		cwd: userFolder,
		env,
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true,
	});
	const pid = child.pid;
	const samples: RssSample[] = [];
	let peakRss: number | undefined;
	let sampling = false;
	const timer = setInterval(() => {
		if (sampling || pid === undefined) return;
		sampling = true;
		void readStatus(pid).then((s) => {
			sampling = false;
			if (!s) return;
			samples.push({ t: Date.now(), rss: s.rss, cpuMs: s.cpuMs });
			peakRss = Math.max(peakRss ?? 0, s.hwm);
		});
	}, SAMPLE_EVERY_MS);

	let stdout = '';
	let stderr = '';
	child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
	child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
	const killer = setTimeout(() => killGroup(pid), opts.timeoutMs ?? 600_000);
	const exitCode = await new Promise<number>((resolve, reject) => {
		child.on('error', reject);
		child.on('close', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
	});
	clearTimeout(killer);
	clearInterval(timer);
	// The task runner is n8n's child: nothing of this call may outlive it.
	killGroup(pid);
	return {
		pid,
		exitCode,
		stdout,
		stderr,
		output: parseExecuteOutput(stdout),
		processMs: Date.now() - started,
		peakRss,
		samples,
	};
}

function killGroup(pid: number | undefined): void {
	if (pid === undefined) return;
	try {
		process.kill(-pid, 'SIGKILL');
	} catch {
		// already gone
	}
}

/**
 * The highest sampled RSS within [from, to] (epoch ms), the last sample before `from`, and the CPU
 * time used between the last sample before `from` and the last sample up to `to`.
 */
export function rssWindow(
	samples: RssSample[],
	from: number,
	to: number,
): { before?: number; peak?: number; cpuMs?: number } {
	let before: RssSample | undefined;
	let last: RssSample | undefined;
	let peak: number | undefined;
	for (const s of samples) {
		if (s.t < from) before = s;
		else if (s.t <= to) {
			peak = Math.max(peak ?? 0, s.rss);
			last = s;
		}
	}
	const cpuMs = before?.cpuMs !== undefined && last?.cpuMs !== undefined ? last.cpuMs - before.cpuMs : undefined;
	return { before: before?.rss, peak, cpuMs };
}
