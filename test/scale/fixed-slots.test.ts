/**
 * The queue-mode comparison's "adaptation off" switch (fixed-slots.cjs) reaches the package's
 * image slots as n8n would load them (compiled, by require) and nothing else: if the module or
 * its `adaptation` setting were renamed, the comparison would silently measure adaptation on twice.
 */
/* eslint-disable @n8n/community-nodes/no-dangerous-functions -- test tooling: a fresh node process loads the module as n8n would */
import { spawnSync } from 'child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import * as ts from 'typescript';

const ROOT = join(__dirname, '..', '..');
let dir: string;

beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), 'fixed-slots-'));
	const source = readFileSync(join(ROOT, 'nodes/Ideogram/limits/imageSlots.ts'), 'utf8');
	const { outputText } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } });
	mkdirSync(join(dir, 'nodes/Ideogram/limits'), { recursive: true });
	writeFileSync(join(dir, 'nodes/Ideogram/limits/imageSlots.js'), outputText);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What a fresh node process sees of the compiled module, with or without the preload. */
function adaptationSeen(preload: boolean): { on: boolean; capAfter429: number } {
	const script = `
		const { adaptation, slotsFor } = require(${JSON.stringify(join(dir, 'nodes/Ideogram/limits/imageSlots.js'))});
		const slots = slotsFor('key', 10, adaptation.on);
		slots.throttled(slots.epoch, undefined);
		process.stdout.write(JSON.stringify({ on: adaptation.on, capAfter429: slots.cap }));`;
	const args = [...(preload ? ['--require', join(__dirname, 'fixed-slots.cjs')] : []), '-e', script];
	const run = spawnSync(process.execPath, args, { env: { ...process.env, NODE_PATH: join(ROOT, 'node_modules') }, encoding: 'utf8' });
	if (run.status !== 0) throw new Error(run.stderr);
	return JSON.parse(run.stdout);
}

test('without the preload the pools adapt: a 429 cuts the cap', () => {
	expect(adaptationSeen(false)).toEqual({ on: true, capAfter429: 7 });
});

test('with the preload the pools keep their cap through a 429', () => {
	expect(adaptationSeen(true)).toEqual({ on: false, capAfter429: 10 });
});
