#!/usr/bin/env bash
# Installs a pinned, real n8n runtime into a cache folder outside the repository, for the
# end-to-end tests (test/e2e/runtime.ts drives it through n8n's own CLI).
#
#   bash scripts/n8n-runtime.sh install [modern|legacy|all]   # default: modern
#   bash scripts/n8n-runtime.sh env modern      # shell `export` lines (eval them)
#   bash scripts/n8n-runtime.sh which modern    # path of a command that runs n8n with the right node
#
# Runtimes:
#   modern  n8n 2.x on Node 24, which is fetched from the npm registry (package node-linux-<arch>)
#   legacy  the last n8n 1.x line on the machine's own node (Node 20 here)
#
# Everything comes from the npm registry, so it works on a machine that can reach nothing else.
# Install scripts are never run (some download from the internet); sqlite3, the only native
# add-on n8n needs to run, is compiled afterwards with node-gyp against the target node's headers.
# scripts/runtime/n8n-<version>.package-lock.json, when present, pins the whole dependency tree
# (delete it to re-resolve; the script then prints how to save a new one).
# A runtime folder counts as installed only when its stamp file exists; the stamp is written
# last, so an interrupted install is detected and redone from a clean node_modules.
# The launcher bin/n8n preloads scripts/runtime/n8n-exit-fix.cjs (see there).
#
# Cache: ${N8N_IDEOGRAM_RUNTIME_CACHE:-$HOME/.cache/n8n-nodes-ideogram}/<n8n version>-node<major>
set -euo pipefail

# ---- pinned versions (one setting each) -------------------------------------------------------
MODERN_N8N_VERSION=2.41.1     # needs node >= 24; 2.41.3 does not install from this registry
MODERN_NODE_VERSION=24.21.0   # downloaded from the npm registry
LEGACY_N8N_VERSION=1.123.81   # newest 1.123.x (the last 1.x line); runs on the machine's node
LEGACY_XLSX_OVERRIDE='npm:@e965/xlsx@0.20.3' # n8n-nodes-base 1.x pulls xlsx from cdn.sheetjs.com
# -----------------------------------------------------------------------------------------------

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
LOCK_DIR="$SCRIPT_DIR/runtime"   # optional package-lock files: n8n-<version>.package-lock.json
CACHE_ROOT="${N8N_IDEOGRAM_RUNTIME_CACHE:-$HOME/.cache/n8n-nodes-ideogram}"
STAMP_NAME=.installed

log() { printf '[n8n-runtime] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

usage() {
  sed -n '5,7p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

# Clear npm settings inherited from a parent `npm run` (e.g. nodedir=/usr from ~/.npmrc would point
# node-gyp at the wrong headers); the commands below pass what they need explicitly.
unset npm_config_nodedir npm_config_node_gyp npm_config_target npm_config_runtime npm_config_ignore_scripts

case "$(uname -m)" in
  x86_64 | amd64) ARCH=x64 ;;
  aarch64 | arm64) ARCH=arm64 ;;
  *) die "unsupported machine architecture: $(uname -m)" ;;
esac
case "$(uname -s)" in
  Linux) OS=linux ;;
  Darwin) OS=darwin ;;
  *) die "unsupported OS: $(uname -s)" ;;
esac

# npm itself is run from the machine's install, but under the target node.
NPM_CLI="$(readlink -f "$(command -v npm)" 2>/dev/null || true)"
[[ -f "$NPM_CLI" ]] || die "npm not found on PATH"
NODE_GYP_JS="$(dirname "$NPM_CLI")/../node_modules/node-gyp/bin/node-gyp.js"

host_node() { command -v node || die "node not found on PATH"; }

# Sets: NAME N8N_VERSION NODE_KIND(download|host) NODE_VERSION NODE_MAJOR RUNTIME_DIR NODE_BIN
resolve_runtime() {
  NAME="$1"
  case "$NAME" in
    modern)
      N8N_VERSION="$MODERN_N8N_VERSION"
      NODE_KIND=download
      NODE_VERSION="$MODERN_NODE_VERSION"
      ;;
    legacy)
      N8N_VERSION="$LEGACY_N8N_VERSION"
      NODE_KIND=host
      NODE_VERSION="$("$(host_node)" -p 'process.versions.node')"
      ;;
    *) die "unknown runtime '$NAME' (expected modern or legacy)" ;;
  esac
  NODE_MAJOR="${NODE_VERSION%%.*}"
  RUNTIME_DIR="$CACHE_ROOT/${N8N_VERSION}-node${NODE_MAJOR}"
  if [[ "$NODE_KIND" == download ]]; then
    NODE_BIN="$RUNTIME_DIR/node/bin/node"
  else
    NODE_BIN="$(readlink -f "$(host_node)")"
  fi
  N8N_ENTRY="$RUNTIME_DIR/node_modules/n8n/bin/n8n"
  STAMP="$RUNTIME_DIR/$STAMP_NAME"
  LOG_FILE="$RUNTIME_DIR/install.log"
}

stamp_text() {
  printf 'n8n=%s\nnode=%s\nnode_bin=%s\n' "$N8N_VERSION" "$NODE_VERSION" "$NODE_BIN"
}

is_installed() {
  [[ -f "$STAMP" ]] || return 1
  # Compare everything but the trailing "installed=" line.
  [[ "$(grep -v '^installed=' "$STAMP")" == "$(stamp_text)" ]] || return 1
  [[ -x "$NODE_BIN" && -f "$N8N_ENTRY" && -x "$RUNTIME_DIR/bin/n8n" ]]
}

# Run a command with its output appended to the log; on failure print the log's tail and exit.
CURRENT_STEP=""
run_logged() {
  {
    printf '\n### %s\n### $' "$CURRENT_STEP"
    printf ' %q' "$@"
    printf '\n'
  } >>"$LOG_FILE"
  if ! "$@" >>"$LOG_FILE" 2>&1; then
    log "FAILED: $CURRENT_STEP"
    log "---- last 40 lines of $LOG_FILE ----"
    tail -n 40 "$LOG_FILE" >&2
    log "----"
    exit 1
  fi
}

STEP_START=0
step() {
  CURRENT_STEP="$*"
  STEP_START=$SECONDS
  log "$NAME: $*"
}
step_done() { log "$NAME:   done in $((SECONDS - STEP_START)) s"; }

# Unpacks node-<os>-<arch>@<version> from the npm registry into $1 (bin/node, include/node).
fetch_node_package() {
  local version="$1" dest="$2" tmp tgz
  tmp="$(mktemp -d "$RUNTIME_DIR/.node-download.XXXXXX")"
  (cd "$tmp" && run_logged npm pack --silent "node-${OS}-${ARCH}@${version}")
  tgz="$(ls "$tmp"/*.tgz 2>/dev/null | head -n 1)"
  [[ -n "$tgz" ]] || die "npm pack node-${OS}-${ARCH}@${version} produced no tarball (see $LOG_FILE)"
  rm -rf "$dest"
  mkdir -p "$dest"
  tar -xzf "$tgz" -C "$dest" --strip-components=1
  rm -rf "$tmp"
}

ensure_node() {
  if [[ "$NODE_KIND" == download ]]; then
    NODE_HEADERS_DIR="$RUNTIME_DIR/node"
    if [[ -x "$NODE_BIN" && "$("$NODE_BIN" -p 'process.versions.node' 2>/dev/null)" == "$NODE_VERSION" ]]; then
      log "$NAME: node $NODE_VERSION already present"
      return
    fi
    step "fetching node-${OS}-${ARCH}@${NODE_VERSION} from the npm registry"
    fetch_node_package "$NODE_VERSION" "$RUNTIME_DIR/node"
    [[ "$("$NODE_BIN" -p 'process.versions.node')" == "$NODE_VERSION" ]] ||
      die "downloaded node does not report version $NODE_VERSION"
    [[ -f "$RUNTIME_DIR/node/include/node/node_api.h" ]] || die "downloaded node has no include/node headers"
    step_done
  else
    log "$NAME: using this machine's node $NODE_VERSION ($NODE_BIN)"
    # node-gyp needs headers matching this node. Use the ones installed next to it if their
    # version matches; otherwise take them from the same node version's npm package.
    local prefix
    prefix="$(dirname "$(dirname "$NODE_BIN")")"
    if [[ -f "$prefix/include/node/node_version.h" ]] && header_version_matches "$prefix/include/node/node_version.h"; then
      NODE_HEADERS_DIR="$prefix"
    else
      NODE_HEADERS_DIR="$RUNTIME_DIR/node-headers"
      if ! [[ -f "$NODE_HEADERS_DIR/include/node/node_version.h" ]] ||
        ! header_version_matches "$NODE_HEADERS_DIR/include/node/node_version.h"; then
        step "fetching headers for node $NODE_VERSION (node-${OS}-${ARCH}@${NODE_VERSION})"
        fetch_node_package "$NODE_VERSION" "$NODE_HEADERS_DIR"
        rm -rf "$NODE_HEADERS_DIR/bin" "$NODE_HEADERS_DIR/lib"
        step_done
      fi
    fi
  fi
}

header_version_matches() {
  local h="$1" major minor patch
  major="$(sed -n 's/^#define NODE_MAJOR_VERSION \([0-9]*\).*/\1/p' "$h")"
  minor="$(sed -n 's/^#define NODE_MINOR_VERSION \([0-9]*\).*/\1/p' "$h")"
  patch="$(sed -n 's/^#define NODE_PATCH_VERSION \([0-9]*\).*/\1/p' "$h")"
  [[ "$major.$minor.$patch" == "$NODE_VERSION" ]]
}

write_package_json() {
  local overrides=""
  if [[ "$NAME" == legacy ]]; then
    overrides=$(printf ',\n  "overrides": {\n    "xlsx": "%s"\n  }' "$LEGACY_XLSX_OVERRIDE")
  fi
  cat >"$RUNTIME_DIR/package.json" <<EOF
{
  "name": "n8n-nodes-ideogram-e2e-runtime-${NAME}",
  "private": true,
  "description": "n8n runtime for the n8n-nodes-ideogram end-to-end tests (written by scripts/n8n-runtime.sh)",
  "dependencies": {
    "n8n": "${N8N_VERSION}"
  }${overrides}
}
EOF
}

npm_under_target_node() {
  # npm runs under the target node so engine checks and optional platform packages match it.
  "$NODE_BIN" "$NPM_CLI" "$@"
}

install_packages() {
  local lock="$LOCK_DIR/n8n-${N8N_VERSION}.package-lock.json"
  write_package_json
  local args=(install --ignore-scripts --no-audit --no-fund --no-update-notifier)
  if [[ -f "$lock" ]]; then
    # `npm install` over the saved lock file installs exactly the locked tree. (`npm ci` would
    # refuse it: some optional per-platform packages, e.g. @msgpackr-extract/*-darwin-arm64, are
    # missing from this registry, so the lock file cannot list them and ci calls it out of sync.)
    step "npm install n8n@${N8N_VERSION} as locked in scripts/runtime/$(basename "$lock") (--ignore-scripts; takes minutes)"
    cp "$lock" "$RUNTIME_DIR/package-lock.json"
  else
    step "npm install n8n@${N8N_VERSION} (--ignore-scripts; no lock file in scripts/runtime; takes minutes)"
    rm -f "$RUNTIME_DIR/package-lock.json"
  fi
  (cd "$RUNTIME_DIR" && run_logged npm_under_target_node "${args[@]}")
  step_done
}

sqlite3_dirs() {
  find "$RUNTIME_DIR/node_modules" -maxdepth 4 -type f -path '*/sqlite3/package.json' \
    -not -path '*/sqlite3/node_modules/*' -printf '%h\n' 2>/dev/null |
    while read -r d; do
      [[ "$(sed -n 's/^ *"name": *"\([^"]*\)".*/\1/p' "$d/package.json" | head -n 1)" == sqlite3 ]] && echo "$d"
    done
}

build_sqlite3() {
  local dirs d
  dirs="$(sqlite3_dirs)"
  [[ -n "$dirs" ]] || die "sqlite3 is not in node_modules"
  while read -r d; do
    step "compiling sqlite3 $(sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' "$d/package.json" | head -n 1) for node $NODE_VERSION (node-gyp, about a minute)"
    (cd "$d" && run_logged "$NODE_BIN" "$NODE_GYP_JS" rebuild --release --jobs=max \
      --nodedir="$NODE_HEADERS_DIR" --build-from-source)
    step_done
  done <<<"$dirs"
}

# bin/node and bin/n8n in the runtime folder. Rewritten by every `install`, also when the runtime
# is already installed (cheap), so launcher changes in the repository reach existing caches.
write_launchers() {
  local bin="$RUNTIME_DIR/bin" engine_line=""
  mkdir -p "$bin"
  ln -sfn "$NODE_BIN" "$bin/node"
  # See the file: n8n 2.x's CLI often segfaults on exit unless its expression engine is disposed.
  cp "$SCRIPT_DIR/runtime/n8n-exit-fix.cjs" "$bin/n8n-exit-fix.cjs.tmp"
  mv "$bin/n8n-exit-fix.cjs.tmp" "$bin/n8n-exit-fix.cjs"
  if [[ "$NAME" == legacy ]]; then
    # n8n 1.123 defaults to the isolated-vm expression engine, which has no build for Node 20
    # (isolated-vm 6 needs Node >= 22; with install scripts skipped there is no binary at all).
    engine_line='N8N_EXPRESSION_ENGINE="${N8N_EXPRESSION_ENGINE:-legacy}"; export N8N_EXPRESSION_ENGINE'
  fi
  cat >"$bin/n8n.tmp" <<EOF
#!/bin/sh
# n8n ${N8N_VERSION} on node ${NODE_VERSION} (written by scripts/n8n-runtime.sh)
PATH='$bin':"\$PATH"; export PATH
${engine_line}
exec '$NODE_BIN' --require '$bin/n8n-exit-fix.cjs' '$N8N_ENTRY' "\$@"
EOF
  chmod +x "$bin/n8n.tmp"
  mv "$bin/n8n.tmp" "$bin/n8n"
}

verify() {
  step "verifying"
  local out d
  out="$(cd "$RUNTIME_DIR" && N8N_USER_FOLDER="$RUNTIME_DIR/.verify" "$NODE_BIN" "$N8N_ENTRY" --version 2>>"$LOG_FILE" | tail -n 1)"
  rm -rf "$RUNTIME_DIR/.verify"
  [[ "$out" == "$N8N_VERSION" ]] || die "'n8n --version' printed '$out', expected $N8N_VERSION"
  while read -r d; do
    CURRENT_STEP="load sqlite3 from $d"
    run_logged "$NODE_BIN" -e "
      const s = require(process.argv[1]);
      const db = new s.Database(':memory:');
      db.get('select sqlite_version() as v', (e, r) => { if (e) throw e; console.log('sqlite', r.v); db.close(); });
    " "$d"
  done <<<"$(sqlite3_dirs)"
  step_done
}

install_one() {
  resolve_runtime "$1"
  if is_installed; then
    write_launchers
    log "$NAME: n8n $N8N_VERSION on node $NODE_VERSION already installed in $RUNTIME_DIR"
    return
  fi
  mkdir -p "$RUNTIME_DIR"
  # One installer per runtime folder at a time (parallel test workers may all ask for it).
  exec {lock_fd}>"$RUNTIME_DIR/.install.lock"
  if command -v flock >/dev/null; then
    if ! flock -n "$lock_fd"; then
      log "$NAME: another install is running in $RUNTIME_DIR; waiting for it"
      flock "$lock_fd"
    fi
  fi
  if is_installed; then
    write_launchers
    log "$NAME: n8n $N8N_VERSION on node $NODE_VERSION already installed in $RUNTIME_DIR"
    exec {lock_fd}>&-
    return
  fi
  local started=$SECONDS
  log "$NAME: installing n8n $N8N_VERSION on node $NODE_VERSION into $RUNTIME_DIR"
  if [[ "$NODE_KIND" == host ]]; then
    "$NODE_BIN" -e '
      const [a, b] = process.versions.node.split(".").map(Number);
      if (a < 20 || (a === 20 && b < 19) || a > 24) process.exit(1);' ||
      die "n8n $N8N_VERSION needs node >=20.19 <=24.x; this machine has $NODE_VERSION"
  fi
  if [[ -e "$RUNTIME_DIR/node_modules" || -e "$STAMP" ]]; then
    log "$NAME: found an unfinished or outdated install; starting over with a clean node_modules"
    rm -rf "$RUNTIME_DIR/node_modules" "$RUNTIME_DIR/package-lock.json" "$RUNTIME_DIR/bin" "$STAMP"
  fi
  : >"$LOG_FILE"
  log "$NAME: npm output goes to $LOG_FILE"
  ensure_node
  install_packages
  build_sqlite3
  write_launchers
  verify
  { stamp_text; printf 'installed=%s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)"; } >"$STAMP.tmp"
  mv "$STAMP.tmp" "$STAMP"
  log "$NAME: installed in $((SECONDS - started)) s ($(du -sh "$RUNTIME_DIR" 2>/dev/null | cut -f1)); run it with $RUNTIME_DIR/bin/n8n"
  if [[ ! -f "$LOCK_DIR/n8n-${N8N_VERSION}.package-lock.json" ]]; then
    log "$NAME: (to pin the whole tree, copy $RUNTIME_DIR/package-lock.json to $LOCK_DIR/n8n-${N8N_VERSION}.package-lock.json)"
  fi
  exec {lock_fd}>&-
}

require_installed() {
  resolve_runtime "$1"
  is_installed || die "$NAME runtime (n8n $N8N_VERSION, node $NODE_VERSION) is not installed; run: bash scripts/n8n-runtime.sh install $NAME"
}

sq() { printf "'%s'" "${1//\'/\'\\\'\'}"; }

# Everything runs from main(), which bash parses completely before running it, so editing this
# file while an install runs (e.g. a git pull) cannot derail the running copy.
main() {
  cmd="${1:-}"
  [[ -n "$cmd" ]] || usage
  shift
  case "$cmd" in
    install)
      target="${1:-modern}"
      case "$target" in
        modern | legacy) install_one "$target" ;;
        all) (install_one modern) && (install_one legacy) ;;
        *) die "unknown runtime '$target' (expected modern, legacy or all)" ;;
      esac
      ;;
    env)
      require_installed "${1:-modern}"
      echo "export RUNTIME_DIR=$(sq "$RUNTIME_DIR")"
      echo "export NODE_BIN=$(sq "$NODE_BIN")"
      echo "export N8N_BIN=$(sq "$N8N_ENTRY")"
      echo "export N8N_RUNTIME_VERSION=$(sq "$N8N_VERSION")"
      echo "export N8N_RUNTIME_NODE_VERSION=$(sq "$NODE_VERSION")"
      echo "export PATH=$(sq "$RUNTIME_DIR/bin")\":\$PATH\""
      ;;
    which)
      require_installed "${1:-modern}"
      echo "$RUNTIME_DIR/bin/n8n"
      ;;
    *) usage ;;
  esac
}

main "$@"; exit $?
