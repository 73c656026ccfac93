#!/usr/bin/env bash
# Writes the committed seed corpus in fuzz/corpus/<target>/ from the repository's presets,
# examples, scenario step lists and search-quality queries. Run it again after adding any.
set -euo pipefail
cd "$(dirname "$0")"
root=..

rm -rf corpus
mkdir -p corpus/topology corpus/check_steps corpus/search corpus/build_number

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
