#!/usr/bin/env bash
# A local OrleansNotify cluster on this machine: a private PostgreSQL (own data directory and port),
# N silos (default 3) and one front end, each a real `dotnet X.dll` process on its own ports.
#   deploy/local-cluster.sh start [N]   build (Release), start everything, print the URLs
#   deploy/local-cluster.sh status      what runs, with URLs
#   deploy/local-cluster.sh stop        stop the front end, the silos (gracefully) and PostgreSQL
# State lives in $NOTIFY_CLUSTER_DIR (default /tmp/orleansnotify-cluster): pids, logs, the database,
# the generated admin and encryption keys (env.sh). The database is throw-away: stop deletes it.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dir=${NOTIFY_CLUSTER_DIR:-/tmp/orleansnotify-cluster}
out="$dir/bin"
# Build outputs outside the source tree (Directory.Build.props honours it), so this never touches obj/.
export NOTIFY_ARTIFACTS=${NOTIFY_ARTIFACTS:-$dir/artifacts}
http_base=${NOTIFY_HTTP_BASE:-5080}     # silo i: HTTP 5081.., silo port 11111+i, gateway 30000+i
frontend_port=${NOTIFY_FRONTEND_PORT:-5080}

running() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

start_postgres() {
  if [ -f "$dir/pg.env" ]; then source "$dir/pg.env"; fi
  if [ -n "${pg_ctl_stop:-}" ] && eval "${pg_status}" >/dev/null 2>&1; then return; fi
  # The tests' own server script: installs Debian's postgresql if needed, picks a free port.
  export NOTIFY_TEST_ROOT="$dir"; cleanups=()
  source "$root/tests/setup/10-postgres.sh"
  {
    printf 'export NOTIFY_TEST_POSTGRES=%q\n' "$NOTIFY_TEST_POSTGRES"
    printf 'pg_ctl_stop=%q\n' "${cleanups[0]}"
    printf 'pg_status=%q\n' "${pg_run[*]} $pg_bin/pg_ctl -D '$pg_dir/data' status"
  } > "$dir/pg.env"
  source "$dir/pg.env"
}

build() { # NOTIFY_SKIP_BUILD=1 reuses the last build
  [ "${NOTIFY_SKIP_BUILD:-}" = 1 ] && [ -f "$out/silo/OrleansNotify.Silo.dll" ] && return
  echo "== build (Release) into $out"
  dotnet publish "$root/src/OrleansNotify.Silo" -c Release -o "$out/silo" -v quiet --nologo
  dotnet publish "$root/src/OrleansNotify.Frontend" -c Release -o "$out/frontend" -v quiet --nologo
}

keys() {
  if [ ! -f "$dir/env.sh" ]; then
    umask 077
    {
      printf 'export Notify__AdminKey=%q\n' "$(head -c 32 /dev/urandom | base64 | tr -d '/+=')"
      printf 'export Notify__EncryptionKey=%q\n' "$(head -c 32 /dev/urandom | base64)"
    } > "$dir/env.sh"
  fi
  source "$dir/env.sh"
  export Notify__Mode=cluster Notify__ClusterId=local Notify__ServiceId=local Notify__AdvertisedAddress=127.0.0.1
  export ConnectionStrings__Notify="$NOTIFY_TEST_POSTGRES" Logging__Console__FormatterName=simple
}

wait_http() { # url, name, pidfile
  for _ in $(seq 1 120); do
    curl -fsS -o /dev/null "$1/health/live" 2>/dev/null && return 0
    running "$3" || { echo "$2 exited: see its log" >&2; return 1; }
    sleep 0.5
  done
  echo "$2 did not answer on $1" >&2; return 1
}

start() {
  local n=${1:-3}
  mkdir -p "$dir/logs"
  start_postgres
  build
  keys
  echo "== migrate"
  dotnet "$out/silo/OrleansNotify.Silo.dll" migrate
  for i in $(seq 1 "$n"); do
    local pid="$dir/silo$i.pid"
    running "$pid" && { echo "silo $i already runs"; continue; }
    Notify__SiloPort=$((11111 + i)) Notify__GatewayPort=$((30000 + i)) ASPNETCORE_URLS="http://127.0.0.1:$((http_base + i))" \
      setsid dotnet "$out/silo/OrleansNotify.Silo.dll" >"$dir/logs/silo$i.log" 2>&1 &
    echo $! > "$pid"
  done
  for i in $(seq 1 "$n"); do wait_http "http://127.0.0.1:$((http_base + i))" "silo $i" "$dir/silo$i.pid"; done
  if ! running "$dir/frontend.pid"; then
    ASPNETCORE_URLS="http://127.0.0.1:$frontend_port" setsid dotnet "$out/frontend/OrleansNotify.Frontend.dll" >"$dir/logs/frontend.log" 2>&1 &
    echo $! > "$dir/frontend.pid"
  fi
  wait_http "http://127.0.0.1:$frontend_port" "front end" "$dir/frontend.pid"
  status
}

status() {
  [ -f "$dir/pg.env" ] && source "$dir/pg.env" && echo "postgres   ${NOTIFY_TEST_POSTGRES%%;Password=*}"
  for pid in "$dir"/silo*.pid; do
    [ -e "$pid" ] || continue
    local i=${pid##*/silo}; i=${i%.pid}
    local state=stopped; running "$pid" && state="pid $(cat "$pid")"
    echo "silo $i     http://127.0.0.1:$((http_base + i))  silo port $((11111 + i)), gateway $((30000 + i))  ($state)"
  done
  local state=stopped; running "$dir/frontend.pid" && state="pid $(cat "$dir/frontend.pid")"
  echo "front end  http://127.0.0.1:$frontend_port  ($state)"
  [ -f "$dir/env.sh" ] && echo "admin key  in $dir/env.sh (Notify__AdminKey); logs in $dir/logs"
  return 0
}

stop() {
  # SIGTERM: silos leave membership gracefully and hand their portals and queues over.
  for pid in "$dir/frontend.pid" "$dir"/silo*.pid; do
    [ -e "$pid" ] || continue
    if running "$pid"; then
      kill "$(cat "$pid")"
      for _ in $(seq 1 60); do running "$pid" || break; sleep 0.5; done
      running "$pid" && kill -9 "$(cat "$pid")"
    fi
    rm -f "$pid"
  done
  if [ -f "$dir/pg.env" ]; then source "$dir/pg.env"; eval "$pg_ctl_stop" || true; rm -f "$dir/pg.env"; fi
  rm -rf "$dir/postgres" # a throw-away database, as in the tests
  echo "stopped"
}

case "${1:-}" in
  start) start "${2:-3}" ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start [N] | stop | status" >&2; exit 2 ;;
esac
