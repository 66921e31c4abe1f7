#!/usr/bin/env bash
# The cold-start trade-off of transfer (docs/transfer.md): rea-xfer and xfernao with each way of drawing the
# member a decision follows, on NAS-Bench-201 with related, adversarial, weak and mixed sources.
#   bench/cold-start.sh [runs, default 200] [nao runs, default 50] [source sets, default related,negated,noisy,mixed]
exec "$(dirname "${BASH_SOURCE[0]}")/test-main.sh" org.nas4j.transfer.ColdStartBench "$@"
