#!/usr/bin/env bash
# Installs what the test suite needs, when it is missing, then runs it:
# `cargo test --workspace`, then the shared reference runners over the corpus,
# whose verdicts must agree with tests/known-failures.txt.
#
# Works as root (CI: no sudo there) and as a normal user (sudo is used only
# when something must be installed). Needs cargo; installs with apt-get:
#   neovim   the headless editor test (tests/tests/neovim.rs)
#   python3  the reference corpus runners in ../shared/tools
# and uses node 20+ with npm (only the npm registry is needed) for the VS Code
# extension's build, tests and packaging (editors/test.sh, about a minute).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

as_root() {
  if [[ "$(id -u)" -eq 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null; then
    sudo "$@"
  else
    echo "test.sh: need root to run: $*" >&2
    exit 2
  fi
}

missing=()
command -v nvim >/dev/null || missing+=(neovim)
command -v python3 >/dev/null || missing+=(python3)
if ((${#missing[@]})); then
  echo "test.sh: installing ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if ! command -v cargo >/dev/null; then
  echo "test.sh: cargo is not installed; see https://rustup.rs" >&2
  exit 2
fi

# Formatting first: it takes a second and names the file.
if cargo fmt --version >/dev/null 2>&1; then
  cargo fmt --all --check
else
  echo "test.sh: rustfmt is not installed; skipping the formatting check"
fi

# Every test binary runs even when one fails, so a CI log names them all.
cargo test --workspace --no-fail-fast

# The VS Code extension: npm ci, build, unit and protocol tests, .vsix.
if command -v npm >/dev/null; then
  BULWARK_BIN="${CARGO_TARGET_DIR:-$repo/target}/debug/bulwark" bash editors/test.sh
elif [[ -n "${CI:-}" ]]; then
  echo "test.sh: CI is set but npm is missing (the VS Code extension needs node 20+)" >&2
  exit 2
else
  echo "test.sh: skipping the VS Code extension: npm is not installed"
fi

# The harness in tests/tests/corpus.rs reimplements the reference runners;
# this checks that they still reach the same verdicts.
bash scripts/corpus-reference.sh
