// The two lint legs of n8n's verification scan (@n8n/scan-community-package), run with the
// scanner's own code: its ESLint config (buildScanConfig), its file patterns, its package-root
// lookup and its verdict (analyzePackage). Only the network steps of analyzePackageByName
// (registry download, provenance, GitHub source download) are left out; scripts/scan.sh prepares
// locally what they would fetch.
//
//   node scripts/scan/lint-legs.mjs <scanner install dir> <source checkout> <unpacked tarball>
//
// analyzePackage only reports errors, and only when there are some; this script also lints with
// the very same settings to count and print warnings, because the project requires 0 problems.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [scannerDir, sourceDir, packageDir] = process.argv.slice(2);
if (!scannerDir || !sourceDir || !packageDir) {
	console.error('usage: node scripts/scan/lint-legs.mjs <scanner install dir> <source checkout> <unpacked tarball>');
	process.exit(2);
}

const scannerFile = path.join(scannerDir, 'node_modules', '@n8n', 'scan-community-package', 'scanner', 'scanner.mjs');
const scanner = await import(pathToFileURL(scannerFile).href);
// The ESLint and fast-glob the scanner itself resolves, not whatever this repository has.
const requireFromScanner = createRequire(scannerFile);
const { ESLint } = requireFromScanner('eslint');
const glob = requireFromScanner('fast-glob');
const scannerVersion = JSON.parse(readFileSync(path.join(path.dirname(scannerFile), '..', 'package.json'), 'utf8')).version;

const packageName = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8')).name;
const sourceRoot = scanner.findPackageRoot(sourceDir, packageName);
if (!sourceRoot) {
	console.error(`scan: no package.json named ${packageName} in the source checkout`);
	process.exit(1);
}

// The same two calls analyzePackageByName makes after its downloads (scanner.mjs, 0.32.0).
const legs = [
	{ name: 'source checkout', dir: sourceRoot, patterns: scanner.SOURCE_FILE_PATTERNS },
	{ name: 'published package', dir: packageDir, patterns: ['**/*.js', 'package.json'] },
];

let failed = false;
for (const leg of legs) {
	// What analyzePackage does, kept to the letter so that the counts below are the scanner's.
	const eslint = new ESLint({
		cwd: leg.dir,
		allowInlineConfig: false,
		overrideConfigFile: true,
		overrideConfig: await scanner.buildScanConfig(),
	});
	const files = glob.sync(leg.patterns, {
		cwd: leg.dir,
		absolute: true,
		ignore: ['node_modules/**', '**/package-lock.json'],
	});
	const results = await eslint.lintFiles(files);
	const errors = results.reduce((n, r) => n + r.errorCount, 0);
	const warnings = results.reduce((n, r) => n + r.warningCount, 0);
	const verdict = await scanner.analyzePackage(leg.dir, leg.patterns);

	console.log(`scan ${scannerVersion}, ${leg.name}: ${files.length} files, ${errors} errors, ${warnings} warnings; scanner verdict: ${verdict.passed ? 'passed' : `FAILED (${verdict.message})`}`);
	if (errors + warnings > 0) {
		const formatter = await eslint.loadFormatter('stylish');
		console.log(await formatter.format(results));
	}
	if (files.length === 0 || errors + warnings > 0 || !verdict.passed) failed = true;
}
process.exit(failed ? 1 : 0);
