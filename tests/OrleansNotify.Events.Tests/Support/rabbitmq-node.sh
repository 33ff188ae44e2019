#!/usr/bin/env bash
# A private RabbitMQ node for tests: rabbitmq-node.sh start|stop|shutdown DIR
#   start     first time: picks free ports and writes DIR/broker.env; starts the node (as the rabbitmq
#             user, data and logs under DIR, no plugins, its own epmd port), waits until AMQP answers,
#             prints the amqp:// URI.
#   stop      stops the node (SIGTERM, then SIGKILL after 30 s); data stays, so start brings it back.
#   shutdown  stop, then end the epmd the node left behind (found by its private port).
# Used by tests/setup/30-rabbitmq.sh and by the test fixture when NOTIFY_TEST_RABBITMQ is unset.
set -euo pipefail
cmd=${1:?start|stop|shutdown}; dir=${2:?data directory}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

if [ ! -f "$dir/broker.env" ]; then
  mkdir -p "$dir"
  amqp=$(free_port); dist=$(free_port); epmd=$(free_port)
  cat > "$dir/broker.env" <<ENV
RABBITMQ_NODE_PORT=$amqp
RABBITMQ_DIST_PORT=$dist
ERL_EPMD_PORT=$epmd
RABBITMQ_NODENAME=notifytest-$amqp@localhost
RABBITMQ_MNESIA_BASE=$dir/mnesia
RABBITMQ_LOG_BASE=$dir/log
RABBITMQ_PID_FILE=$dir/rabbitmq.pid
RABBITMQ_ENABLED_PLUGINS_FILE=$dir/enabled_plugins
ENV
  echo '[].' > "$dir/enabled_plugins"
fi
# shellcheck source=/dev/null
source "$dir/broker.env"

node_pid() { [ -s "$RABBITMQ_PID_FILE" ] && cat "$RABBITMQ_PID_FILE" || true; }

stop_node() {
  local pid; pid=$(node_pid)
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$RABBITMQ_PID_FILE"
}

case "$cmd" in
  start)
    chown -R rabbitmq:rabbitmq "$dir"
    if ! runuser -u rabbitmq -- test -w "$dir"; then
      echo "The rabbitmq user cannot write $dir (a parent directory is private?); use a directory under /tmp." >&2
      exit 1
    fi
    (cd /var/lib/rabbitmq && exec runuser -u rabbitmq -- env HOME=/var/lib/rabbitmq \
      RABBITMQ_NODE_PORT="$RABBITMQ_NODE_PORT" RABBITMQ_DIST_PORT="$RABBITMQ_DIST_PORT" ERL_EPMD_PORT="$ERL_EPMD_PORT" \
      RABBITMQ_NODENAME="$RABBITMQ_NODENAME" RABBITMQ_MNESIA_BASE="$RABBITMQ_MNESIA_BASE" RABBITMQ_LOG_BASE="$RABBITMQ_LOG_BASE" \
      RABBITMQ_PID_FILE="$RABBITMQ_PID_FILE" RABBITMQ_ENABLED_PLUGINS_FILE="$RABBITMQ_ENABLED_PLUGINS_FILE" \
      /usr/lib/rabbitmq/bin/rabbitmq-server) >> "$dir/server.out" 2>&1 < /dev/null &
    launcher=$!
    for _ in $(seq 1 240); do
      kill -0 "$launcher" 2>/dev/null || break   # the node stopped: no use waiting
      if (exec 3<>"/dev/tcp/127.0.0.1/$RABBITMQ_NODE_PORT") 2>/dev/null; then
        echo "amqp://guest:guest@127.0.0.1:$RABBITMQ_NODE_PORT/"
        exit 0
      fi
      sleep 0.5
    done
    echo "RabbitMQ did not answer on port $RABBITMQ_NODE_PORT (exited, or not within 120 s); last log lines:" >&2
    tail -n 20 "$dir/server.out" >&2 || true
    stop_node
    exit 1
    ;;
  stop) stop_node ;;
  shutdown)
    stop_node
    for pid in $(ss -Hltnp "sport = :$ERL_EPMD_PORT" 2>/dev/null | grep -o 'pid=[0-9]*' | cut -d= -f2 | sort -u); do
      kill "$pid" 2>/dev/null || true
    done
    ;;
  *) echo "usage: $0 start|stop|shutdown DIR" >&2; exit 2 ;;
esac
