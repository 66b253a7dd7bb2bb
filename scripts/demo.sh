#!/usr/bin/env bash
# The Driftline demo, one command on a fresh machine (JDK 17 + Maven): starts a real Kafka broker, registers a
# demo endpoint with a reference profiled from a synthetic training set, runs the monitoring job with 20-second
# windows, sends MLRun-format traffic whose distribution shifts after ~70 s (plus a malformed event now and then),
# and prints drift results and alerts as they arrive. Drift shows within about two minutes. Results, predictions,
# errors and the endpoint's record go to an embedded PostgreSQL (scripts/start-db.sh) as time-series and endpoint
# store; the demo ends by reading them back from there.
#   DEMO_SECONDS=240 scripts/demo.sh      (how long to run; default 180)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
seconds=${DEMO_SECONDS:-180}
work=$root/.work/demo
rm -rf "$work" && mkdir -p "$work"

echo "== building (first run takes a few minutes)"
scripts/build-if-stale.sh

echo "== starting Kafka"
bootstrap=$(scripts/start-kafka.sh)
echo "   broker at $bootstrap"

echo "== starting PostgreSQL (time-series and endpoint store, fresh for each demo)"
# Its own port and data directory, so a database started by hand with scripts/start-db.sh is never touched.
export DRIFTLINE_DB_PORT=${DEMO_DB_PORT:-15433} DRIFTLINE_DB_DIR=$root/.work/demo-db
scripts/start-db.sh stop >/dev/null
rm -rf "$DRIFTLINE_DB_DIR"
db_url=$(scripts/start-db.sh)
echo "   database at $db_url"

run_id=demo-$(date +%s)
common=(--config flink-conf/driftline.yaml --set "kafka.bootstrap-servers=$bootstrap"
        --set stores.tsdb.type=postgresql --set "stores.tsdb.url=$db_url" --set stores.tsdb.user=postgres
        --set stores.endpoint-store.type=postgresql --set "stores.endpoint-store.url=$db_url"
        --set stores.endpoint-store.user=postgres --set stores.activity-interval=1m)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  echo "== demo stopped (Kafka and PostgreSQL still run: scripts/start-kafka.sh stop;" \
       "DRIFTLINE_DB_PORT=$DRIFTLINE_DB_PORT DRIFTLINE_DB_DIR=$DRIFTLINE_DB_DIR scripts/start-db.sh stop)"
}
trap cleanup EXIT INT TERM

echo "== profiling a training set and registering endpoint demo-endpoint"
scripts/driftline traffic --training-csv "$work/train.csv" --training-rows 5000
scripts/driftline profile --input "$work/train.csv" --label-columns label --output "$work/ref.json"
scripts/driftline endpoints register "${common[@]}" --id demo-endpoint --project demo --model demo-model \
  --label-names label --reference "$work/ref.json"

echo "== starting the monitoring job (20 s windows; job log: $work/job.log)"
scripts/driftline run "${common[@]}" \
  --set windows.base-period=20s --set windows.out-of-orderness=2s --set windows.idle-timeout=10s \
  --set checkpoints.interval=3s \
  --set kafka.starting-offsets=latest --set "kafka.group-id=$run_id" --set "kafka.transactional-id-prefix=$run_id" \
  --set "sinks.parquet-path=file://$work/parquet" --set "checkpoints.dir=file://$work/checkpoints" \
  >"$work/job.log" 2>&1 &
pids+=($!)
sleep 15

echo "== sending traffic: 50 events/s, distribution shifts after 70 s"
scripts/driftline traffic "${common[@]}" --endpoint demo-endpoint --rate 50 --shift-after 70s --malformed-every 1000 \
  >"$work/traffic.log" 2>&1 &
pids+=($!)

echo "== results (general_drift per window) and alerts, for ${seconds}s:"
timeout "$seconds" scripts/driftline tail "${common[@]}" --topic results,alerts --results-only --from-now || true
kill "${pids[@]}" 2>/dev/null || true
wait 2>/dev/null || true
pids=()
echo "== from the store: the endpoint's record (scripts/driftline endpoints get --id demo-endpoint ...)"
scripts/driftline endpoints get "${common[@]}" --id demo-endpoint \
  --fields uid,model,feature_names,drift_status,drift_measures,first_request,last_request,error_count,metrics || true
echo "== from the store: its results and metrics (scripts/driftline results --endpoint demo-endpoint ...)"
scripts/driftline results "${common[@]}" --endpoint demo-endpoint --since 1h || true
echo "== Parquet offline store: $work/parquet (read it back: scripts/driftline offline --path $work/parquet --endpoint demo-endpoint --from 1h)"
echo "   dead letters: scripts/driftline tail --topic dead-letters"
