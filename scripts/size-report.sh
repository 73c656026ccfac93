#!/usr/bin/env bash
# Reports the gzip size of every file the web app serves (HTML, JS, WASM, CSS, icons, manifest,
# service worker) and checks the total against the budget; the one-file copy is listed apart.
# Build dist/ first (scripts/build.sh).
#   ./scripts/size-report.sh              report; says OVER BUDGET when the total is over it
#   ./scripts/size-report.sh --check      the same, and exit with 1 when over budget
#   ./scripts/size-report.sh --breakdown  also say what takes the space in the WASM: builds a copy
#                                         with symbol names (in target/size/) and runs twiggy on it
#   BUDGET_KB=300 ./scripts/size-report.sh
set -euo pipefail
cd "$(dirname "$0")/.."

budget_kb="${BUDGET_KB:-250}"
if [ ! -f dist/index.html ]; then
  echo "size-report: dist/ is not built; run ./scripts/build.sh" >&2
  exit 1
fi

total=0
printf '%-44s %10s %10s\n' "file" "bytes" "gzip -9"
while IFS= read -r file; do
  raw=$(wc -c <"$file")
  packed=$(gzip -9 -c "$file" | wc -c)
  total=$((total + packed))
  printf '%-44s %10d %10d\n' "${file#dist/}" "$raw" "$packed"
done < <(find dist -type f ! -path 'dist/.stage/*' ! -name sp-planner.html | sort)
printf '%-44s %10s %10d  (%d.%d KB of %d KB)\n' "total" "" "$total" \
  $((total / 1024)) $(((total % 1024) * 10 / 1024)) "$budget_kb"
# The single-file copy is a download of its own, not part of what a browser fetches from the site.
if [ -f dist/sp-planner.html ]; then
  printf '%-44s %10d %10d  (the one-file copy; not in the total)\n' "sp-planner.html" \
    "$(wc -c <dist/sp-planner.html)" "$(gzip -9 -c dist/sp-planner.html | wc -c)"
fi

if [ "${1:-}" = "--breakdown" ]; then
  export PATH="$HOME/.cargo/bin:$PATH"
  command -v twiggy >/dev/null || cargo install twiggy --version 0.8.0 --locked
  # The release build strips names; this copy keeps them, in its own target directory so the
  # normal build cache is left alone.
  CARGO_PROFILE_RELEASE_STRIP=false CARGO_TARGET_DIR=target/size \
    cargo build --quiet --release -p sp-web --target wasm32-unknown-unknown
  wasm-bindgen --target web --out-dir target/size/bindgen \
    target/size/wasm32-unknown-unknown/release/sp-web.wasm 2>/dev/null
  wasm=target/size/bindgen/sp-web_bg.wasm
  echo
  echo "Largest items of the WASM before wasm-opt (names kept; sizes are raw bytes):"
  twiggy top -n 30 "$wasm"
  echo
  echo "Raw bytes by crate (code only; generic code counts for the crate of its type):"
  twiggy top -n 1000000 -f csv "$wasm" | awk -F, '
    NR > 1 && $0 !~ /custom section|subsection/ {
      name = $0; size = $(NF - 3); crate = "other"
      if (name ~ /^"?data segment/) crate = "(data: strings, tables, content)"
      else if (match(name, /sp_web::|sp_kb::|sp_rules::|pulldown_cmark::|toml[a-z_]*::|serde_json::|fst::|yew::/)) crate = substr(name, RSTART, RLENGTH - 2)
      else if (match(name, /[a-z_][a-z0-9_]*(\[[0-9a-f]+\])?::/)) { crate = substr(name, RSTART, RLENGTH - 2); sub(/\[.*/, "", crate) }
      sum[crate] += size
    }
    END { for (c in sum) printf "%10d  %s\n", sum[c], c }' | sort -rn | head -20
fi

if [ "$total" -gt $((budget_kb * 1024)) ]; then
  echo "size-report: OVER BUDGET (${budget_kb} KB); ./scripts/size-report.sh --breakdown says what takes the space" >&2
  if [ "${1:-}" = "--check" ]; then
    exit 1
  fi
fi
