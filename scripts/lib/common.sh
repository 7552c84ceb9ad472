# Shared helpers for scripts/stack.sh: paths, logging, port checks, daemon start/stop.
# Sourced, never run; expects REPO_DIR and STACK_DIR to be set by the caller.
# shellcheck shell=bash

LOOPBACK=127.0.0.1
STATE_SUBDIRS=(run log redis dovecot radicale postfix)

log() { printf '[stack] %s\n' "$*" >&2; }
warn() { printf '[stack] WARNING: %s\n' "$*" >&2; }
die() { printf '[stack] ERROR: %s\n' "$*" >&2; exit 1; }

# port_open PORT: true when something accepts TCP connections on 127.0.0.1:PORT.
port_open() {
  (exec 3<>"/dev/tcp/$LOOPBACK/$1") 2>/dev/null
}

# process_alive PID: running and not a zombie (PID 1 here may never reap our daemons).
process_alive() {
  local state
  [[ -r "/proc/$1/stat" ]] || return 1
  state=$(sed -E 's/^[0-9]+ \(.*\) ([A-Za-z]).*/\1/' "/proc/$1/stat" 2>/dev/null) || return 1
  [[ -n "$state" && "$state" != Z && "$state" != X ]]
}

pid_file() { printf '%s/run/%s.pid' "$STACK_DIR" "$1"; }
log_file() { printf '%s/log/%s.log' "$STACK_DIR" "$1"; }

read_pid() {
  local file
  file=$(pid_file "$1")
  [[ -s "$file" ]] && tr -dc '0-9' <"$file"
}

# log_tail NAME: the last lines of a service's log, for error messages.
log_tail() {
  local file
  file=$(log_file "$1")
  if [[ -s "$file" ]]; then
    printf -- '--- last lines of %s ---\n' "$file" >&2
    tail -n 25 "$file" >&2
  fi
}

# spawn_daemon NAME CMD...: runs CMD detached (own session, no inherited stdio) and records
# its PID. Callers run foreground-mode daemons so the recorded PID is the daemon itself.
spawn_daemon() {
  local name=$1
  shift
  # 9>&- : the daemon must not inherit stack.sh's lock (see take_lock in stack.sh).
  setsid "$@" </dev/null >>"$(log_file "$name")" 2>&1 9>&- &
  echo $! >"$(pid_file "$name")"
}

# wait_for_port NAME PORT [PID] [SECONDS]: waits until the port answers; fails early when
# PID dies; prints the service's log tail on failure.
wait_for_port() {
  local name=$1 port=$2 pid=${3:-} seconds=${4:-30} tries
  tries=$((seconds * 10))
  while ((tries-- > 0)); do
    port_open "$port" && return 0
    if [[ -n "$pid" ]] && ! process_alive "$pid"; then
      printf '[stack] ERROR: %s exited before listening on %s:%s\n' "$name" "$LOOPBACK" "$port" >&2
      log_tail "$name"
      return 1
    fi
    sleep 0.1
  done
  printf '[stack] ERROR: %s did not listen on %s:%s within %ss\n' "$name" "$LOOPBACK" "$port" "$seconds" >&2
  log_tail "$name"
  return 1
}

# wait_port_closed PORT [SECONDS]
wait_port_closed() {
  local port=$1 tries=$((${2:-10} * 10))
  while ((tries-- > 0)); do
    port_open "$port" || return 0
    sleep 0.1
  done
  return 1
}

# listener_pid PORT: PID of the process listening on 127.0.0.1:PORT (needs ss), or nothing.
listener_pid() {
  command -v ss >/dev/null 2>&1 || return 0
  ss -Hltnp "sport = :$1" 2>/dev/null | sed -nE 's/.*pid=([0-9]+).*/\1/p' | head -n 1
}

# stop_daemon NAME PORT [EXPECTED_COMM]: stops the recorded PID (TERM, then KILL) and checks
# that the port is free. When the pid file is lost but the port is held by a process whose
# command name matches EXPECTED_COMM (a daemon of this stack), that process is stopped.
stop_daemon() {
  local name=$1 port=$2 comm=${3:-} pid
  pid=$(read_pid "$name" || true)
  if [[ -z "$pid" ]] && port_open "$port" && [[ -n "$comm" ]]; then
    pid=$(listener_pid "$port")
    if [[ -n "$pid" ]] && ! grep -qx "$comm" "/proc/$pid/comm" 2>/dev/null; then
      pid=""
    fi
  fi
  if [[ -n "$pid" ]] && process_alive "$pid"; then
    kill -TERM "$pid" 2>/dev/null || true
    local tries=100
    while ((tries-- > 0)) && process_alive "$pid"; do sleep 0.1; done
    if process_alive "$pid"; then
      warn "$name (pid $pid) ignored SIGTERM; sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  rm -f "$(pid_file "$name")"
  if ! wait_port_closed "$port" 10; then
    warn "$name: port $port is still in use (not started by this stack?)"
    return 1
  fi
  log "$name stopped"
}

# ensure_traversable DIR: gives o+x to DIR and its parents so that the unprivileged
# daemon users (dovecot, nobody, postfix) can reach files below it (see TESTING.md).
ensure_traversable() {
  local dir
  dir=$(readlink -f "$1")
  while [[ -n "$dir" && "$dir" != / ]]; do
    if (((8#$(stat -c %a "$dir") & 1) == 0)); then
      log "chmod o+x $dir (the dovecot, postfix and nobody users must reach the state dir)"
      chmod o+x "$dir"
    fi
    dir=$(dirname "$dir")
  done
}

prepare_state_dirs() {
  local sub
  for sub in "${STATE_SUBDIRS[@]}" build; do
    mkdir -p "$STACK_DIR/$sub"
  done
  chmod 0755 "$STACK_DIR" "$STACK_DIR"/*
  ensure_traversable "$STACK_DIR"
}
