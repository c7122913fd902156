#!/usr/bin/env bash
# Image benchmarks against the real Docker engine and the local registry (prepared by eng/test-env.sh):
#  (a) a no-op Release of the example functions (nothing changed) against what a tool without a content cache does
#      in the same situation: a fully cached docker build plus a docker push of each function;
#  (b) a code-only rebuild of a function with requirements against its first (cold) build.
# Prints medians over ROUNDS runs. Usage: bench/images/run.sh   (ROUNDS=5 by default)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ROUNDS="${ROUNDS:-5}"
bash "$ROOT/eng/test-env.sh" >/dev/null
source <(sed 's/^/export /' "${PYTHONRUNTIME_TEST_STATE:-/var/lib/pythonruntime-test}/env")
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
now() { date +%s%N; }
ms() { echo $(( ($2 - $1) / 1000000 )); }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
host() { NO_COLOR=1 "$ROOT/build.sh" "$@" --base-image="$BASE_IMAGE" --network=host --pip-index-url="$WHEEL_INDEX" --working="$WORK/repo" >"$WORK/last.log" 2>&1 || { cat "$WORK/last.log"; exit 1; }; }

# A committed copy of the examples under a project name of its own, so its images meet nobody else's.
mkdir -p "$WORK/repo"
cp -r "$ROOT/functions" "$WORK/repo/"
project="bench$(date +%s)"
sed -e "s/^name: .*/name: $project/" "$ROOT/project.yaml" > "$WORK/repo/project.yaml"
git -C "$WORK/repo" init -q && git -C "$WORK/repo" add -A && git -C "$WORK/repo" -c user.name=b -c user.email=b@b commit -qm bench
host --target=Release   # first release: builds and pushes everything

echo "(a) no-op Release of $(ls "$WORK/repo/functions" | wc -l) example functions, $ROUNDS rounds"
release=(); images=(); baseline=()
task_ms() { awk -v task="$1" '$1 == task && $2 ~ /^[0-9][0-9]:/ { split($2, t, ":"); printf "%d\n", (t[1] * 3600 + t[2] * 60 + t[3]) * 1000 }' "$WORK/last.log"; }
for _ in $(seq "$ROUNDS"); do
  t0=$(now); host --target=Release; t1=$(now); release+=("$(ms "$t0" "$t1")")
  images+=("$(( $(task_ms Build) + $(task_ms Push) ))")
  grep -q "Step 1/" "$WORK/last.log" && { echo "a no-op release ran docker build"; exit 1; }
  t0=$(now)
  for folder in "$WORK/repo/.pythonruntime/images/"*/; do
    name="$(basename "$folder")"
    [ -d "$folder/$name" ] || continue
    ref="127.0.0.1:5000/$project-$name:nocache-baseline"
    DOCKER_BUILDKIT=0 docker build -q --network host -f "$folder/$name/Dockerfile" -t "$ref" "$folder/$name/context" >/dev/null
    docker push -q "$ref" >/dev/null
  done
  t1=$(now); baseline+=("$(ms "$t0" "$t1")")
done
r=$(printf '%s\n' "${release[@]}" | median); i=$(printf '%s\n' "${images[@]}" | median); b=$(printf '%s\n' "${baseline[@]}" | median)
echo "  whole no-op ./build.sh --target=Release (host start, validate, render, build, push, record): median ${r} ms  [${release[*]}]"
echo "  its Build + Push tasks (the image step):                                                median ${i} ms  [${images[*]}]"
echo "  a tool without a content cache: cached docker build + docker push of each:                median ${b} ms  [${baseline[*]}]"
awk -v i="$i" -v b="$b" 'BEGIN { printf "  ratio image step / no-cache baseline = %.2f (goal <= 0.50)\n", i / b }'

echo "(b) code-only rebuild vs first build of a function with a requirement, $ROUNDS rounds"
first=(); rebuild=()
mkdir -p "$WORK/repo/functions/bench-layers"
for round in $(seq "$ROUNDS"); do
  salt="$(date +%s%N)"
  cat > "$WORK/repo/functions/bench-layers/function.yaml" <<YAML
name: bench-layers
kind: python
python_version: PYTHON3_11
code_src: main.py
handler: main:handler
requirements: [pyrt-greeting==1.0.0]
tasks:
  build:
    instructions: ["echo $salt > /opt/salt"]
YAML
  echo "def handler():\n    return 'v1'" > "$WORK/repo/functions/bench-layers/main.py"
  host --target=Build --function=bench-layers; first+=("$(task_ms Build)")
  echo "def handler():\n    return 'v2 $round'" > "$WORK/repo/functions/bench-layers/main.py"
  host --target=Build --function=bench-layers; rebuild+=("$(task_ms Build)")
  grep -A1 "pip install" "$WORK/last.log" | grep -q "Using cache" || { echo "the dependency layer was not a cache hit"; exit 1; }
done
f=$(printf '%s\n' "${first[@]}" | median); c=$(printf '%s\n' "${rebuild[@]}" | median)
echo "  Build task, first build (cold instruction + pip layers): median ${f} ms  [${first[*]}]"
echo "  Build task, code-only rebuild (dependency layer cached):  median ${c} ms  [${rebuild[*]}]"
awk -v c="$c" -v f="$f" 'BEGIN { printf "  ratio rebuild / first = %.2f (goal < 0.15)\n", c / f }'
