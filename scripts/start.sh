#!/usr/bin/env bash
# npm start: a real n8n at http://localhost:5678 with this package loaded, a local Ideogram stub,
# a "Local Ideogram stub" credential and the example workflows, so the node can be tried without
# an API key. Works on a fresh clone: installs the dependencies if missing, builds, packs, and
# installs the pinned n8n runtime on first use (several minutes, once). Ctrl-C stops everything.
#
#   npm start                 # or: bash scripts/start.sh
#   npm start -- --check      # set up, run the examples once with the n8n CLI, report, exit
#
# Settings (environment): IDEOGRAM_DEMO_PORT (5678), IDEOGRAM_DEMO_STUB_PORT (5690),
# IDEOGRAM_DEMO_DIR (~/.cache/n8n-nodes-ideogram/demo: n8n's data, the example files),
# IDEOGRAM_DEMO_LISTEN_ADDRESS (127.0.0.1).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules/n8n-core ] || [ ! -f node_modules/tsx/dist/cli.mjs ]; then
	echo "[demo] installing dependencies (npm ci)" >&2
	npm ci --no-audit --no-fund
fi
echo "[demo] building" >&2
npm run --silent build

# exec, and tsx as a loader rather than its CLI (which runs the script in a child): one process,
# so Ctrl-C and kill reach the demo itself, which stops n8n and the stub. (npm does not pass a
# SIGTERM on to its script; the demo also stops when its parent goes away.)
exec node --import tsx scripts/demo/demo.ts "$@"
