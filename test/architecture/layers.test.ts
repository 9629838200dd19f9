/**
 * The layer rule of ARCHITECTURE.md, read from the shipped source's own imports, so that a change
 * which breaks it fails CI instead of quietly making the house harder to walk through:
 *
 * - every folder of nodes/Ideogram is a layer, and imports only from its own layer or lower ones
 *   (LAYERS, lowest first); description/ and resources/ therefore never import runtime code, and
 *   the runtime never imports resources/ (Ideogram.node.ts hands it the operation lookup);
 * - a resource imports no other resource's folder: what several share lives in resources/common/;
 * - there is no import cycle anywhere (type-only imports count too: a cycle of types is still a
 *   knot a reader has to untie);
 * - nothing shipped reads an environment variable (n8n's verification rules forbid it).
 */
import { readdirSync, readFileSync, statSync } from 'fs';
import { dirname, join, normalize, relative } from 'path';

const ROOT = join(__dirname, '..', '..');
const NODE = 'nodes/Ideogram';

/** Lowest first. A file may import from its own layer and the layers before it. */
const LAYERS = [
	'versions.ts',
	'description',
	'resources',
	'errors',
	'limits',
	'transport',
	'input',
	'billing',
	'output',
	// The Ideogram Trigger's verification and files (nodes/IdeogramTrigger composes them).
	'webhooks',
	'runtime',
	'Ideogram.node.ts',
] as const;

function sourceFiles(dir: string): string[] {
	return readdirSync(join(ROOT, dir)).flatMap((name) => {
		const path = `${dir}/${name}`;
		if (statSync(join(ROOT, path)).isDirectory()) return sourceFiles(path);
		return path.endsWith('.ts') ? [path] : [];
	});
}

const files = [...sourceFiles('nodes'), ...sourceFiles('credentials'), 'index.ts'];
const known = new Set(files);

/** Every relative import of a file, resolved to the file it names. */
function importsOf(file: string): string[] {
	const text = readFileSync(join(ROOT, file), 'utf8');
	const specs = [...text.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => m[1]);
	return specs.map((spec) => {
		const base = normalize(join(dirname(file), spec)).replace(/\\/g, '/');
		const target = [`${base}.ts`, `${base}/index.ts`, base].find((c) => known.has(c));
		if (!target) throw new Error(`${file} imports ${spec}, which is not a source file of the package`);
		return target;
	});
}

const graph = new Map(files.map((file) => [file, importsOf(file)]));

/** The layer a file of nodes/Ideogram belongs to, by its first path segment there. */
function layerOf(file: string): number | undefined {
	if (!file.startsWith(`${NODE}/`)) return undefined;
	const first = relative(NODE, file).split('/')[0];
	const at = LAYERS.indexOf(first as (typeof LAYERS)[number]);
	if (at < 0) throw new Error(`${file} is in no layer: add its folder to LAYERS (and to ARCHITECTURE.md)`);
	return at;
}

const resourceFolder = (file: string) => (file.startsWith(`${NODE}/resources/`) ? relative(`${NODE}/resources`, file).split('/') : undefined);

test('each layer imports only from itself and the layers below it', () => {
	const wrong: string[] = [];
	for (const [file, targets] of graph) {
		const from = layerOf(file);
		for (const target of targets) {
			const to = layerOf(target);
			if (from !== undefined && to !== undefined && to > from) wrong.push(`${file} (${LAYERS[from]}) imports ${target} (${LAYERS[to]}, a higher layer)`);
		}
	}
	expect(wrong).toEqual([]);
});

test('the runtime never imports resources/ (the node hands it the operation lookup)', () => {
	const runtime = LAYERS.slice(LAYERS.indexOf('resources') + 1, -1) as readonly string[];
	const wrong = [...graph]
		.filter(([file]) => runtime.includes(relative(NODE, file).split('/')[0]))
		.flatMap(([file, targets]) => targets.filter((t) => t.startsWith(`${NODE}/resources/`)).map((t) => `${file} imports ${t}`));
	expect(wrong).toEqual([]);
});

test('credentials import only the description', () => {
	const wrong = files
		.filter((f) => f.startsWith('credentials/'))
		.flatMap((file) => graph.get(file)!.filter((t) => !t.startsWith(`${NODE}/description/`)).map((t) => `${file} imports ${t}`));
	expect(wrong).toEqual([]);
});

test('no resource imports another resource’s folder (shared pieces live in resources/common)', () => {
	const wrong: string[] = [];
	for (const [file, targets] of graph) {
		const mine = resourceFolder(file);
		// resources/index.ts is the one table of all resources.
		if (!mine || mine.length === 1) continue;
		for (const target of targets) {
			const theirs = resourceFolder(target);
			if (theirs && theirs.length > 1 && theirs[0] !== mine[0] && theirs[0] !== 'common') wrong.push(`${file} imports ${target}`);
			if (theirs && theirs.length === 1) wrong.push(`${file} imports the resource table ${target}`);
		}
	}
	expect(wrong).toEqual([]);
});

test('there is no import cycle', () => {
	const cycles: string[] = [];
	const state = new Map<string, 'open' | 'done'>();
	const stack: string[] = [];
	const visit = (file: string) => {
		state.set(file, 'open');
		stack.push(file);
		for (const target of graph.get(file) ?? []) {
			if (state.get(target) === 'open') cycles.push([...stack.slice(stack.indexOf(target)), target].join(' → '));
			else if (!state.has(target)) visit(target);
		}
		stack.pop();
		state.set(file, 'done');
	};
	for (const file of files) if (!state.has(file)) visit(file);
	expect(cycles).toEqual([]);
});

test('nothing shipped reads an environment variable', () => {
	const readers = files.filter((file) => /process\.env|\$env\b|evaluateExpression\([^)]*env/.test(readFileSync(join(ROOT, file), 'utf8')));
	expect(readers).toEqual([]);
});

test('the checks above see the whole package (a broken reader would pass everything)', () => {
	expect(files).toContain(`${NODE}/Ideogram.node.ts`);
	expect(graph.get(`${NODE}/Ideogram.node.ts`)!.length).toBeGreaterThan(2);
	expect([...graph.values()].flat().length).toBeGreaterThan(files.length);
});
