#!/usr/bin/env bash
# Reproduces the ingestion numbers in docs/BENCHMARKS.md: a private PostgreSQL (fsync on), the platform in Release,
# and the load tool, all on 127.0.0.1. Usage: tools/LoadTest/bench.sh [load tool arguments...]
# STORE=sqlite runs the platform on its embedded store instead (no PostgreSQL is started).
# SILOS=3 runs three silo processes and a separate gateway (Platform:Role) instead of one all-in-one process.
set -euo pipefail
[ -n "${TRACE:-}" ] && set -x
cd "$(dirname "$0")/../.."
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
PORT=${PG_PORT:-55432}
while ss -ltn | grep -q ":$PORT "; do PORT=$((PORT + 1)); done
WORK=$(mktemp -d /tmp/tlsrpt-bench-XXXXXX)
as_pg() { if [ "$(id -u)" = 0 ]; then chown -R postgres "$WORK"; runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() { for p in ${PIDS:-}; do kill "$p" 2>/dev/null || true; done; [ -d "$WORK/data" ] && as_pg "$PG_BIN/pg_ctl" -D "$WORK/data" -m fast stop >/dev/null 2>&1 || true; rm -rf "$WORK"; }
trap cleanup EXIT
export LC_ALL=C.UTF-8

CONNECTION=""
if [ "${STORE:-postgres}" != sqlite ]; then
as_pg "$PG_BIN/initdb" -D "$WORK/data" -U postgres --auth=trust -E UTF8 >/dev/null
as_pg "$PG_BIN/pg_ctl" -D "$WORK/data" -l "$WORK/pg.log" -w -o "-p $PORT -k $WORK -c listen_addresses=127.0.0.1 -c max_connections=200 ${PG_OPTS:-}" start >/dev/null
"$PG_BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres tlsrpt
CONNECTION="Host=127.0.0.1;Port=$PORT;Username=postgres;Database=tlsrpt;Maximum Pool Size=100"
fi

dotnet build -c Release src/Silo -v q >/dev/null
dotnet build -c Release tools/LoadTest -v q >/dev/null
COMMON=(--Platform:AdminApiKey=bench-admin --ConnectionStrings:Platform="$CONNECTION"
  --Ingestion:RateLimit:PerTokenPerMinute=0 --Ingestion:RateLimit:PerAddressPerMinute=0 --Api:RateLimit:PerKeyPerMinute=0
  --Logging:LogLevel:Default=Warning)
PIDS=""
start_process() { # name, http port, extra arguments...
  local name=$1 port=$2; shift 2
  dotnet src/Silo/bin/Release/net10.0/TlsRptPlatform.Silo.dll --Urls=http://127.0.0.1:$port \
    --Platform:DataDirectory="$WORK/$name" "${COMMON[@]}" "$@" >"$WORK/$name.log" 2>&1 &
  PIDS="$PIDS $!"
  until curl -sf http://127.0.0.1:$port/health/ready >/dev/null; do kill -0 $! || { cat "$WORK/$name.log"; exit 1; }; sleep 0.5; done
}
if [ "${SILOS:-1}" = 1 ]; then
  start_process all 8080
else
  for i in $(seq 1 "$SILOS"); do
    start_process "silo$i" $((8180 + i)) --Platform:Role=silo --Orleans:SiloPort=$((11200 + i)) --Orleans:GatewayPort=$((30200 + i))
  done
  start_process gateway 8080 --Platform:Role=gateway
fi


dotnet tools/LoadTest/bin/Release/net10.0/TlsRptPlatform.LoadTest.dll --url http://127.0.0.1:8080 --admin-key bench-admin "$@"
