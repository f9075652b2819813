#!/usr/bin/env bash
# Regenerates the inputs vendored under server/benches/data/ from the shared
# workload generator, so the in-process benchmarks run without ../shared.
#   bench/gen-inputs.sh [GENERATOR]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
gen="${1:-/work/shared/tools/gen_workloads.py}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
python3 "$gen" "$tmp"
data="$here/server/benches/data"
mkdir -p "$data"
cp "$tmp/large.Dockerfile" "$data/large.Dockerfile"
cp "$tmp/manifests.yaml" "$data/manifests.yaml"
# The 40-line Dockerfile: the first two stages of the large one plus a short
# final stage, so it has the same mix of instructions and findings.
{
  sed -n '1,32p' "$tmp/large.Dockerfile"
  cat <<'DOCKERFILE'
FROM python:3.12-slim
WORKDIR /app
COPY --from=s1 /opt/app1 ./
RUN pip install --no-cache-dir -r requirements.txt
USER app
EXPOSE 8080
HEALTHCHECK CMD curl -f http://localhost:8080/ || exit 1
CMD ["python3", "app.py"]
DOCKERFILE
} > "$data/small.Dockerfile"
wc -l "$data"/*
