#!/usr/bin/env bash
# Sets up what the tests need and runs every test of the project, browser tests included.
# On a fresh machine it installs the missing tools first (see scripts/setup.sh), then builds the
# web app into dist/, which the browser tests serve.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/setup.sh test
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
export CHROMEDRIVER="${CHROMEDRIVER:-$(command -v chromedriver)}"

# The browser tests run against this build, so it must come from the current sources.
./scripts/build.sh

cargo test --workspace --all-targets --no-fail-fast
cargo test --workspace --doc
# The web app's component tests, in headless Chromium (.cargo/config.toml, web/webdriver.json).
cargo test -p sp-web --target wasm32-unknown-unknown --tests
./scripts/fuzz-smoke.sh

./scripts/size-report.sh
