#!/usr/bin/env bash
# Prepares everything the test suite needs on this machine, and only what is missing:
#   - the packages docker.io, docker-registry and mmdebstrap (installed when running as root);
#   - a Docker engine (dockerd without bridge or iptables: tests use host networking on loopback);
#   - a registry on 127.0.0.1:5000 (the distribution registry, no auth, its own storage folder);
#   - the offline Python base image, made with mmdebstrap + docker import, rebuilt only when its recipe changes;
#   - a small wheel index on 127.0.0.1:5081 for requirement installs (pip's simple-index layout).
# It is idempotent: a second run finds everything running and returns in well under a second.
# What it made is written to $STATE_DIR/env as KEY=VALUE lines, which the tests read.
set -euo pipefail

STATE_DIR="${PYTHONRUNTIME_TEST_STATE:-/var/lib/pythonruntime-test}"
LOG_DIR="$STATE_DIR/logs"
REGISTRY_ADDR="127.0.0.1:5000"
WHEEL_ADDR_HOST="127.0.0.1"
WHEEL_PORT="5081"
SUITE="bookworm"
BASE_PACKAGES="python3,python3-venv,ca-certificates"

say() { printf 'test-env: %s\n' "$*"; }
fail() { printf 'test-env: error: %s\n' "$*" >&2; exit 5; }

is_root() { [ "$(id -u)" = 0 ]; }

ensure_packages() {
  local missing=()
  command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
  command -v docker-registry >/dev/null 2>&1 || missing+=(docker-registry)
  command -v mmdebstrap >/dev/null 2>&1 || missing+=(mmdebstrap)
  [ ${#missing[@]} -eq 0 ] && return 0
  is_root || fail "missing ${missing[*]}; run this script as root once (apt-get install -y ${missing[*]}), or install them by hand"
  say "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >"$LOG_DIR/apt.log" 2>&1 || true
  apt-get install -y -q --no-install-recommends "${missing[@]}" >>"$LOG_DIR/apt.log" 2>&1 \
    || fail "apt-get install ${missing[*]} failed; see $LOG_DIR/apt.log"
}

wait_for() { # seconds, description, command...
  local seconds="$1" what="$2"; shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -ge $deadline ] && return 1
    sleep 0.2
  done
}

ensure_docker() {
  if docker info >/dev/null 2>&1; then return 0; fi
  is_root || fail "the Docker engine is not running and starting it needs root"
  say "starting dockerd (no bridge, no iptables; log $LOG_DIR/dockerd.log)"
  # setsid: the engine outlives this script and is not killed with the test run's process group.
  setsid dockerd --bridge=none --iptables=false --ip-masq=false --host=unix:///var/run/docker.sock \
    >"$LOG_DIR/dockerd.log" 2>&1 < /dev/null &
  wait_for 60 "the Docker engine" docker info || fail "dockerd did not answer within 60 s; see $LOG_DIR/dockerd.log"
}

registry_up() { python3 - "$REGISTRY_ADDR" <<'EOF'
import sys, urllib.request
urllib.request.urlopen(f"http://{sys.argv[1]}/v2/", timeout=2).read()
EOF
}

ensure_registry() {
  if registry_up 2>/dev/null; then return 0; fi
  local config="$STATE_DIR/registry.yml"
  mkdir -p "$STATE_DIR/registry"
  cat >"$config" <<EOF
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $STATE_DIR/registry
  delete:
    enabled: true
http:
  addr: $REGISTRY_ADDR
EOF
  say "starting the registry on $REGISTRY_ADDR (log $LOG_DIR/registry.log)"
  setsid docker-registry serve "$config" >"$LOG_DIR/registry.log" 2>&1 < /dev/null &
  wait_for 30 "the registry" registry_up || fail "the registry did not answer on $REGISTRY_ADDR; see $LOG_DIR/registry.log"
}

ensure_base_image() {
  # The tag carries a hash of the recipe, so a changed recipe makes a new image and a stale one is never used.
  local recipe="mmdebstrap --variant=minbase --include=$BASE_PACKAGES $SUITE; cleanup v1"
  local hash
  hash="$(printf '%s' "$recipe" | sha256sum | cut -c1-12)"
  BASE_IMAGE="pythonruntime-test/python-base:$SUITE-$hash"
  if docker image inspect "$BASE_IMAGE" >/dev/null 2>&1; then return 0; fi
  local tarball="$STATE_DIR/cache/rootfs-$hash.tar"
  mkdir -p "$STATE_DIR/cache"
  if [ ! -s "$tarball" ]; then
    say "making the base image root filesystem with mmdebstrap (about half a minute; log $LOG_DIR/mmdebstrap.log)"
    # Documentation, caches and apt lists are left out: the image only has to run python3 -m venv and pip.
    mmdebstrap --variant=minbase --format=tar --include="$BASE_PACKAGES" \
      --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/doc/*' \
      --dpkgopt='path-exclude=/usr/share/locale/*' \
      --customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/*' \
      "$SUITE" "$tarball.partial" >"$LOG_DIR/mmdebstrap.log" 2>&1 \
      || { rm -f "$tarball.partial"; fail "mmdebstrap failed; see $LOG_DIR/mmdebstrap.log"; }
    mv "$tarball.partial" "$tarball"
  fi
  say "importing $BASE_IMAGE"
  docker import --change 'ENV PATH=/usr/local/bin:/usr/bin:/bin' --change 'CMD ["python3"]' \
    "$tarball" "$BASE_IMAGE" >/dev/null || fail "docker import of $tarball failed"
}

index_up() { python3 - "$WHEEL_ADDR_HOST:$WHEEL_PORT" <<'EOF'
import sys, urllib.request
urllib.request.urlopen(f"http://{sys.argv[1]}/pyrt-greeting/", timeout=2).read()
EOF
}

ensure_wheel_index() {
  local index="$STATE_DIR/wheels"
  if [ ! -f "$index/pyrt-greeting/pyrt_greeting-1.0.0-py3-none-any.whl" ]; then
    mkdir -p "$index/pyrt-greeting"
    # A pure-Python wheel is a zip of the module plus METADATA, WHEEL and RECORD; written here so no index is needed.
    python3 - "$index/pyrt-greeting/pyrt_greeting-1.0.0-py3-none-any.whl" <<'EOF'
import base64, hashlib, sys, zipfile
files = {
    "pyrt_greeting/__init__.py": b'def greet(name):\n    return f"Greetings, {name}!"\n',
    "pyrt_greeting-1.0.0.dist-info/METADATA": b"Metadata-Version: 2.1\nName: pyrt-greeting\nVersion: 1.0.0\n",
    "pyrt_greeting-1.0.0.dist-info/WHEEL": b"Wheel-Version: 1.0\nGenerator: pythonruntime-test-env\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
}
record = []
for name, data in files.items():
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    record.append(f"{name},sha256={digest},{len(data)}")
record.append("pyrt_greeting-1.0.0.dist-info/RECORD,,")
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as wheel:
    for name, data in files.items():
        wheel.writestr(zipfile.ZipInfo(name, (2020, 1, 1, 0, 0, 0)), data)
    wheel.writestr(zipfile.ZipInfo("pyrt_greeting-1.0.0.dist-info/RECORD", (2020, 1, 1, 0, 0, 0)), "\n".join(record) + "\n")
EOF
  fi
  if index_up 2>/dev/null; then return 0; fi
  say "serving the wheel index on $WHEEL_ADDR_HOST:$WHEEL_PORT"
  setsid python3 -m http.server "$WHEEL_PORT" --bind "$WHEEL_ADDR_HOST" --directory "$index" \
    >"$LOG_DIR/wheel-index.log" 2>&1 < /dev/null &
  wait_for 15 "the wheel index" index_up || fail "the wheel index did not answer; see $LOG_DIR/wheel-index.log"
}

main() {
  mkdir -p "$STATE_DIR" "$LOG_DIR" 2>/dev/null || fail "cannot create $STATE_DIR; set PYTHONRUNTIME_TEST_STATE to a writable folder"
  ensure_packages
  ensure_docker
  ensure_registry
  ensure_base_image
  ensure_wheel_index
  cat >"$STATE_DIR/env.partial" <<EOF
BASE_IMAGE=$BASE_IMAGE
REGISTRY=$REGISTRY_ADDR
WHEEL_INDEX=http://$WHEEL_ADDR_HOST:$WHEEL_PORT/
EOF
  mv "$STATE_DIR/env.partial" "$STATE_DIR/env"
  say "ready: base image $BASE_IMAGE, registry $REGISTRY_ADDR, wheel index http://$WHEEL_ADDR_HOST:$WHEEL_PORT/"
}

main "$@"
