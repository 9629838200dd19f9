/**
 * The real-n8n suite (test/e2e): the packed package installed into a real n8n, workflows run
 * through n8n's own CLI. `npm test` runs it after the unit and in-process suites; alone:
 *   npx jest -c jest.e2e.config.js                  # both runtimes
 *   npx jest -c jest.e2e.config.js modern           # one file
 * The first run installs the pinned n8n runtimes into ~/.cache/n8n-nodes-ideogram (minutes).
 * @type {import('jest').Config}
 */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.e2e.test.ts', '**/runtime-smoke.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false, tsconfig: { isolatedModules: true, esModuleInterop: true, module: 'commonjs', target: 'es2022' } }] },
	// The coverage test loads the node from the package as installed in n8n's user folder, outside
	// this repository: its n8n-workflow import resolves here.
	modulePaths: ['<rootDir>/node_modules'],
	// Packs the built package once for every file (npm pack into a temp folder).
	globalSetup: '<rootDir>/test/e2e/support/global-setup.ts',
	globalTeardown: '<rootDir>/test/e2e/support/global-teardown.ts',
	// n8n processes are heavy (two cores in CI): one file at a time.
	maxWorkers: 1,
	// A runtime that is not installed yet takes minutes to install inside the first hook.
	testTimeout: 30 * 60_000,
	slowTestThreshold: 120,
};
