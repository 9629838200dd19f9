// n8n's community-node lint, assembled from the same plugins and rule sets as @n8n/node-cli's
// config (dist/configs/eslint.js in 0.48): @eslint/js and typescript-eslint recommended, the
// community-nodes plugin's `recommended` (the rules n8n's verification scan runs), and the
// eslint-plugin-n8n-nodes-base community, credentials and nodes rule sets with node-cli's
// exceptions. Left out: node-cli's import-x rules, whose TypeScript resolver needs native
// packages this project's registry does not carry for every platform (npm ci then refuses the
// lock file). `npm run scan` (scripts/scan.sh) runs node-cli's own config, import-x included,
// from an install outside the repository, over the shipped sources.
// package.json has "n8n": { "strict": true }. In node-cli 0.48 that adds no rules: `n8n-node lint`
// then only insists that eslint.config.mjs is node-cli's two-line template, i.e. its default
// (n8n Cloud) config, which is what scripts/scan.sh lints the shipped code with. This file stays
// a copy so that tests, bench and scripts can be linted too, with the relaxations below.
import js from '@eslint/js';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';
import tseslint from 'typescript-eslint';

export default tseslint.config(
	{ ignores: ['dist/**', 'node_modules/**', 'gulpfile.js', 'jest.config.js', 'jest.e2e.config.js'] },
	{
		files: ['**/*.ts'],
		extends: [js.configs.recommended, tseslint.configs.recommended, n8nCommunityNodesPlugin.configs.recommended],
		rules: { 'prefer-spread': 'off', 'no-console': 'error' },
	},
	{ plugins: { 'n8n-nodes-base': n8nNodesBase } },
	{
		files: ['package.json'],
		extends: [n8nCommunityNodesPlugin.configs.recommended],
		rules: { ...n8nNodesBase.configs.community.rules },
		languageOptions: { parser: tseslint.parser, parserOptions: { extraFileExtensions: ['.json'] } },
	},
	{
		files: ['./credentials/**/*.ts'],
		rules: {
			...n8nNodesBase.configs.credentials.rules,
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
			'n8n-nodes-base/cred-class-field-type-options-password-missing': 'off',
		},
	},
	{
		files: ['./nodes/**/*.ts'],
		rules: {
			...n8nNodesBase.configs.nodes.rules,
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
			'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
		},
	},
	{
		// Tests, the contract stub, the benchmark and dev scripts run on a developer's machine, never
		// inside n8n: n8n Cloud's sandbox rules (no timers, no process, no console) do not apply.
		files: ['test/**/*.ts', 'scripts/**/*.ts', 'bench/**/*.ts'],
		rules: {
			'@n8n/community-nodes/no-restricted-globals': 'off',
			'@n8n/community-nodes/no-restricted-imports': 'off',
			'@n8n/community-nodes/require-node-api-error': 'off',
			// Tests use made-up keys against the local stub; the rule stays on for shipped code.
			'@n8n/community-nodes/no-hardcoded-secrets': 'off',
			'no-console': 'off',
		},
	},
);
