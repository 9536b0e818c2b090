#!/usr/bin/env bash
# Runs every test from a fresh clone: install, build, lint, start the real servers, all tests on
# the machine's Node 20, the unit tests again on Node 24, then one summary line.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
started=$SECONDS

bash tools/scripts/install.sh kafka postgres mariadb s3 registry kafka-sasl postgres17 browser
npx nx run-many -t build --outputStyle=static
npm run lint --silent

trap 'bash test-env/stop.sh' EXIT
bash test-env/start.sh kafka postgres mariadb s3 registry kafka-sasl postgres17

results="$root/.cache/test-results"
rm -rf "$results" && mkdir -p "$results"
export TSCONNECT_TEST_RESULTS="$results"
status=0
npx nx run-many -t test --outputStyle=stream --parallel=1 || status=1

node24=$(bash tools/scripts/node24.sh)
echo "== unit tests on Node $("$node24" --version)"
for dir in packages/* apps/*; do
  [ -f "$dir/vitest.config.ts" ] || continue
  (cd "$dir" && "$node24" "$root/node_modules/vitest/vitest.mjs" run --exclude 'src/**/*.it.test.ts' --passWithNoTests) || status=1
done

node tools/scripts/summarize-tests.mjs "$results" || status=1
echo "test-all: $((SECONDS - started)) s, exit $status"
exit $status
