#!/usr/bin/env bash
# Runs the shared reference runners (shared/tools) over the corpus with the
# debug build and checks that the cases they fail are exactly the ones
# tests/known-failures.txt lists for that front end. Skipped, with a notice,
# when shared/ is not beside the repository (or one of its parents).
#   BULWARK_BIN  the binary to run (default: the workspace's debug build)
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shared/ sits beside the repository in CI, and beside a parent folder in a
# developer's worktree; BULWARK_SHARED names it outright.
shared="${BULWARK_SHARED:-}"
if [[ -z "$shared" ]]; then
  dir="$(dirname "$repo")"
  while [[ "$dir" != "/" && ! -d "$dir/shared/corpus" ]]; do
    dir="$(dirname "$dir")"
  done
  shared="$dir/shared"
fi
if [[ ! -d "$shared/corpus" || ! -d "$shared/tools" ]]; then
  echo "corpus-reference: no shared/corpus and shared/tools beside the repository; skipped"
  exit 0
fi
bin="${BULWARK_BIN:-${CARGO_TARGET_DIR:-$repo/target}/debug/bulwark}"
if [[ ! -x "$bin" ]]; then
  echo "corpus-reference: no binary at $bin (cargo build -p bulwark)" >&2
  exit 2
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
corpus="$(cd "$shared/corpus" && pwd)"

# The reference runners exit 1 while any case fails; their verdicts are
# what is compared, so their status is not.
python3 "$shared/tools/corpus_check.py" "$bin" "$corpus" --list-failures \
  >"$work/cli.out" || true
python3 "$shared/tools/lsp_corpus_check.py" --list-failures "$corpus" -- "$bin" lsp \
  >"$work/lsp.out" || true

status=0
for frontend in cli lsp; do
  tail -n 1 "$work/$frontend.out" | sed "s/^/corpus-reference: $frontend: /"
  sed -n "s|^FAIL $corpus/\([^:]*\):.*|\1|p" "$work/$frontend.out" | sort >"$work/$frontend.ref"
  # awk alone, so that a list with no cases left (only comments) is fine.
  awk -v fe="$frontend" '!/^#/ && NF >= 2 && ($2 == fe || $2 == "both") { print $1 }' \
    "$repo/tests/known-failures.txt" |
    sort >"$work/$frontend.listed"
  if ! diff -u "$work/$frontend.listed" "$work/$frontend.ref" >"$work/$frontend.diff"; then
    echo "corpus-reference: $frontend verdicts differ from tests/known-failures.txt" \
      "(- listed only, + failed by the reference runner only):" >&2
    grep -E '^[-+][^-+]' "$work/$frontend.diff" >&2 || true
    grep -F -f <(grep -E '^\+[^+]' "$work/$frontend.diff" | cut -c2-) "$work/$frontend.out" >&2 || true
    status=1
  fi
done
if ((status == 0)); then
  echo "corpus-reference: the reference runners agree with tests/known-failures.txt"
fi
exit "$status"
