#!/usr/bin/env bash
# npm run bench [-- <bench/run.ts flags>]: our node against the physical limit and against the
# HTTP Request recipe, side by side in one run inside a real n8n; writes bench/results.md.
#
# Works on a fresh clone: installs node_modules when missing, builds and packs the node in a
# scratch copy (so dist/ in the working tree is left alone), installs the pinned n8n runtime on
# first use (minutes; scripts/n8n-runtime.sh), then runs bench/run.ts. About 10 minutes on 2 cores,
# plus about 3 for the video rows (issue 18).
#
#   BENCH_SOURCE=<git ref>   build that commit instead of the working tree (e.g. HEAD)
#   flags, e.g.: -- --sizes 1,10 --edit-sizes none --out /tmp/results.md
#                -- --variants video,videoMemory --profile off --out /tmp/bench-video.md
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"

if ! { [ -d node_modules/n8n-workflow ] && [ -d node_modules/tsx ]; }; then
	npm ci --no-audit --no-fund
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/n8n-nodes-ideogram-bench.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
mkdir "$WORK/src" "$WORK/pack"

# A copy of what the build reads, from the working tree or from a commit.
BUILD_INPUTS=(package.json package-lock.json .npmrc tsconfig.json gulpfile.js index.ts nodes credentials README.md LICENSE)
if [ -n "${BENCH_SOURCE:-}" ]; then
	git archive "$BENCH_SOURCE" -- "${BUILD_INPUTS[@]}" | tar -x -C "$WORK/src"
	export BENCH_SOURCE_DESCRIPTION="commit $(git rev-parse --short "$BENCH_SOURCE")"
else
	cp -R "${BUILD_INPUTS[@]}" "$WORK/src/"
	if git rev-parse --git-dir >/dev/null 2>&1; then
		desc="the working tree at $(git rev-parse --short HEAD)"
		[ -z "$(git status --porcelain -- nodes credentials index.ts package.json)" ] || desc="$desc plus uncommitted changes"
		export BENCH_SOURCE_DESCRIPTION="$desc"
	fi
fi
ln -s "$ROOT/node_modules" "$WORK/src/node_modules"

echo "[bench] building and packing the node" >&2
(cd "$WORK/src" && npm run --silent build >"$WORK/build.log" 2>&1) || {
	cat "$WORK/build.log" >&2
	echo "[bench] the build failed" >&2
	exit 1
}
(cd "$WORK/src" && npm pack --silent --pack-destination "$WORK/pack" >/dev/null)
TARBALL="$(ls "$WORK"/pack/*.tgz)"

node "$(node -p 'require.resolve("tsx/cli")')" bench/run.ts --tarball "$TARBALL" \
	--built-node "$WORK/src/dist/nodes/Ideogram/Ideogram.node.js" "$@"
