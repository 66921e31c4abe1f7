#!/usr/bin/env bash
# nas4j worker's coordination cost and scaling on one PostgreSQL study; results and commands in docs/workers.md,
# raw output of each run in the .txt files next to this script.
#   bench/workers/run.sh sims [EVAL_MS=200] [EVALS_PER_WORKER=10] [N...=1 2 8 32 64]   simulated workers (threads,
#                                                                 each with its own store connections, fake evaluator)
#   bench/workers/run.sh sim N EVAL_MS EVALS_PER_WORKER           one simulated run, with its statements
#   bench/workers/run.sh speedup DATA BUDGET [search options...]   real search, 1 vs 2 worker processes
# Starts a throwaway PostgreSQL cluster (fsync on, pg_stat_statements loaded) from the installed server.
exec "$(dirname "${BASH_SOURCE[0]}")/../test-main.sh" org.nas4j.store.WorkersBench "$@"
