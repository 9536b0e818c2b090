#!/usr/bin/env bash
# Installs everything the repo needs from a fresh clone, idempotently: npm packages (exactly as
# locked), then the test servers' own dependencies (Kafka jars, PostgreSQL, MariaDB …).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
# A lockfile newer than node_modules means someone changed dependencies: reinstall exactly.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
bash test-env/install.sh "$@"
