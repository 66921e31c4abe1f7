#!/usr/bin/env bash
# Time to fit the transfer network u(x) on NAS-Bench-201's two sources (docs/transfer.md).
#   bench/transfer-fit-time.sh [repeats, default 7]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mvn -B -q -o test-compile
cp_file=$(mktemp)
trap 'rm -f "$cp_file"' EXIT
mvn -B -q -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" >/dev/null
exec java -cp "target/classes:target/test-classes:$(cat "$cp_file")" org.nas4j.transfer.TransferFitBench "$@"
