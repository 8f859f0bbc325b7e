#!/usr/bin/env bash
# Installs coprint so that it runs from any folder: the program in PREFIX/bin and its layouts and
# fonts in PREFIX/share/coprint, where it looks for them. PREFIX is /usr/local unless given.
#
#   bash scripts/install.sh                 # builds (release) if needed, installs to /usr/local
#   PREFIX=$HOME/.local bash scripts/install.sh
set -euo pipefail
cd "$(dirname "$0")/.."
prefix="${PREFIX:-/usr/local}"
bin="${COPRINT_BINARY:-.build/release/coprint}"
if [ ! -x "$bin" ]; then
  echo "Building coprint (release)..."
  swift build -c release --static-swift-stdlib --product coprint 2>&1 | { grep -v "prohibited flag" || true; }
fi
mkdir -p "$prefix/bin" "$prefix/share/coprint"
rm -rf "$prefix/share/coprint/layouts" "$prefix/share/coprint/fonts"
cp -R layouts fonts "$prefix/share/coprint/"
install -m 755 "$bin" "$prefix/bin/coprint"
echo "Installed $prefix/bin/coprint (layouts and fonts in $prefix/share/coprint)."
case ":$PATH:" in
  *":$prefix/bin:"*) ;;
  *) echo "Add $prefix/bin to your PATH to run it as 'coprint', for example: export PATH=\"$prefix/bin:\$PATH\"" ;;
esac
