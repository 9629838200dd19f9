#!/usr/bin/env bash
# n8n's verification scan (@n8n/scan-community-package, pinned in scripts/scan/package-lock.json),
# the parts that can run here: ESLint with n8n's community rules, inline config off, over
#   (a) the source as a commit of this checkout would hold it (what the scanner downloads from
#       GitHub through the package's provenance), and
#   (b) the package as published (`npm pack`: dist/**/*.js and package.json);
# and (c) @n8n/node-cli's default lint config, the one `"strict": true` in package.json holds a
# package to (n8n-node lint then requires eslint.config.mjs to be node-cli's template), over the
# shipped sources of (a): package.json, index.ts, credentials/, nodes/. Tests, bench and dev
# scripts never ship and are left to the repository's own `npm run lint`.
# 0 problems (errors and warnings) are required everywhere. The scanner's network steps (registry
# download, provenance check, GitHub download) are not run: there is no package on a registry
# to check here, and no internet.
#
# Both tools are installed once into ${N8N_IDEOGRAM_RUNTIME_CACHE:-~/.cache/n8n-nodes-ideogram},
# outside the repository (node-cli's import resolver has native packages the repository's own
# lock must not depend on), with --ignore-scripts: eslint-plugin-n8n-nodes-base has a pnpm-only
# preinstall (`npx only-allow pnpm`) that fails under npm.
set -euo pipefail
cd "$(dirname "$0")/.."

CACHE_ROOT="${N8N_IDEOGRAM_RUNTIME_CACHE:-$HOME/.cache/n8n-nodes-ideogram}"
SCANNER_DIR="$CACHE_ROOT/scan-tools"
log() { printf '[scan] %s\n' "$*" >&2; }

# Installed when missing or when the lock changed; built in a temp folder and moved into place,
# so an interrupted install or a second scan running at the same time never sees half of one.
if [[ ! -f "$SCANNER_DIR/.installed" ]] || ! cmp -s scripts/scan/package-lock.json "$SCANNER_DIR/package-lock.json"; then
	log "installing the pinned @n8n/scan-community-package and @n8n/node-cli into $SCANNER_DIR"
	mkdir -p "$CACHE_ROOT"
	staging="$(mktemp -d "$CACHE_ROOT/.scan-install-XXXXXX")"
	cp scripts/scan/package.json scripts/scan/package-lock.json "$staging/"
	(cd "$staging" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
	touch "$staging/.installed"
	rm -rf "$SCANNER_DIR"
	mv "$staging" "$SCANNER_DIR"
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir "$work/source" "$work/package" "$work/pack"

# (a) Tracked files plus new ones git does not ignore: on a clean clone (CI) that is exactly HEAD,
# and while working it includes what the next commit will.
git ls-files -z --cached --others --exclude-standard |
	while IFS= read -r -d '' f; do [[ -e "$f" ]] && printf '%s\0' "$f"; done |
	tar --null -T - -cf - | tar -xf - -C "$work/source"

# (b) The tarball npm would publish, from a fresh build.
npm run --silent build >/dev/null
npm pack --silent --pack-destination "$work/pack" >/dev/null
tar -xzf "$work/pack"/*.tgz -C "$work/package" --strip-components=1

# TMPDIR: the scanner makes a temp folder when it is loaded; keep it inside ours.
status=0
TMPDIR="$work" node scripts/scan/lint-legs.mjs "$SCANNER_DIR" "$work/source" "$work/package" || status=1

# (c) node-cli's template config, used from its install (ESLint takes file patterns from the
# working directory). Its import rules resolve n8n-workflow through this repository's packages.
template="$SCANNER_DIR/node_modules/@n8n/node-cli/dist/template/templates/shared/default/eslint.config.mjs"
nodecli="$(node -p "require('$SCANNER_DIR/node_modules/@n8n/node-cli/package.json').version")"
ln -s "$PWD/node_modules" "$work/source/node_modules"
if (cd "$work/source" && node "$SCANNER_DIR/node_modules/eslint/bin/eslint.js" --config "$template" \
	--no-inline-config --max-warnings 0 package.json index.ts credentials nodes); then
	echo "node-cli $nodecli default lint config (strict), shipped sources: 0 problems"
else
	echo "node-cli $nodecli default lint config (strict), shipped sources: FAILED (problems above)"
	status=1
fi
exit $status
