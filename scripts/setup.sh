#!/usr/bin/env bash
# Installs what is missing, and only that, for the parts of the project named as arguments:
#   web   the Rust target, Trunk, wasm-bindgen and wasm-opt that build the web app
#   test  everything for `web`, plus Debian's Chromium and ChromeDriver for the browser tests
# Running it again when everything is there does nothing but check.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

say() { printf 'setup: %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" = 0 ]; then
    "$@"
  elif command -v sudo >/dev/null; then
    sudo "$@"
  else
    say "need root to run: $*"
    exit 1
  fi
}

apt_updated=no
apt_install() {
  if [ "$apt_updated" = no ]; then
    as_root apt-get update -q
    apt_updated=yes
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@"
}

# The wasm-bindgen version the workspace is locked to; the CLI must match it exactly.
locked_wasm_bindgen() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

setup_web() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi

  if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
    say "installing trunk $TRUNK_VERSION (about 8 minutes)"
    cargo install trunk --version "$TRUNK_VERSION" --locked
  fi

  local bindgen
  bindgen="$(locked_wasm_bindgen)"
  if [ -z "$bindgen" ]; then
    say "cannot find wasm-bindgen in Cargo.lock"
    exit 1
  fi
  if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $bindgen" ]; then
    say "installing wasm-bindgen-cli $bindgen"
    # Not --locked: the CLI's own lock file asks for a newer rustc than ours.
    cargo install wasm-bindgen-cli --version "$bindgen" --force
  fi

  if ! command -v npm >/dev/null; then
    say "installing npm"
    apt_install npm
  fi
  if ! node_modules/.bin/wasm-opt --version >/dev/null 2>&1 || [ ! -f node_modules/axe-core/axe.min.js ] \
    || ! node_modules/.bin/terser --version >/dev/null 2>&1; then
    say "installing wasm-opt (binaryen), terser and axe-core from package-lock.json"
    npm ci --no-audit --no-fund
  fi
}

setup_test() {
  setup_web
  local missing=()
  command -v chromium >/dev/null || missing+=(chromium)
  command -v chromedriver >/dev/null || missing+=(chromium-driver)
  if [ "${#missing[@]}" -gt 0 ]; then
    say "installing ${missing[*]} from Debian"
    apt_install "${missing[@]}"
  fi
}

if [ "$#" -eq 0 ]; then
  set -- web
fi
for part in "$@"; do
  case "$part" in
    web) setup_web ;;
    test) setup_test ;;
    *)
      say "unknown part '$part' (expected web or test)"
      exit 2
      ;;
  esac
done
