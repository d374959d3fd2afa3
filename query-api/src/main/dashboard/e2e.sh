#!/usr/bin/env bash
# The dashboard in a real browser, as CI runs it: a standalone with demo traffic and an admin
# token, then browser-test.mjs drives Debian's Chromium through it. Screenshots of each view go to
# query-api/target/dashboard-screenshots. Needs chromium, node and `npm ci` in this directory
# (.ci/run does both) and the built jar.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../../.." && pwd)"
jar="$root/app/target/pathstats.jar"
[ -f "$jar" ] || { echo "no $jar: build first (mvn -B -DskipTests install)" >&2; exit 2; }
[ -x /usr/bin/chromium ] || [ -n "${CHROMIUM:-}" ] || { echo "chromium is not installed (apt-get install chromium)" >&2; exit 2; }
[ -d "$here/node_modules/playwright-core" ] || { echo "run npm ci in $here first" >&2; exit 2; }

work="$(mktemp -d /tmp/pathstats-dashboard-e2e.XXXXXX)"
read -r http_port kafka_port s3_port < <(python3 "$root/.ci/lib/free-ports.py" 1 2 1)
token="dashboard-e2e-$RANDOM$RANDOM"
base="http://127.0.0.1:$http_port"
PATHSTATS_DATA_DIR="$work/data" PATHSTATS_HTTP_PORT="$http_port" PATHSTATS_KAFKA_BOOTSTRAP="127.0.0.1:$kafka_port" \
PATHSTATS_S3_ENDPOINT="http://127.0.0.1:$s3_port" PATHSTATS_ADMIN_TOKEN="$token" PATHSTATS_SNAPSHOT_INTERVAL=1s \
  java -Xmx768m -jar "$jar" standalone --demo --demo-rate 300 > "$work/standalone.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  [ "$(curl -s "$base/paths?limit=1" | jq -r '.pagination.total // 0' 2>/dev/null || echo 0)" -gt 20 ] && break
  sleep 1
done
node "$here/browser-test.mjs" "$base" "$token" "$root/query-api/target/dashboard-screenshots"
echo "dashboard: every check passed; screenshots in query-api/target/dashboard-screenshots"
rm -rf "$work"
