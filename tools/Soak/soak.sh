#!/usr/bin/env bash
# A soak run (issue 18): a private PostgreSQL (fsync on), the platform in Release with its SMTP listener, and the soak
# client driving HTTPS and SMTP reports, queries and policy checks (against a resolver that never answers) while every
# --fault-every seconds PostgreSQL is restarted or the platform process is frozen, in turn.
# Usage: tools/Soak/soak.sh [--minutes 60] [--rate 150] [--fault-every 300] [other soak client arguments...]
set -euo pipefail
cd "$(dirname "$0")/../.."
source tools/private-postgres.sh
PID=""
cleanup() {
  if [ -n "$PID" ]; then kill "$PID" 2>/dev/null || true; timeout 45 tail --pid="$PID" -f /dev/null 2>/dev/null || kill -9 "$PID" 2>/dev/null || true; fi
  stop_private_postgres
}
trap cleanup EXIT
export LC_ALL=C.UTF-8

start_private_postgres 56432
dotnet build -c Release src/Silo -v q >/dev/null
dotnet build -c Release tools/Soak -v q >/dev/null
dotnet src/Silo/bin/Release/net10.0/TlsRptPlatform.Silo.dll --Urls=http://127.0.0.1:8090 --Platform:DataDirectory="$WORK/platform" \
  --Platform:AdminApiKey=soak-admin --ConnectionStrings:Platform="$CONNECTION" --Smtp:ListenPort=2535 --Telemetry:MetricsPort=9474 \
  --Ingestion:RateLimit:PerTokenPerMinute=0 --Ingestion:RateLimit:PerAddressPerMinute=0 --Api:RateLimit:PerKeyPerMinute=0 \
  --Dns:Servers:0=127.0.0.1:9 --Dns:Timeout=00:00:01 --Dns:Retries=0 --Logging:LogLevel:Default=Warning >"$WORK/platform.log" 2>&1 &
PID=$!
until curl -sf http://127.0.0.1:8090/health/ready >/dev/null; do kill -0 $PID || { cat "$WORK/platform.log"; exit 1; }; sleep 0.5; done

DOWN="runuser -u postgres -- $PG_BIN/pg_ctl -D $WORK/data -m fast -w stop >/dev/null"
UP="runuser -u postgres -- $PG_BIN/pg_ctl -D $WORK/data -l $WORK/pg.log -w -o '-p $PORT -k $WORK -c listen_addresses=127.0.0.1 -c max_connections=200' start >/dev/null"
[ "$(id -u)" = 0 ] || { DOWN=${DOWN#runuser -u postgres -- }; UP=${UP#runuser -u postgres -- }; }
dotnet tools/Soak/bin/Release/net10.0/TlsRptPlatform.Soak.dll --url http://127.0.0.1:8090 --admin-key soak-admin \
  --smtp 127.0.0.1:2535 --pid "$PID" --fault-down "$DOWN" --fault-up "$UP" "$@"
