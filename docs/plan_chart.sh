#!/usr/bin/env bash
# Remake docs/plan_chart.png, the README's picture of the plan's chart (issue 26 item 6): the shipped
# strategy's `sofin plan -f svg`, photographed by headless Chromium with the flags the tests use
# (tests/helpers/browser.py). Run from anywhere: bash docs/plan_chart.sh
# PLAN_CHART_PNG names another file to write (the tests write to a temporary one).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
png=${PLAN_CHART_PNG:-$here/plan_chart.png}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# sofin as installed (README's set-up), else the repository's own .venv's.
sofin=$(command -v sofin || echo "$here/../.venv/bin/sofin")
"$sofin" plan -s "$here/../data/strategija_2025.yaml" -f svg -o "$tmp/plan.svg"
# The chart's own size, from its <svg width= height=>: the window shows it whole, without a scrollbar.
size=$(grep -o -m1 '<svg [^>]*' "$tmp/plan.svg")
width=$(sed -E 's/.* width="([0-9]+)(\.[0-9]+)?".*/\1/' <<<"$size")
height=$(sed -E 's/.* height="([0-9]+)(\.[0-9]+)?".*/\1/' <<<"$size")
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$tmp/profile" --hide-scrollbars \
    --screenshot="$png" --window-size="$((width + 1)),$((height + 1))" "file://$tmp/plan.svg" 2>/dev/null
echo "wrote $png (${width}x${height} chart)"
