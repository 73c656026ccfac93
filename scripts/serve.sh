#!/usr/bin/env bash
# Sets up what is missing, builds the web app and serves it on http://127.0.0.1:8080.
#   ./scripts/serve.sh           build, then serve (PORT=9000 to change the port)
#   ./scripts/serve.sh --build   only build dist/ for hosting (same as scripts/build.sh)
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/build.sh
if [ "${1:-}" = "--build" ]; then
  exit 0
fi
port="${PORT:-8080}"
cargo build --quiet --release -p sp-e2e --bin sp-serve
exec target/release/sp-serve --root dist --port "$port"
