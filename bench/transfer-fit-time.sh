#!/usr/bin/env bash
# Time to fit the transfer network u(x) on NAS-Bench-201's sources (docs/transfer.md).
#   bench/transfer-fit-time.sh [repeats, default 7]
exec "$(dirname "${BASH_SOURCE[0]}")/test-main.sh" org.nas4j.transfer.TransferFitBench "$@"
