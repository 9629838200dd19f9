#!/usr/bin/env bash
# npm run test:scale [-- --compare [--runs 2] [--out bench/results.md]]: the node in n8n's queue
# mode (PostgreSQL, Redis, one main, two workers, all on 127.0.0.1) against the contract stub's
# 10-image limit; test/scale/queue-mode.ts says what it runs and checks.
#
# Installs what it needs on first use: Debian's postgresql and redis-server (apt-get, as root; a
# machine without them and without root is told what to install), the pinned n8n runtime
# (scripts/n8n-runtime.sh). Builds and packs the working tree. Whatever the driver started is
# stopped when it ends; should the driver itself die, the trap below stops what it recorded.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null || missing+=(postgresql)
command -v redis-server >/dev/null || missing+=(redis-server)
if [ ${#missing[@]} -gt 0 ]; then
	if [ "$(id -u)" != 0 ]; then
		echo "[scale] needs the Debian packages: ${missing[*]} (run as root once, or apt-get install them)" >&2
		exit 1
	fi
	echo "[scale] installing ${missing[*]}" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# Debian starts the packaged services on install; the test runs its own, so leave those alone.

[ -d node_modules/n8n-workflow ] && [ -d node_modules/tsx ] || npm ci --no-audit --no-fund
bash scripts/n8n-runtime.sh install modern

WORK="$(mktemp -d "${TMPDIR:-/tmp}/ideogram-scale-run.XXXXXX")"
cleanup() {
	# Process groups the driver recorded, in case it could not stop them itself.
	if [ -f "$WORK/pids" ]; then
		while read -r pid; do kill -TERM -- "-$pid" 2>/dev/null || true; done <"$WORK/pids"
		sleep 1
		while read -r pid; do kill -KILL -- "-$pid" 2>/dev/null || true; done <"$WORK/pids"
	fi
	rm -rf "$WORK"
}
trap cleanup EXIT

npm run --silent build
npm pack --silent --pack-destination "$WORK" >/dev/null
TARBALL="$(ls "$WORK"/*.tgz)"

node "$(node -p 'require.resolve("tsx/cli")')" test/scale/queue-mode.ts --tarball "$TARBALL" --pid-file "$WORK/pids" "$@"
# The Ideogram Trigger with a webhook process and a worker: 20 signed deliveries, duplicates, forged ones.
node "$(node -p 'require.resolve("tsx/cli")')" test/scale/trigger-queue.ts --tarball "$TARBALL" --pid-file "$WORK/pids"
