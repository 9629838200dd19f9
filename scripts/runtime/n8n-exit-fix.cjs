/**
 * Preloaded into n8n CLI processes (`node --require <this file> .../n8n/bin/n8n ...`).
 *
 * n8n 2.x evaluates expressions in isolated-vm isolates (N8N_EXPRESSION_ENGINE=vm, the default).
 * Its one-shot commands (execute, execute-batch, import:*, ...) end in BaseCommand.finally(),
 * which calls process.exit() without Expression.disposeExpressionEngine(); with isolates still
 * alive, n8n 2.41.1 on Node 24 then dies with SIGSEGV in about half of the runs, after it has
 * printed its output. This wraps process.exit so that the engine is disposed first (bounded by
 * a timeout). It does nothing in processes without a started vm engine (e.g. n8n 1.x run with
 * N8N_EXPRESSION_ENGINE=legacy, or any other program).
 */
'use strict';
const fs = require('fs');
const path = require('path');

const DISPOSE_TIMEOUT_MS = 10_000;
const realExit = process.exit;
let exiting = false;

function startedExpressionClass() {
	try {
		const entry = process.argv[1] && fs.realpathSync(process.argv[1]);
		if (!entry) return undefined;
		const resolved = require.resolve('n8n-workflow', { paths: [path.dirname(entry)] });
		// Only if n8n itself loaded it; never load n8n-workflow just to look.
		if (!require.cache[resolved]) return undefined;
		const { Expression } = require(resolved);
		return Expression && Expression.vmEvaluator ? Expression : undefined;
	} catch {
		return undefined;
	}
}

process.exit = function exitAfterDisposingExpressionEngine(code) {
	const Expression = exiting ? undefined : startedExpressionClass();
	if (!Expression) return realExit.call(process, code);
	exiting = true;
	const exitCode = code === undefined ? process.exitCode : code;
	const done = () => realExit.call(process, exitCode);
	setTimeout(done, DISPOSE_TIMEOUT_MS).unref();
	Promise.resolve()
		.then(() => Expression.disposeExpressionEngine())
		.catch(() => undefined)
		.then(done);
	return undefined;
};
