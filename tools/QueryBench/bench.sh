#!/usr/bin/env bash
# Reproduces "Queries over 400 days" in docs/BENCHMARKS.md: for each store (a private PostgreSQL with fsync on, then
# the embedded SQLite store) the platform in Release on 127.0.0.1, one domain filled with 400 days × 20 reporters
# over HTTPS, then the summary, filtered summaries and daily series timed warm.
# Usage: tools/QueryBench/bench.sh [query tool arguments...]; STORES="sqlite" (or "postgres") runs one store only.
# The queries start 70 s after the fill (SETTLE=0 for none): a store that has held a domain for 400 days has statistics
# for it, and PostgreSQL's autovacuum analyzes new rows within its one-minute naptime.
set -euo pipefail
cd "$(dirname "$0")/../.."
source tools/private-postgres.sh
PID=""
# The platform first, and only then PostgreSQL: a silo that loses its store while shutting down waits for it.
stop_platform() {
  if [ -n "$PID" ]; then kill "$PID" 2>/dev/null || true; timeout 45 tail --pid="$PID" -f /dev/null 2>/dev/null || kill -9 "$PID" 2>/dev/null || true; fi
  PID=""
}
trap 'stop_platform; stop_private_postgres' EXIT
export LC_ALL=C.UTF-8

dotnet build -c Release src/Silo -v q >/dev/null
dotnet build -c Release tools/QueryBench -v q >/dev/null
HTTP_PORT=8090
while ss -ltn | grep -q ":$HTTP_PORT "; do HTTP_PORT=$((HTTP_PORT + 1)); done
for store in ${STORES:-postgres sqlite}; do
  CONNECTION=""
  [ "$store" = postgres ] && start_private_postgres 57432
  # Other benchmarks may run on this machine: no SMTP listener or metrics port, and Orleans ports next to the free HTTP port.
  # Retention above the 400 days measured, so the daily pruning cannot cut the range while it is filled.
  dotnet src/Silo/bin/Release/net10.0/TlsRptPlatform.Silo.dll --Urls=http://127.0.0.1:$HTTP_PORT \
    --Platform:DataDirectory="$WORK/$store" --Platform:AdminApiKey=bench-admin --ConnectionStrings:Platform="$CONNECTION" \
    --Retention:Days=500 --Smtp:ListenPort=0 --Telemetry:MetricsPort=0 --Orleans:SiloPort=$((HTTP_PORT + 3300)) --Orleans:GatewayPort=$((HTTP_PORT + 22300)) --Ingestion:RateLimit:PerTokenPerMinute=0 --Ingestion:RateLimit:PerAddressPerMinute=0 \
    --Api:RateLimit:PerKeyPerMinute=0 --Logging:LogLevel:Default=Warning >"$WORK/$store.log" 2>&1 &
  PID=$!
  until curl -sf http://127.0.0.1:$HTTP_PORT/health/ready >/dev/null; do kill -0 $PID || { cat "$WORK/$store.log"; exit 1; }; sleep 0.5; done
  echo "store=$store"
  dotnet tools/QueryBench/bin/Release/net10.0/TlsRptPlatform.QueryBench.dll --url http://127.0.0.1:$HTTP_PORT --admin-key bench-admin --settle "${SETTLE:-70}" "$@"
  stop_platform
  [ "$store" = postgres ] && as_pg "$PG_BIN/pg_ctl" -D "$WORK/data" -m fast stop >/dev/null
done
