/**
 * jest globalSetup for the real-n8n suite: `npm pack` the built package once, into a temp folder,
 * and hand its path to the test files in IDEOGRAM_E2E_TARBALL. Set IDEOGRAM_E2E_TARBALL yourself
 * to test another tarball (e.g. one downloaded from the registry) instead of the working tree.
 */
/* eslint-disable @n8n/community-nodes/no-dangerous-functions -- test tooling: runs npm pack */
import { execFile } from 'child_process';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

function run(cmd: string, args: string[], cwd: string): Promise<string> {
	return new Promise((resolve, reject) => {
		execFile(cmd, args, { cwd, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
			if (err) reject(new Error(`${cmd} ${args.join(' ')} failed: ${err.message}\n${stderr}`));
			else resolve(stdout);
		});
	});
}

export default async function globalSetup(): Promise<void> {
	if (process.env.IDEOGRAM_E2E_TARBALL) {
		await fs.access(process.env.IDEOGRAM_E2E_TARBALL);
		return;
	}
	const pkg = JSON.parse(await fs.readFile(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
		main: string;
		n8n: { nodes: string[]; credentials: string[] };
	};
	for (const file of [pkg.main, ...pkg.n8n.nodes, ...pkg.n8n.credentials]) {
		try {
			await fs.access(path.join(REPO_ROOT, file));
		} catch {
			throw new Error(`${file} is missing: build the package first (npm run build; npm test does it)`);
		}
	}
	const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ideogram-e2e-pack-'));
	const out = await run('npm', ['pack', '--json', '--silent', '--pack-destination', dir], REPO_ROOT);
	const [{ filename }] = JSON.parse(out.slice(out.indexOf('['))) as Array<{ filename: string }>;
	process.env.IDEOGRAM_E2E_TARBALL = path.join(dir, path.basename(filename));
	process.env.IDEOGRAM_E2E_PACK_DIR = dir;
	await fs.access(process.env.IDEOGRAM_E2E_TARBALL);
}
