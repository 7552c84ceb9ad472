#!/usr/bin/env bash
# Starts/stops the real-server stack (Redis, Dovecot IMAP+LMTP, Radicale, Postfix) on loopback for the demo, tests and CI.
#
# Usage: bash scripts/stack.sh <install|start|stop|status|env|reset|preload-path>
#   install       install missing Debian packages, build the SyncEvolution LD_PRELOAD fix
#   start         install if needed, start every service, create accounts and collections
#   stop          stop every service and check that the ports are free
#   status        show which services answer (exit 0 only when all required ones do)
#   env           print 'export SYNCML_*=...' lines for the gateway
#   reset         stop, wipe all state except the build dir, start fresh
#   preload-path  build the SyncEvolution fix if needed and print its path
#
# Ports: scripts/stack.env. State: ${SYNCML_STACK_DIR:-<repo>/.state/stack}.
# Accounts (Dovecot and Radicale): scripts/lib/accounts.sh.
# Postfix is optional: when it cannot start, 'start' warns and the rest keeps running;
# SYNCML_STACK_NO_POSTFIX=1 skips it.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$SCRIPT_DIR/.." && pwd)
STACK_DIR=${SYNCML_STACK_DIR:-$REPO_DIR/.state/stack}
mkdir -p "$STACK_DIR"
STACK_DIR=$(cd "$STACK_DIR" && pwd)

# shellcheck source=stack.env
source "$SCRIPT_DIR/stack.env"
for lib in common accounts install redis dovecot radicale postfix; do
  # shellcheck source=/dev/null
  source "$SCRIPT_DIR/lib/$lib.sh"
done

cmd_start() {
  if install_needed; then
    cmd_install
  fi
  prepare_state_dirs
  local started=$SECONDS
  redis_start
  dovecot_start
  radicale_start
  postfix_start
  log "stack ready in $((SECONDS - started))s (state: $STACK_DIR)"
}

cmd_stop() {
  local failed=0
  mkdir -p "$STACK_DIR/run" "$STACK_DIR/log"
  postfix_stop || failed=1
  radicale_stop || failed=1
  dovecot_stop || failed=1
  redis_stop || failed=1
  return "$failed"
}

service_status() {
  local name=$1 port=$2 required=$3
  if port_open "$port"; then
    printf '%-9s up    %s:%s\n' "$name" "$LOOPBACK" "$port"
  else
    printf '%-9s down  %s:%s%s\n' "$name" "$LOOPBACK" "$port" "$([[ $required == 1 ]] || echo ' (optional)')"
    [[ $required == 1 ]] && return 1
  fi
  return 0
}

cmd_status() {
  local failed=0
  service_status redis "$STACK_REDIS_PORT" 1 || failed=1
  service_status imap "$STACK_IMAP_PORT" 1 || failed=1
  service_status lmtp "$STACK_LMTP_PORT" 1 || failed=1
  service_status dav "$STACK_DAV_PORT" 1 || failed=1
  service_status smtp "$STACK_SMTP_PORT" 0 || failed=1
  return "$failed"
}

cmd_env() {
  cat <<ENV
export SYNCML_IMAP_URL=imap://$LOOPBACK:$STACK_IMAP_PORT
export SYNCML_DAV_URL=http://$LOOPBACK:$STACK_DAV_PORT/
export SYNCML_SMTP_URL=smtp://$LOOPBACK:$STACK_SMTP_PORT
export SYNCML_REDIS_URL=redis://$LOOPBACK:$STACK_REDIS_PORT
ENV
}

cmd_reset() {
  cmd_stop || die "could not stop the stack; not wiping $STACK_DIR"
  local sub
  for sub in "${STATE_SUBDIRS[@]}"; do
    rm -rf "${STACK_DIR:?}/$sub"
  done
  cmd_start
}

cmd_preload_path() {
  build_preload
  preload_path
  echo
}

# Serialises start/stop/reset/install of concurrent callers (e.g. parallel test files).
take_lock() {
  exec 9>"$STACK_DIR/.lock"
  flock 9
}

main() {
  case "${1:-}" in
    install | start | stop | reset | preload-path) take_lock ;;
  esac
  case "${1:-}" in
    install) cmd_install ;;
    start) cmd_start ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    env) cmd_env ;;
    reset) cmd_reset ;;
    preload-path) cmd_preload_path ;;
    *)
      sed -n '4,11p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
      exit 2
      ;;
  esac
}

main "$@"
