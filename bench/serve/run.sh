#!/usr/bin/env bash
# Serve benchmark: the runner's JSON echo vs a minimal standard-library echo (and the naive
# BaseHTTPRequestHandler), driven by wrk in the same run on 127.0.0.1.
#   bench/serve/run.sh                 # 10 s per server, one round
#   ROUNDS=3 bench/serve/run.sh        # baseline/runner interleaved 3 times, medians reported
#   DURATION=5s PYTHON=python3.9 bench/serve/run.sh
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
RUNNER="$REPO/src/PythonRuntime/Runner/pythonruntime_runner.py"
DURATION="${DURATION:-10s}"
CONNECTIONS="${CONNECTIONS:-16}"
THREADS="${THREADS:-2}"
ROUNDS="${ROUNDS:-1}"
if [[ -z "${PYTHON:-}" ]]; then
  # A version-manager shim in front of python3 adds its own start-up; use the real binary.
  if [[ -x /usr/bin/python3.11 ]]; then PYTHON=/usr/bin/python3.11; else PYTHON="$(command -v python3)"; fi
fi
command -v wrk >/dev/null || { echo "wrk not found: apt-get install -y wrk" >&2; exit 1; }

WORK="$(mktemp -d)"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

wait_for() {  # wait_for FILE: until it exists (servers announce their port there)
  for _ in $(seq 200); do [[ -s "$1" ]] && return 0; sleep 0.05; done
  echo "timed out waiting for $1" >&2; exit 1
}

# (a) the runner, readiness by polling /readyz like the executors do
cat > "$WORK/spec.json" <<JSON
{"project": "bench", "function": "echo", "run_id": "bench", "code_dir": "$HERE/echo",
 "handler": "main:handler", "host": "127.0.0.1", "port": 0, "health_port": 0, "output_dir": "$WORK/runner"}
JSON
"$PYTHON" "$RUNNER" serve --spec "$WORK/spec.json" >"$WORK/runner.out" 2>"$WORK/runner.err" &
PIDS+=($!)
wait_for "$WORK/runner/serve.json"
OURS_URL="$("$PYTHON" -c 'import json,sys; print(json.load(open(sys.argv[1]))["url"])' "$WORK/runner/serve.json")"
HEALTH_URL="$("$PYTHON" -c 'import json,sys; print(json.load(open(sys.argv[1]))["health_url"])' "$WORK/runner/serve.json")"
for _ in $(seq 200); do
  [[ "$(curl -s -o /dev/null -w '%{http_code}' "$HEALTH_URL/readyz")" == 200 ]] && break; sleep 0.05
done

# (b) the baseline and (c) the naive server
"$PYTHON" "$HERE/baseline_server.py" >"$WORK/baseline.port" 2>"$WORK/baseline.err" &
PIDS+=($!)
"$PYTHON" "$HERE/baseline_server.py" --naive >"$WORK/naive.port" 2>"$WORK/naive.err" &
PIDS+=($!)
wait_for "$WORK/baseline.port"
wait_for "$WORK/naive.port"
BASE_URL="http://127.0.0.1:$(awk '/PORT/{print $2}' "$WORK/baseline.port")"
NAIVE_URL="http://127.0.0.1:$(awk '/PORT/{print $2}' "$WORK/naive.port")"

# Sanity: all three echo the same JSON before we time them.
for url in "$OURS_URL" "$BASE_URL" "$NAIVE_URL"; do
  got="$(curl -s -X POST -H 'Content-Type: application/json' -d '{"a":[1,2]}' "$url/")"
  [[ "$got" == '{"a":[1,2]}' ]] || { echo "bad echo from $url: $got" >&2; exit 1; }
done

run_wrk() {  # run_wrk NAME URL ROUND
  echo "== $1 (round $3): wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency -s post.lua $2/" >&2
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$HERE/post.lua" "$2/" | tee "$WORK/$1.$3.wrk" >&2
}
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores, $("$PYTHON" -V 2>&1)" >&2
# Interleaved rounds so background load on a shared machine hits both servers alike.
for round in $(seq "$ROUNDS"); do
  run_wrk baseline "$BASE_URL" "$round"
  run_wrk runner "$OURS_URL" "$round"
done
run_wrk naive "$NAIVE_URL" 1

"$PYTHON" - "$WORK" "$ROUNDS" <<'PY'
import glob, os, re, statistics, sys

def ms(text):
    value, unit = re.match(r"([\d.]+)(us|ms|s)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

def parse(path):
    text = open(path).read()
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    p50 = ms(re.search(r"\s50%\s+(\S+)", text).group(1))
    p99 = ms(re.search(r"\s99%\s+(\S+)", text).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    sock = re.search(r"Socket errors: (.*)", text)
    notes = "; ".join(m.group(0) for m in (bad, sock) if m)
    return rps, p50, p99, notes

work, rounds = sys.argv[1], int(sys.argv[2])
labels = {"runner": "pythonruntime runner (echo handler)", "baseline": "stdlib baseline (NODELAY, one send)",
          "naive": "naive BaseHTTPRequestHandler (Nagle, two sends)"}
rows = {}
for name in ("runner", "baseline", "naive"):
    runs = [parse(p) for p in sorted(glob.glob(os.path.join(work, name + ".*.wrk")))]
    # Median per column across rounds: one noisy round on a shared machine does not decide.
    rows[name] = (statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs),
                  statistics.median(r[2] for r in runs), "; ".join(r[3] for r in runs if r[3]), len(runs))
base = rows["baseline"][0]
print("| server | req/s | p50 | p99 | vs baseline | rounds |")
print("|---|---:|---:|---:|---:|---:|")
for name in ("runner", "baseline", "naive"):
    rps, p50, p99, notes, n = rows[name]
    print("| %s | %.0f | %.2f ms | %.2f ms | %.2fx | %d |%s" % (labels[name], rps, p50, p99, rps / base, n, " " + notes if notes else ""))
PY
