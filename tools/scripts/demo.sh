#!/usr/bin/env bash
# The README's first line: the seed's demo (test_table → Kafka → target_table) end to end, from a
# fresh clone: install, build, start Kafka + PostgreSQL, run the example, stop the servers.
# Usage: tools/scripts/demo.sh [seed-demo|outbox]   (default: seed-demo)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
example=${1:-seed-demo}
[[ -f examples/$example/run.mjs ]] || { echo "no runnable example examples/$example (try seed-demo or outbox)" >&2; exit 2; }
started=$SECONDS
bash tools/scripts/install.sh kafka postgres
npx nx run-many -t build --outputStyle=static
trap 'bash test-env/stop.sh' EXIT
bash test-env/start.sh kafka postgres
node "examples/$example/run.mjs"
echo "$example: $((SECONDS - started)) s"
