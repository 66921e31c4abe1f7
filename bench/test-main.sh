#!/usr/bin/env bash
# Runs a main class of the test sources (the Java benchmark harnesses under src/test) on the test classpath.
#   bench/test-main.sh CLASS [args...]    e.g. bench/test-main.sh org.nas4j.transfer.ColdStartBench 200 50
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
main="${1:?usage: bench/test-main.sh CLASS [args...]}"; shift
mvn -B -q -o test-compile
cp_file=$(mktemp)
trap 'rm -f "$cp_file"' EXIT
mvn -B -q -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" >/dev/null
java -Dai.djl.offline=true -cp "target/classes:target/test-classes:$(cat "$cp_file")" "$main" "$@"
