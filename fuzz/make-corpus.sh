#!/usr/bin/env bash
# Writes the committed seed corpus in fuzz/corpus/<target>/ from the repository's presets,
# examples, scenario step lists and search-quality queries. Run it again after adding any.
set -euo pipefail
cd "$(dirname "$0")"
root=..

# Regression inputs the fuzzers found (crash-*) stay; the generated seeds are rewritten.
find corpus -type f ! -name "crash-*" -delete 2>/dev/null || true
mkdir -p corpus/topology corpus/check_steps corpus/search corpus/build_number corpus/url_hash

for file in "$root"/content/presets/*.json; do
    cp "$file" "corpus/topology/preset-$(basename "$file")"
done
for file in "$root"/examples/*.json; do
    cp "$file" "corpus/topology/example-$(basename "$file")"
done
for file in "$root"/tests/scenarios/*/*.json; do
    case "$file" in *.steps.json) continue ;; esac
    scenario=$(basename "$(dirname "$file")")
    cp "$file" "corpus/topology/scenario-$scenario-$(basename "$file")"
done

# A step-list input is the seed topology's name on the first line, then the JSON.
for file in "$root"/tests/scenarios/*/*.steps.json; do
    scenario=$(basename "$(dirname "$file")")
    { printf '%s\n' "$scenario"; cat "$file"; } >"corpus/check_steps/$scenario-$(basename "$file" .steps.json).json"
done

# Every query of the search-quality table, one file each.
n=0
grep -oE '^\s*\("([^"\\]|\\.)*",' "$root"/crates/kb/tests/search_quality.rs |
    sed -E 's/^\s*\("(.*)",$/\1/; s/\\"/"/g' |
    while IFS= read -r query; do
        n=$((n + 1))
        printf '%s' "$query" >"corpus/search/query-$(printf '%03d' "$n")"
    done

n=0
for build in "6.5.7638" "6.5.7638.2" "7638" "7638.2" "Version 6.5 (Build 7638.2)" \
    "Version 6.0 (Build 6249.4: Service Pack 3)" "5.5.2653" "2653" "6.0.4417" "6.5.6944" \
    "6.5.7226.6" "6.0.6620.7" "5.5.1960" "6.5.7654.4" "Version 5.5 (Build 2650.24: Service Pack 4)"; do
    n=$((n + 1))
    printf '%s' "$build" >"corpus/build_number/build-$(printf '%03d' "$n")"
done

# URL hashes: every route form, damaged escapes, and a link to every preset, as the app writes
# it (base64url, unpadded) and as a hand-written link (the JSON, percent-encoded).
n=0
for hash in "" "#" "#/" "#/kb" "#/kb/error-c1037b44" "#/kb/e2003-cluster/" "#/kb/Upper" "#/kb/a--b" \
    "#/search?q=event+1025" "#/search?q=6.5.7638%20sp2" "#/search?x=1&q=%C3%A9" "#/search?q=%" \
    "#/search?q=%4" "#/plan?t=%FF" "#/plan" "#/plan?preset=e2003-cluster" "#/plan?t=%7B%22a%22%3A1%7D" \
    "#/plan?t=%7B%7D&preset=x" "#/nowhere?x" "#/?q=1" "##/kb/x" "#/plan?t=!!!"; do
    n=$((n + 1))
    printf '%s' "$hash" >"corpus/url_hash/route-$(printf '%03d' "$n")"
done
for file in "$root"/content/presets/*.json; do
    name=$(basename "$file" .json)
    { printf '#/plan?t='; base64 -w0 <"$file" | tr '+/' '-_' | tr -d '='; } >"corpus/url_hash/link-$name"
    { printf '#/plan?t='; jq -c . <"$file" | jq -sRr '@uri' | tr -d '\n'; } >"corpus/url_hash/json-$name"
done
