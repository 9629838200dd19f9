#!/usr/bin/env bash
# Proves the repository stands alone: clones the committed HEAD into an empty folder (no ../shared
# or anything else beside it, as a clone from GitHub is), installs it with `npm ci` and runs the
# unit and in-process suites there. Called from .ci/run; commit first to check your own changes.
set -euo pipefail
cd "$(dirname "$0")/.."

alone=$(mktemp -d)
trap 'rm -rf "$alone"' EXIT
git clone --quiet --no-local . "$alone/n8n-nodes-ideogram"
cd "$alone/n8n-nodes-ideogram"
[ ! -e ../shared ] || { echo "standalone-check: $alone/shared exists" >&2; exit 1; }
npm ci --no-audit --no-fund --prefer-offline >/dev/null
echo "[standalone] a clone of $(git rev-parse --short HEAD) with nothing beside it, in $PWD:"
IDEOGRAM_SKIP_E2E=1 npm test
