#!/usr/bin/env bash
# End to end check of the nginx recipe, as CI runs it: a real nginx (Debian's) serves requests and
# writes its pathstats access log (pathstats-log.conf), rsyslog (../rsyslog/pathstats-kafka.conf)
# ships every line to the Kafka topic of a pathstats standalone, and the counts per route in
# GET /paths must equal the requests made. Needs nginx, rsyslog, rsyslog-kafka, curl and jq
# (.ci/run installs them) and the built jar (app/target/pathstats.jar).
set -euo pipefail
recipes="$(cd "$(dirname "$0")/.." && pwd)"
root="$(cd "$recipes/../.." && pwd)"
jar="$root/app/target/pathstats.jar"
[ -f "$jar" ] || { echo "no $jar: build first (mvn -B -DskipTests install)" >&2; exit 2; }
for tool in nginx rsyslogd curl jq python3; do
  command -v "$tool" >/dev/null || { echo "$tool is not installed (apt-get install nginx-light rsyslog rsyslog-kafka curl jq)" >&2; exit 2; }
done

work="$(mktemp -d /tmp/pathstats-nginx-e2e.XXXXXX)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

# free ports: the broker needs two adjacent ones (its controller takes the next)
read -r http_port kafka_port s3_port nginx_port < <(python3 "$root/.ci/lib/free-ports.py" 1 2 1 1)
base="http://127.0.0.1:$http_port"
echo "work directory $work; pathstats on $base, Kafka 127.0.0.1:$kafka_port, nginx on 127.0.0.1:$nginx_port"

# 1. pathstats standalone
PATHSTATS_DATA_DIR="$work/data" PATHSTATS_HTTP_PORT="$http_port" PATHSTATS_KAFKA_BOOTSTRAP="127.0.0.1:$kafka_port" \
PATHSTATS_S3_ENDPOINT="http://127.0.0.1:$s3_port" PATHSTATS_SNAPSHOT_INTERVAL=1s \
  java -Xmx768m -jar "$jar" standalone > "$work/standalone.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 120); do
  curl -fs "$base/health" >/dev/null 2>&1 && break
  sleep 1
done
curl -fs "$base/health" >/dev/null || { echo "standalone did not become healthy; log: $work/standalone.log" >&2; tail -50 "$work/standalone.log" >&2; exit 1; }

# 2. nginx with the recipe's log format
mkdir -p "$work/nginx/logs" "$work/nginx/html"
cat > "$work/nginx/nginx.conf" <<EOF
worker_processes 1;
error_log $work/nginx/logs/error.log warn;
pid $work/nginx/nginx.pid;
events { worker_connections 256; }
http {
    include $recipes/nginx/pathstats-log.conf;
    access_log off;
    server {
        listen 127.0.0.1:$nginx_port;
        access_log $work/nginx/logs/pathstats.log pathstats;
        location /users/  { return 200 "user\n"; }
        location /orders/ { return 201 "order\n"; }
        location = /health { return 200 "ok\n"; }
        location /missing/ { return 404; }
    }
}
EOF
nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" -g 'daemon off;' &
pids+=($!)

# 3. rsyslog with the recipe's shipper, its three settings filled in
mkdir -p "$work/rsyslog"
sed -e "s#File=\"/var/log/nginx/pathstats.log\"#File=\"$work/nginx/logs/pathstats.log\"#" \
    -e "s#broker=\[\"127.0.0.1:9092\"\]#broker=[\"127.0.0.1:$kafka_port\"]#" \
    "$recipes/rsyslog/pathstats-kafka.conf" > "$work/rsyslog/pathstats-kafka.conf"
grep -q "$work/nginx/logs/pathstats.log" "$work/rsyslog/pathstats-kafka.conf"
grep -q "127.0.0.1:$kafka_port" "$work/rsyslog/pathstats-kafka.conf"
cat > "$work/rsyslog/rsyslog.conf" <<EOF
global(workDirectory="$work/rsyslog")
include(file="$work/rsyslog/pathstats-kafka.conf")
EOF
rsyslogd -n -f "$work/rsyslog/rsyslog.conf" -i "$work/rsyslog/rsyslogd.pid" > "$work/rsyslog/rsyslogd.log" 2>&1 &
pids+=($!)

# wait for nginx's port without making a request: every request is counted
for _ in $(seq 1 30); do
  (exec 3<>"/dev/tcp/127.0.0.1/$nginx_port") 2>/dev/null && break
  sleep 0.5
done

# 4. traffic with ids in the URLs; the expected count of each route
declare -A expected=()
request() { # method path expected-route
  curl -s -o /dev/null -X "$1" "http://127.0.0.1:$nginx_port$2"
  expected[$3]=$(( ${expected[$3]:-0} + 1 ))
}
for i in $(seq 1 40); do request GET "/users/$((48000 + i))" "/users/{id}"; done
for i in $(seq 1 25); do request POST "/orders/$(python3 -c 'import uuid; print(uuid.uuid4())')/items?debug=$i" "/orders/{uuid}/items"; done
for i in $(seq 1 10); do request GET "/health" "/health"; done
for i in $(seq 1 15); do request GET "/missing/$i" "/missing/{id}"; done
total=0; for route in "${!expected[@]}"; do total=$(( total + expected[$route] )); done
echo "made $total requests over ${#expected[@]} routes"

# 5. pathstats counts each route exactly
proxy="$(hostname)"
counts() {
  curl -fs "$base/paths?window=1h&limit=200&proxyId=$proxy" | jq -r '.data[] | "\(.route) \(.requestCount) \(.clientErrorCount)"'
}
ok=0
for _ in $(seq 1 90); do
  got="$(counts || true)"
  ok=1
  for route in "${!expected[@]}"; do
    n="$(awk -v r="$route" '$1 == r { print $2 }' <<<"$got")"
    [ "${n:-0}" = "${expected[$route]}" ] || { ok=0; break; }
  done
  [ "$ok" = 1 ] && [ "$(awk '{ s += $2 } END { print s + 0 }' <<<"$got")" = "$total" ] && break
  ok=0
  sleep 1
done
echo "GET /paths (proxyId=$proxy):"
echo "${got:-}" | sed 's/^/  /'
if [ "$ok" != 1 ]; then
  echo "FAILED: counts per route differ from the requests made (${!expected[*]} -> ${expected[*]})" >&2
  echo "--- nginx access log (last 5)" >&2; tail -5 "$work/nginx/logs/pathstats.log" >&2 || true
  echo "--- rsyslogd" >&2; tail -20 "$work/rsyslog/rsyslogd.log" >&2 || true
  exit 1
fi
missing_errors="$(awk '$1 == "/missing/{id}" { print $3 }' <<<"$got")"
[ "$missing_errors" = "15" ] || { echo "FAILED: /missing/{id} should have 15 client errors, has $missing_errors" >&2; exit 1; }
echo "nginx recipe: every request counted once under its route"
rm -rf "$work"
