#!/usr/bin/env bash
# Reproduces the policy-check numbers in docs/BENCHMARKS.md: a private PostgreSQL on 127.0.0.1, N domains whose DNS is
# served by a local DNS server, the platform in Release. Usage: tools/PolicyBench/bench.sh [domains] [max concurrent checks]
set -euo pipefail
cd "$(dirname "$0")/../.."
source tools/private-postgres.sh
trap stop_private_postgres EXIT
start_private_postgres 56432
dotnet build -c Release tools/PolicyBench -v q >/dev/null
dotnet tools/PolicyBench/bin/Release/net10.0/TlsRptPlatform.PolicyBench.dll "$CONNECTION" "$@"
