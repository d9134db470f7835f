# Sourced by the benchmark scripts: a private PostgreSQL (fsync on) in a temp directory on 127.0.0.1.
# After start_private_postgres BASE_PORT, $CONNECTION is its connection string; stop_private_postgres removes it all.
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
WORK=$(mktemp -d /tmp/tlsrpt-bench-XXXXXX)
as_pg() { if [ "$(id -u)" = 0 ]; then chown -R postgres "$WORK"; runuser -u postgres -- "$@"; else "$@"; fi; }

start_private_postgres() {
  PORT=${PG_PORT:-$1}
  while ss -ltn | grep -q ":$PORT "; do PORT=$((PORT + 1)); done
  as_pg "$PG_BIN/initdb" -D "$WORK/data" -U postgres --auth=trust -E UTF8 >/dev/null
  as_pg "$PG_BIN/pg_ctl" -D "$WORK/data" -l "$WORK/pg.log" -w \
    -o "-p $PORT -k $WORK -c listen_addresses=127.0.0.1 -c max_connections=200 ${PG_OPTS:-}" start >/dev/null
  "$PG_BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres tlsrpt
  CONNECTION="Host=127.0.0.1;Port=$PORT;Username=postgres;Database=tlsrpt;Maximum Pool Size=100"
}

stop_private_postgres() {
  if [ -d "$WORK/data" ]; then as_pg "$PG_BIN/pg_ctl" -D "$WORK/data" -m fast stop >/dev/null 2>&1 || true; fi
  rm -rf "$WORK"
}
