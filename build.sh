#!/usr/bin/env bash
# Runs the build graph: ./build.sh [--target=NAME] [options]. The Cake host is compiled on first use and
# again only when its sources change, so a warm start costs one .NET process start.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
host="$root/build/bin/Release/net10.0/Build.dll"
stamp="$root/build/bin/.host-built"
inputs=("$root/build" "$root/src" "$root/templates" "$root/Directory.Build.props" "$root/Directory.Packages.props" "$root/global.json")

stale() {
  [ ! -f "$host" ] || [ ! -f "$stamp" ] && return 0
  [ -n "$(find "${inputs[@]}" -newer "$stamp" -type f -not -path '*/bin/*' -not -path '*/obj/*' -print -quit 2>/dev/null)" ]
}

if stale; then
  mkdir -p "$(dirname "$stamp")"
  # Stamp first: an edit made while the build runs is then newer than the stamp and triggers the next build.
  touch "$stamp.next"
  echo "Building the build host..." >&2
  log="$(mktemp)"
  if ! dotnet build "$root/build/Build.csproj" -c Release --nologo -v quiet -clp:ErrorsOnly >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    echo "The build host did not compile; see the errors above." >&2
    exit 1
  fi
  rm -f "$log"
  mv "$stamp.next" "$stamp"
fi

cd "$root"
exec dotnet "$host" "$@"
