#!/usr/bin/env bash
# The whole test suite: installs what is missing, starts the real servers (scripts/stack.sh),
# type-checks, then runs unit and integration tests with node's test runner.
# `test.sh unit` runs only the unit tests (no servers needed); `test.sh integration` only those.
set -euo pipefail
cd "$(dirname "$0")/.."
which="${1:-all}"

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
case "$which" in
  unit) dirs=(test/unit) ;;
  integration) dirs=(test/integration) ;;
  all) dirs=(test/unit test/integration) ;;
  *) echo "usage: $0 [all|unit|integration]" >&2; exit 2 ;;
esac
if [ "$which" != unit ]; then
  bash scripts/stack.sh start
  npx tsc --noEmit -p .
fi

mapfile -t files < <(find "${dirs[@]}" -name '*.test.ts' | sort)
# One file at a time: the integration tests share one set of servers.
exec node --import tsx --test --test-concurrency=1 "${files[@]}"
