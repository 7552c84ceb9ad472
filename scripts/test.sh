#!/usr/bin/env bash
# The whole test suite: installs what is missing, starts the real servers (scripts/stack.sh),
# type-checks, then runs unit and integration tests with node's test runner.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
bash scripts/stack.sh start
npx tsc --noEmit -p .

mapfile -t files < <(find test/unit test/integration -name '*.test.ts' | sort)
# One file at a time: the integration tests share one set of servers.
exec node --import tsx --test --test-concurrency=1 --test-reporter=spec "${files[@]}"
