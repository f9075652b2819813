#!/usr/bin/env bash
# The editor checks that need more than cargo (the Neovim and Helix tests run
# under `cargo test`): the VS Code extension's install, build, unit and
# protocol tests, and its packaging into a .vsix.
#   BULWARK_BIN  the binary the protocol test drives (default: the debug build)
# Needs node 20+ and npm; `npm ci` reaches only the npm registry.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"
export BULWARK_BIN="${BULWARK_BIN:-${CARGO_TARGET_DIR:-$repo/target}/debug/bulwark}"
if [[ ! -x "$BULWARK_BIN" ]]; then
  echo "no bulwark binary at $BULWARK_BIN (cargo build -p bulwark, or set BULWARK_BIN)" >&2
  exit 2
fi

cd "$here/vscode"
npm ci --no-audit --no-fund
npm run build
node --test out/test/
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
npx --no-install vsce package --out "$out/bulwark.vsix" </dev/null
test -s "$out/bulwark.vsix"
