#!/usr/bin/env bash
# Lighthouse scores (performance, accessibility, best practices, SEO) of the home page,
# the places list and a place profile, measured against the production-like server
# (`make serve`: debug off, gunicorn, WhiteNoise) with the map's tile layer off, so no
# request leaves this machine. Prints one line per page; reports land in $OUT.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${PORT:-8011}
OUT=${OUT:-$(mktemp -d)}
mkdir -p "$OUT"
CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}
PAGES=${PAGES:-"/ /cities/ /cities/hanover/"}
export CHROME_PATH

MAP_TILES_URL= make --no-print-directory serve PORT="$PORT" >"$OUT/server.log" 2>&1 &
server=$!
trap 'pkill -P $server 2>/dev/null; kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -fs -o /dev/null "http://127.0.0.1:$PORT/" && break
  sleep 1
done

for path in $PAGES; do
  name=$(echo "$path" | tr '/' '_')
  ${LIGHTHOUSE:-npx --yes lighthouse@13} "http://127.0.0.1:$PORT$path" --quiet \
    --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-background-networking" \
    --only-categories=performance,accessibility,best-practices,seo \
    --output=json --output-path="$OUT/lighthouse$name.json" >/dev/null
  python3 - "$path" "$OUT/lighthouse$name.json" <<'PY'
import json, sys
path, report = sys.argv[1], json.load(open(sys.argv[2]))
scores = {k: round(v["score"] * 100) for k, v in report["categories"].items()}
print(f"{path:24} " + "  ".join(f"{k} {v}" for k, v in scores.items()))
PY
done
echo "reports: $OUT"
