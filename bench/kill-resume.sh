#!/usr/bin/env bash
# Kills a real search (training on the bundled digits) with SIGKILL at N random moments, reruns the same
# command each time, and checks with sqlite3 that no finished evaluation was lost or trained twice and that
# the study finishes its budget. Usage: bench/kill-resume.sh [kills=10] [budget=60]
# (the CI-sized variant of this check is KillResumeTest, on NAS-Bench-201 lookups through the same runner)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
kills="${1:-10}"
budget="${2:-60}"
work="$(mktemp -d)"
db="$work/kill.db"
trap 'rm -rf "$work"' EXIT
command -v sqlite3 >/dev/null || { echo "needs sqlite3 (apt-get install sqlite3)" >&2; exit 1; }
cmd=("$here/nas4j" search --data digits --store "$db" --study killed --budget-evals "$budget" --epochs 1
     --final-epochs 0 --seed 5 --sources none)
"$here/nas4j" --help >/dev/null   # build once, outside the timed runs

snapshot() { # id|arch|finish_seq of finished trials
  [[ -f "$db" ]] || return 0
  sqlite3 "$db" "select t.id||'|'||t.architecture||'|'||t.finish_seq from nas4j_evaluation t join nas4j_study s on s.id=t.study_id
                 where s.name='killed' and t.status in ('COMPLETE','FAILED') order by t.id" 2>/dev/null || true
}

prev=""
for i in $(seq 1 "$kills"); do
  "${cmd[@]}" >"$work/out.$i" 2>&1 &
  pid=$!
  sleep "$(awk -v s="$RANDOM" 'BEGIN{srand(s); printf "%.1f", 4 + rand()*10}')"
  if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid"; wait "$pid" 2>/dev/null || true; echo "kill $i: SIGKILL"; else wait "$pid" || true; echo "kill $i: had finished"; fi
  now="$(snapshot)"
  # every finished trial seen before is still there with the same finish order
  missing="$(comm -23 <(printf '%s\n' "$prev" | sed '/^$/d' | sort) <(printf '%s\n' "$now" | sed '/^$/d' | sort))"
  [[ -z "$missing" ]] || { echo "LOST: $missing" >&2; exit 1; }
  dups="$(printf '%s\n' "$now" | cut -d'|' -f2 | sed '/^$/d' | sort | uniq -d)"
  [[ -z "$dups" ]] || { echo "TRAINED TWICE: $dups" >&2; exit 1; }
  echo "  finished so far: $(printf '%s\n' "$now" | sed '/^$/d' | wc -l)"
  prev="$now"
done
"${cmd[@]}" >"$work/out.final" 2>&1
n="$(snapshot | sed '/^$/d' | wc -l)"
[[ "$n" == "$budget" ]] || { echo "study finished $n of $budget" >&2; cat "$work/out.final" >&2; exit 1; }
echo "OK: $kills kills, $n/$budget evaluations finished, none lost or repeated"
