#!/usr/bin/env bash
# The README's first line: the seed's demo (test_table → Kafka → target_table) end to end, from a
# fresh clone: install, build, start Kafka + PostgreSQL, run examples/seed-demo, stop the servers.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
started=$SECONDS
bash tools/scripts/install.sh kafka postgres
npx nx run-many -t build --outputStyle=static
trap 'bash test-env/stop.sh' EXIT
bash test-env/start.sh kafka postgres
node examples/seed-demo/run.mjs
echo "demo: $((SECONDS - started)) s"
