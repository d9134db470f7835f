#!/usr/bin/env bash
# Reproduces the policy-check numbers in docs/BENCHMARKS.md: a private PostgreSQL on 127.0.0.1, N domains whose DNS is
# served by a local DNS server, the platform in Release. Usage: tools/PolicyBench/bench.sh [domains] [max concurrent checks]
set -euo pipefail
cd "$(dirname "$0")/../.."
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
PORT=${PG_PORT:-56432}
while ss -ltn | grep -q ":$PORT "; do PORT=$((PORT + 1)); done
WORK=$(mktemp -d /tmp/tlsrpt-policybench-XXXXXX)
as_pg() { if [ "$(id -u)" = 0 ]; then chown -R postgres "$WORK"; runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() { as_pg "$PG_BIN/pg_ctl" -D "$WORK/data" -m fast stop >/dev/null 2>&1 || true; rm -rf "$WORK"; }
trap cleanup EXIT
as_pg "$PG_BIN/initdb" -D "$WORK/data" -U postgres --auth=trust -E UTF8 >/dev/null
as_pg "$PG_BIN/pg_ctl" -D "$WORK/data" -l "$WORK/pg.log" -w -o "-p $PORT -k $WORK -c listen_addresses=127.0.0.1" start >/dev/null
"$PG_BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres tlsrpt
dotnet build -c Release tools/PolicyBench -v q >/dev/null
dotnet tools/PolicyBench/bin/Release/net10.0/TlsRptPlatform.PolicyBench.dll \
  "Host=127.0.0.1;Port=$PORT;Username=postgres;Database=tlsrpt;Maximum Pool Size=100" "$@"
