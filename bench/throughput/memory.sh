#!/usr/bin/env bash
# Resident memory over COUNT (default 200) consecutive small trainings in one JVM, as the launcher runs nas4j
# (tcmalloc preloaded when installed). The Java heap is fixed and pre-touched (-Xms=-Xmx, AlwaysPreTouch) so RSS
# growth means native memory, not the JVM touching more of its heap. Pass/fail goal: RSS at the end within +-10% of RSS after WARMUP trainings.
#   bench/throughput/memory.sh [COUNT] [WARMUP] [DISTINCT]   (DISTINCT > 0: cycle through that many architectures)
# JAVA_OPTS=-XX:NativeMemoryTracking=summary adds the JVM's own committed memory after the warm-up and at the end.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
[[ -f "$root/target/nas4j.jar" ]] || (cd "$root" && mvn -q -B -DskipTests package)
tcm=/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4
preload=""; [[ -f $tcm && -z "${NAS4J_NO_TCMALLOC:-}" ]] && preload=$tcm
LD_PRELOAD=$preload exec java ${JAVA_OPTS:-} -Xms256m -Xmx256m -XX:+AlwaysPreTouch -Dai.djl.offline=true -cp "$root/target/nas4j.jar:$root/target/lib/*" \
  "$here/Memory.java" "$@" 2> >(grep -v 'WARN\|Warning' >&2)
