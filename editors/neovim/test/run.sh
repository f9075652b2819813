#!/usr/bin/env bash
# Runs the headless Neovim test of the plugin against a real `bulwark`.
#   BULWARK_BIN  the binary (default: the workspace's debug build)
#   NVIM         the nvim to run (default: nvim on PATH; Debian's is 0.7.2)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
plugin="$(dirname "$here")"
repo="$(cd "$plugin/../.." && pwd)"
bin="${BULWARK_BIN:-${CARGO_TARGET_DIR:-$repo/target}/debug/bulwark}"
nvim="${NVIM:-nvim}"

if [[ ! -x "$bin" ]]; then
  echo "no bulwark binary at $bin (cargo build -p bulwark, or set BULWARK_BIN)" >&2
  exit 2
fi
command -v "$nvim" >/dev/null || { echo "$nvim not found" >&2; exit 2; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir "$work/.git" # the root marker, so all three files share one server
cp "$here"/fixtures/Dockerfile "$here"/fixtures/deploy.yaml "$here"/fixtures/compose.yaml "$work/"

cd "$work"
BULWARK_PLUGIN_DIR="$plugin" BULWARK_BIN="$bin" BULWARK_TEST_DIR="$work" \
  XDG_STATE_HOME="$work/state" XDG_CACHE_HOME="$work/cache" XDG_DATA_HOME="$work/data" \
  "$nvim" --headless -n -i NONE -u "$here/minimal_init.lua" -c "luafile $here/spec.lua"
