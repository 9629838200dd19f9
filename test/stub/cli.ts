/**
 * Runs the stub as a process for clients in other processes (e.g. a real n8n):
 *   npx tsx test/stub/cli.ts --personality official --key KEY [--port 0] [--host 127.0.0.1]
 *     [--latency MS] [--max-inflight N] [--image-bytes N] [--bandwidth BYTES_PER_SEC] [--retry-after SECONDS]
 *     [--job-latency MS] [--max-polls-per-10s N]
 * Prints one JSON line {"baseUrl","imageOrigin","controlUrl","port"} once listening.
 */
import { startStub, type Personality, type StubOptions } from './ideogram-stub';

const FLAGS: Record<string, keyof StubOptions> = {
	'--personality': 'personality',
	'--key': 'apiKey',
	'--port': 'port',
	'--host': 'host',
	'--latency': 'latencyMs',
	'--max-inflight': 'maxInflightImages',
	'--image-bytes': 'imageBytes',
	'--bandwidth': 'bandwidthBytesPerSec',
	'--retry-after': 'retryAfterSeconds',
	'--job-latency': 'jobLatencyMs',
	'--max-polls-per-10s': 'maxPollsPer10s',
};

export function parseArgs(argv: string[]): StubOptions {
	const opts: Record<string, unknown> = {};
	for (let i = 0; i < argv.length; i++) {
		const [flag, inline] = argv[i].split(/=(.*)/s, 2);
		const key = FLAGS[flag];
		if (!key) throw new Error(`unknown flag ${argv[i]}`);
		const value = inline ?? argv[++i];
		if (value === undefined) throw new Error(`${flag} needs a value`);
		if (key === 'personality') {
			if (!['official', 'cometapi', 'kkiai'].includes(value)) throw new Error(`bad --personality ${value}`);
			opts[key] = value as Personality;
		} else if (key === 'apiKey' || key === 'host') {
			opts[key] = value;
		} else {
			const n = Number(value);
			if (!Number.isFinite(n) || n < 0) throw new Error(`${flag} must be a non-negative number, got ${value}`);
			opts[key] = n;
		}
	}
	if (typeof opts.apiKey !== 'string' || !opts.apiKey) throw new Error('--key is required');
	return opts as unknown as StubOptions;
}

async function main(): Promise<void> {
	let opts: StubOptions;
	try {
		opts = parseArgs(process.argv.slice(2));
	} catch (e) {
		process.stderr.write(`${(e as Error).message}\n`);
		process.exit(2);
	}
	const stub = await startStub(opts);
	process.stdout.write(
		`${JSON.stringify({ baseUrl: stub.baseUrl, imageOrigin: stub.imageOrigin, controlUrl: stub.controlUrl, port: stub.port })}\n`,
	);
	let stopping = false;
	const stop = () => {
		if (stopping) return;
		stopping = true;
		stub.close().then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

if (require.main === module) {
	main().catch((e: unknown) => {
		process.stderr.write(`${(e as Error)?.stack ?? String(e)}\n`);
		process.exit(1);
	});
}
