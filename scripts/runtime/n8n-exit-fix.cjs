/**
 * Preloaded into n8n CLI processes (`node --require <this file> .../n8n/bin/n8n ...`).
 *
 * n8n 2.x evaluates expressions in isolated-vm isolates (N8N_EXPRESSION_ENGINE=vm, the default).
 * Its one-shot commands (execute, execute-batch, import:*, ...) end in BaseCommand.finally(),
 * which calls process.exit() without Expression.disposeExpressionEngine(). With isolates still
 * alive, n8n 2.41.1 on Node 24 then dies with SIGSEGV in about half of the runs, after it has
 * printed its output. Disposing the engine first is not always enough: a workflow whose
 * sub-workflow fails can leave an acquired isolate behind that the engine no longer tracks.
 *
 * And isolate.dispose() itself only starts the teardown, which isolated-vm finishes on its own
 * threads; exiting meanwhile crashes as well.
 *
 * So this file (1) remembers every isolated-vm Isolate the process creates (weakly), and
 * (2) wraps process.exit: dispose the expression engine (bounded by a timeout), dispose any
 * isolate still alive, wait a moment, then exit with the requested code. While that runs,
 * process.exit returns to its caller; a second call exits at once.
 *
 * It changes nothing in processes that never create an isolate (n8n 1.x with
 * N8N_EXPRESSION_ENGINE=legacy, or any other program).
 */
'use strict';
const fs = require('fs');
const path = require('path');
const Module = require('module');

const DISPOSE_TIMEOUT_MS = 10_000;
/**
 * isolate.dispose() returns before the isolate is gone: isolated-vm destroys its environment on
 * one of its own threads afterwards. Exiting in the middle of that crashes too (seen in gdb:
 * ivm::IsolateEnvironment::~IsolateEnvironment on a worker thread while the main thread runs
 * node's exit handlers), so give those threads a moment after disposing.
 */
const SETTLE_MS = 250;

/** WeakRefs to every Isolate created; pruned as it grows so `n8n start` does not accumulate. */
const isolates = new Set();
let isolateCount = 0;

function track(isolate) {
	isolates.add(new WeakRef(isolate));
	if (++isolateCount % 64 === 0) {
		for (const ref of isolates) {
			const i = ref.deref();
			if (!i || i.isDisposed) isolates.delete(ref);
		}
	}
}

/**
 * isolated-vm's exports are a native object whose properties cannot be reassigned, so callers
 * get a proxy of it whose `Isolate` constructs the real class and records the instance.
 */
let ivmProxy;
function trackingIsolatedVm(ivm) {
	if (!ivm || typeof ivm.Isolate !== 'function') return ivm;
	if (ivmProxy && ivmProxy.target === ivm) return ivmProxy.proxy;
	const TrackedIsolate = new Proxy(ivm.Isolate, {
		construct(target, args) {
			const isolate = Reflect.construct(target, args, target);
			track(isolate);
			return isolate;
		},
	});
	const proxy = new Proxy(ivm, {
		get(target, prop) {
			return prop === 'Isolate' ? TrackedIsolate : Reflect.get(target, prop, target);
		},
	});
	ivmProxy = { target: ivm, proxy };
	return proxy;
}

const originalLoad = Module._load;
Module._load = function loadAndTrack(request, ...rest) {
	const exported = originalLoad.call(this, request, ...rest);
	return request === 'isolated-vm' ? trackingIsolatedVm(exported) : exported;
};

function loadedExpressionClass() {
	try {
		const entry = process.argv[1] && fs.realpathSync(process.argv[1]);
		if (!entry) return undefined;
		const resolved = require.resolve('n8n-workflow', { paths: [path.dirname(entry)] });
		// Only if n8n itself loaded it; never load n8n-workflow just to look.
		if (!require.cache[resolved]) return undefined;
		return require(resolved).Expression;
	} catch {
		return undefined;
	}
}

function disposeLiveIsolates() {
	for (const ref of isolates) {
		const isolate = ref.deref();
		try {
			if (isolate && !isolate.isDisposed) isolate.dispose();
		} catch {
			// already being torn down
		}
	}
	isolates.clear();
}

const realExit = process.exit;
let exiting = false;

process.exit = function exitAfterDisposingIsolates(code) {
	if (exiting) return realExit.call(process, code);
	const Expression = loadedExpressionClass();
	const engineStarted = Boolean(Expression && Expression.vmEvaluator);
	if (!engineStarted && isolateCount === 0) return realExit.call(process, code);
	exiting = true;
	const exitCode = code === undefined ? process.exitCode : code;
	const debug = (msg) => process.env.N8N_EXIT_FIX_DEBUG && process.stderr.write(`[n8n-exit-fix] ${msg}\n`);
	debug(`exit(${code}): expression engine ${engineStarted ? 'running' : 'not running'}, ${isolateCount} isolates created`);
	const settleAndExit = () => {
		let live = 0;
		for (const ref of isolates) if (ref.deref() && !ref.deref().isDisposed) live++;
		debug(`${live} isolates still alive after the engine's dispose; disposing them, exiting in ${SETTLE_MS} ms`);
		disposeLiveIsolates();
		setTimeout(() => realExit.call(process, exitCode), SETTLE_MS);
	};
	setTimeout(() => realExit.call(process, exitCode), DISPOSE_TIMEOUT_MS).unref();
	Promise.resolve()
		.then(() => (engineStarted ? Expression.disposeExpressionEngine() : undefined))
		.catch(() => undefined)
		.then(settleAndExit);
	return undefined;
};
