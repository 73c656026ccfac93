#!/usr/bin/env bash
# Reports the gzip size of every file the web app serves (HTML, JS, WASM, CSS, icons) and checks
# the total against the budget. Build dist/ first (scripts/build.sh).
#   ./scripts/size-report.sh          report, and fail when over budget
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
done < <(find dist -type f ! -path 'dist/.stage/*' | sort)
printf '%-44s %10s %10d  (%d.%d KB of %d KB)\n' "total" "" "$total" \
  $((total / 1024)) $(((total % 1024) * 10 / 1024)) "$budget_kb"

if [ "$total" -gt $((budget_kb * 1024)) ]; then
  echo "size-report: over the ${budget_kb} KB budget; see what takes the space with twiggy top on the .wasm" >&2
  exit 1
fi
