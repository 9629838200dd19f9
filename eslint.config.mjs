import { config } from '@n8n/node-cli/eslint';

export default [
	...config,
	{
		// Tests, the contract stub and dev scripts run on the developer's machine, never inside n8n:
		// n8n Cloud's sandbox rules (no timers, no process, no console) do not apply to them.
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
	{ ignores: ['dist/**', 'node_modules/**', 'gulpfile.js', 'jest.config.js'] },
];
