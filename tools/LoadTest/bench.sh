#!/usr/bin/env bash
# Reproduces the ingestion numbers in docs/BENCHMARKS.md: a private PostgreSQL (fsync on), the platform in Release,
# and the load tool, all on 127.0.0.1. Usage: tools/LoadTest/bench.sh [load tool arguments...]
# STORE=sqlite runs the platform on its embedded store instead (no PostgreSQL is started).
# SILOS=3 runs three silo processes and a separate gateway (Platform:Role) instead of one all-in-one process.
# PLATFORM_ARGS adds settings to every platform process, e.g. PLATFORM_ARGS="--Storage:GroupCommit:MaxReports=1".
# CEILING=1 first measures PostgreSQL's own ceiling on the same server with pgbench: single-row INSERT transactions,
# 32 clients, 20 s (CEILING_SECONDS), printed as "pgbench ceiling: N tx/s" — the limit the platform's figures sit beside.
set -euo pipefail
[ -n "${TRACE:-}" ] && set -x
cd "$(dirname "$0")/../.."
source tools/private-postgres.sh
# The platform first, and only then PostgreSQL: a silo that loses its store while shutting down waits for it.
cleanup() {
  for p in ${PIDS:-}; do kill "$p" 2>/dev/null || true; done
  for p in ${PIDS:-}; do timeout 45 tail --pid="$p" -f /dev/null 2>/dev/null || kill -9 "$p" 2>/dev/null || true; done
  stop_private_postgres
}
trap cleanup EXIT
export LC_ALL=C.UTF-8

CONNECTION=""
if [ "${STORE:-postgres}" != sqlite ]; then
  start_private_postgres 55432
  if [ -n "${CEILING:-}" ]; then
    "$PG_BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -q -c "CREATE TABLE ceiling (id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT now(), payload text NOT NULL)" tlsrpt
    echo "INSERT INTO ceiling (payload) VALUES (md5(random()::text));" >"$WORK/ceiling.sql"
    TPS=$("$PG_BIN/pgbench" -h 127.0.0.1 -p "$PORT" -U postgres -n -c 32 -j 2 -T "${CEILING_SECONDS:-20}" -f "$WORK/ceiling.sql" tlsrpt 2>/dev/null \
      | awk '/^tps/ { printf "%.0f", $3 }')
    echo "pgbench ceiling: $TPS tx/s (single-row INSERT transactions, 32 clients, fsync on)"
    "$PG_BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -q -c "DROP TABLE ceiling" tlsrpt
  fi
fi

dotnet build -c Release src/Silo -v q >/dev/null
dotnet build -c Release tools/LoadTest -v q >/dev/null
COMMON=(--Platform:AdminApiKey=bench-admin --ConnectionStrings:Platform="$CONNECTION"
  --Ingestion:RateLimit:PerTokenPerMinute=0 --Ingestion:RateLimit:PerAddressPerMinute=0 --Api:RateLimit:PerKeyPerMinute=0
  --Logging:LogLevel:Default=Warning ${PLATFORM_ARGS:-})
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

# CPU seconds (user + system, including reaped children) of the platform processes and of PostgreSQL's processes: the
# cost per report, which a busy machine distorts far less than it distorts throughput.
cpu_seconds() { # pids...
  local ticks=0 p
  for p in "$@"; do
    [ -r "/proc/$p/stat" ] && ticks=$((ticks + $(awk '{ print $14 + $15 + $16 + $17 }' "/proc/$p/stat")))
  done
  awk -v t="$ticks" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.1f", t / hz }'
}
postgres_pids() {
  [ -f "$WORK/data/postmaster.pid" ] || return 0
  local master; master=$(head -1 "$WORK/data/postmaster.pid")
  echo "$master" $(pgrep -P "$master")
}
PLATFORM_CPU0=$(cpu_seconds $PIDS); POSTGRES_CPU0=$(cpu_seconds $(postgres_pids))

# The load tool shares the machine's cores with the platform and PostgreSQL: its CPU is printed too, so the three add up
# to what a report costs the machine (bash's time keyword, to stderr).
TIMEFORMAT='cpu: load tool=%3Us user + %3Ss system'
time dotnet tools/LoadTest/bin/Release/net10.0/TlsRptPlatform.LoadTest.dll --url http://127.0.0.1:8080 --admin-key bench-admin "$@"

# Setup and warm-up included: compare runs with the same arguments.
echo "cpu: platform=$(awk -v a="$(cpu_seconds $PIDS)" -v b="$PLATFORM_CPU0" 'BEGIN { print a - b }')s postgres=$(awk -v a="$(cpu_seconds $(postgres_pids))" -v b="$POSTGRES_CPU0" 'BEGIN { print a - b }')s (since the platform was ready: tenant, domains, warm-up and the measured reports)"
