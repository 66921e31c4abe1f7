#!/usr/bin/env bash
# Store throughput (docs/store.md): committed finishes per second on SQLite and PostgreSQL.
#   bench/store/run.sh [evaluations per run, default 400] [repeats, default 3]
#   bench/store/run.sh scale [finished evaluations, default 20000]   (per-call latency on a big study)
# Starts a throwaway PostgreSQL cluster with the installed server (fsync on), or uses NAS4J_TEST_PG_URL;
# NAS4J_SKIP_PG=1 measures SQLite only.
exec "$(dirname "${BASH_SOURCE[0]}")/../test-main.sh" org.nas4j.store.StoreBench "$@"
