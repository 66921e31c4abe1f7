#!/usr/bin/env bash
# Dashboard scale (docs/dashboard.md): server time per request and page load in headless Chromium for a study of
# 1k, 10k and 50k evaluations, on SQLite and PostgreSQL (NAS4J_SKIP_PG=1 for SQLite only); medians.
#   bench/dashboard/run.sh [evaluations ...]     default: 1000 10000 50000
# Needs Debian's chromium and chromium-driver for the page load times (left out without them).
exec "$(dirname "${BASH_SOURCE[0]}")/../test-main.sh" org.nas4j.dashboard.DashboardBench "$@"
