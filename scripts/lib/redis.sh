# Redis for the stack: an in-memory instance on 127.0.0.1:STACK_REDIS_PORT, no persistence.
# shellcheck shell=bash

redis_start() {
  if port_open "$STACK_REDIS_PORT"; then
    log "redis already up on $LOOPBACK:$STACK_REDIS_PORT"
    return 0
  fi
  spawn_daemon redis redis-server --bind "$LOOPBACK" --port "$STACK_REDIS_PORT" \
    --save '' --appendonly no --daemonize no --protected-mode yes \
    --dir "$STACK_DIR/redis" --logfile ''
  wait_for_port redis "$STACK_REDIS_PORT" "$(read_pid redis)" 20
  log "redis up on $LOOPBACK:$STACK_REDIS_PORT"
}

redis_stop() { stop_daemon redis "$STACK_REDIS_PORT" redis-server; }
