#!/usr/bin/env bash
# Runs every fuzz target in fuzz/ for a short, bounded time from the committed corpus and fails
# on any crash. Needs the nightly toolchain (without it the run is skipped with a message);
# installs cargo-fuzz when it is missing.
#   FUZZ_SECONDS  seconds per target (default 20)
# A fresh build of the targets takes about six minutes on two cores; the runs add
# FUZZ_SECONDS per target. The committed corpus is read, never written: what a run finds
# goes to a temporary directory, and a crashing input to fuzz/artifacts/<target>/.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

seconds="${FUZZ_SECONDS:-20}"
say() { printf 'fuzz-smoke: %s\n' "$*" >&2; }

if ! rustup toolchain list | grep -q '^nightly'; then
  say "SKIPPED: the nightly toolchain is not installed ('rustup toolchain install nightly' adds it)"
  exit 0
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  say "installing cargo-fuzz"
  cargo install cargo-fuzz --locked
fi

cd fuzz
cargo +nightly fuzz build
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
for target in $(cargo +nightly fuzz list); do
  say "$target for ${seconds}s"
  mkdir -p "$scratch/$target" "artifacts/$target"
  if ! cargo +nightly fuzz run "$target" "$scratch/$target" "corpus/$target" -- \
      -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -artifact_prefix="artifacts/$target/" >"$scratch/$target.log" 2>&1; then
    tail -n 60 "$scratch/$target.log" >&2
    say "$target failed; the input is in fuzz/artifacts/$target/"
    exit 1
  fi
  say "$target: $(grep -E '^Done [0-9]+ runs' "$scratch/$target.log" || echo 'no summary')"
done
