#!/usr/bin/env bash
# The whole test suite, on a fresh clone as on a working copy: installs what is missing, builds,
# type-checks, runs the unit and in-process suites (n8n-core's engine against the contract stub),
# then the end-to-end suite in a real n8n (installed once into a cache outside the repo).
# Set IDEOGRAM_SKIP_E2E=1 to leave out the real-n8n suite while iterating.
set -euo pipefail
cd "$(dirname "$0")/.."

[ -d node_modules/n8n-core ] || npm ci
npm run --silent build
npx tsc --noEmit -p tsconfig.test.json

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT
status=0
npx jest --json --outputFile="$results/unit.json" || status=$?
if [ "${IDEOGRAM_SKIP_E2E:-}" != "1" ] && [ -f jest.e2e.config.js ]; then
	npx jest -c jest.e2e.config.js --json --outputFile="$results/e2e.json" || status=$?
fi

# One plain closing line over every suite that ran (jest prints one summary per run).
node -e '
	const fs = require("fs"); let p = 0, f = 0, s = 0;
	for (const file of fs.readdirSync(process.argv[1])) {
		const r = JSON.parse(fs.readFileSync(process.argv[1] + "/" + file, "utf8"));
		p += r.numPassedTests; f += r.numFailedTests + r.numRuntimeErrorTestSuites; s += r.numPendingTests;
	}
	console.log(`tests: ${p} passed, ${f} failed, ${s} skipped`);
' "$results"
exit $status
