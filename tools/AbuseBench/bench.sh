#!/usr/bin/env bash
# Reproduces the memory and storage numbers of issue 11 in docs/BENCHMARKS.md: the platform in Release as a separate
# process (one fresh process per GC configuration and scenario), attacked on 127.0.0.1 by tools/AbuseBench.
# Usage: tools/AbuseBench/bench.sh [--gc default,workstation,…] [--scenario https,https-lie,https-multi,smtp,storage] [...]
# STORE=postgres runs the platform on a private PostgreSQL (fsync on) instead of its embedded SQLite store.
set -euo pipefail
[ -n "${TRACE:-}" ] && set -x
cd "$(dirname "$0")/../.."
source tools/private-postgres.sh
trap stop_private_postgres EXIT
export LC_ALL=C.UTF-8

CONNECTION=""
if [ "${STORE:-sqlite}" = postgres ]; then
  start_private_postgres 57432
fi

dotnet build -c Release src/Silo -v q >/dev/null
dotnet build -c Release tools/AbuseBench -v q >/dev/null
dotnet tools/AbuseBench/bin/Release/net10.0/TlsRptPlatform.AbuseBench.dll \
  --silo src/Silo/bin/Release/net10.0/TlsRptPlatform.Silo.dll --connection "$CONNECTION" --work "${RUNS:-/tmp/tlsrpt-abuse-runs}" "$@"
