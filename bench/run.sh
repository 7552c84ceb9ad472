#!/usr/bin/env bash
# `npm run bench`: brings up the real stack, installs the peer (SyncEvolution's own server) when
# missing, and runs the benchmark scenarios (bench/main.ts). `bash bench/run.sh clean` deletes the
# bench account's cached collections and devices; `bash bench/run.sh codec` runs scenario 5 (codec)
# alone, without the servers. Sizes and switches: bench/config.ts.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ "${1:-}" == clean ]]; then
  exec node --import tsx bench/clean.ts
fi
if [[ "${1:-}" == codec ]]; then
  # Scenario 5 alone: no servers, bench/results.md untouched (bench/codec.ts).
  exec node --import tsx bench/codec.ts
fi
if [ ! -d node_modules ]; then
  npm ci --no-audit --no-fund
fi
bash scripts/stack.sh start
if [[ "${BENCH_PEER:-1}" != 0 ]]; then
  bash bench/peer/install.sh || echo "[bench] could not install the peer's packages; scenario 7/8 will say why" >&2
fi
exec node --import tsx bench/main.ts
