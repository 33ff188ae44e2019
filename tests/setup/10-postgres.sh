# Sourced by tests/run.sh: a throw-away PostgreSQL for the tests, on a private port and data directory.
# Exports NOTIFY_TEST_POSTGRES (an Npgsql connection string) and pushes its stop command on `cleanups`.
# PostgreSQL refuses to run as root, so as root the server runs as the `postgres` OS user.

pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$pg_bin" ] || [ ! -x "$pg_bin/initdb" ]; then
  echo "PostgreSQL not found: installing Debian's postgresql"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
fi

pg_run=()
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --home-dir /nonexistent --shell /usr/sbin/nologin postgres
  pg_run=(runuser -u postgres --)
  # The server user must reach its directory under the (root-owned, private) test root.
  chmod o+x "$NOTIFY_TEST_ROOT"
fi

pg_dir="$NOTIFY_TEST_ROOT/postgres"
mkdir -p "$pg_dir"
pg_password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
printf '%s\n' "$pg_password" > "$pg_dir/pwfile"
[ "$(id -u)" = 0 ] && chown -R postgres "$pg_dir"

# A free port in a range nothing else here uses by default.
pg_port=""
for _ in $(seq 1 50); do
  candidate=$((25000 + RANDOM % 10000))
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then pg_port=$candidate; break; fi
done
[ -n "$pg_port" ] || { echo "no free port for PostgreSQL" >&2; return 1; }

"${pg_run[@]}" "$pg_bin/initdb" -D "$pg_dir/data" -U notify --pwfile="$pg_dir/pwfile" \
  --auth=scram-sha-256 -E UTF8 --locale=C >"$pg_dir/initdb.log"
# fsync off: a crash of this throw-away server loses nothing anyone needs. Sockets stay in its own directory.
"${pg_run[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 60 start \
  -o "-p $pg_port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$pg_dir -c fsync=off \
      -c synchronous_commit=off -c full_page_writes=off -c max_connections=300 -c timezone=UTC" >/dev/null
cleanups+=("${pg_run[*]} $pg_bin/pg_ctl -D '$pg_dir/data' -m fast -w stop >/dev/null")
# Npgsql's default database is the user's name: with it, the bare connection string below works too.
PGPASSWORD="$pg_password" "$pg_bin/createdb" -h 127.0.0.1 -p "$pg_port" -U notify notify

export NOTIFY_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=notify;Password=$pg_password"
echo "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$pg_port ($pg_dir)"
