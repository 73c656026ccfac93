#!/usr/bin/env bash
# Builds the web app into dist/ for hosting: copy dist/ to any static web server, under any path.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/setup.sh web
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
trunk build --release --offline
printf 'built %s/dist\n' "$PWD"
