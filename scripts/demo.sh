#!/usr/bin/env bash
# Brings up a working gateway for evaluation: local Dovecot/Radicale/Redis (scripts/stack.sh),
# a demo account, and the gateway in the background. `demo.sh stop` stops it all.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/stack.env
state_dir="${SYNCML_STACK_DIR:-$PWD/.state/stack}"
pid_file="$state_dir/run/gateway.pid"
log_file="$state_dir/log/gateway.log"
port="${SYNCML_PORT:-$STACK_GATEWAY_PORT}"

stop_gateway() {
  if [ -f "$pid_file" ]; then
    kill "$(cat "$pid_file")" 2>/dev/null || true
    rm -f "$pid_file"
  fi
}

case "${1:-start}" in
  stop)
    stop_gateway
    bash scripts/stack.sh stop
    exit 0
    ;;
  start) ;;
  *)
    echo "usage: $0 [start|stop]" >&2
    exit 2
    ;;
esac

if [ ! -d node_modules ]; then npm ci --no-audit --no-fund; fi
bash scripts/stack.sh start
stop_gateway
eval "$(bash scripts/stack.sh env)"
mkdir -p "$state_dir/run" "$state_dir/log"
SYNCML_PORT="$port" SYNCML_HOST=127.0.0.1 SYNCML_STATE="${SYNCML_STATE:-$state_dir/gateway-state}" \
  nohup node --import tsx gateway/main.ts >"$log_file" 2>&1 &
echo $! >"$pid_file"

for _ in $(seq 1 50); do
  if curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; then
    cat <<INFO

SyncML gateway is running.
  Sync URL:  http://127.0.0.1:$port/syncml
  User:      demo@example.com
  Password:  demo-secret
  Stores:    Contacts (CardDAV), Calendar, Tasks, Notes, Journal (CalDAV) on http://127.0.0.1:$STACK_DAV_PORT/
  Log:       $log_file
Stop it with: npm run demo -- stop
INFO
    exit 0
  fi
  sleep 0.2
done
echo "gateway did not start; last lines of $log_file:" >&2
tail -n 20 "$log_file" >&2
exit 1
