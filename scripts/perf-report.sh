#!/usr/bin/env bash
# Measures the web app's speed budgets in headless Chromium on localhost and prints them:
# navigation to the first rendered section (budget: median under 300 ms) and a keystroke in the
# search box to updated results (budget: one frame, 16 ms). It builds dist/ first.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/setup.sh test
export CHROMEDRIVER="${CHROMEDRIVER:-$(command -v chromedriver)}"
./scripts/build.sh >/dev/null
cargo run --quiet --release -p sp-e2e --bin sp-perf
