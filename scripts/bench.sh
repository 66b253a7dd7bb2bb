#!/usr/bin/env bash
# The Driftline benchmark (see docs/benchmarks.md): starts a Kafka broker, then runs dev.driftline.job.bench.Benchmark,
# which pre-fills an inference topic, measures a decode-only ceiling, the deployed job (bounded, parallelism 2),
# window-end -> result latency under live traffic, and checkpointed state / heap per endpoint. Prints one table and
# writes it as JSON to .work/bench/results-<timestamp>.json.
#
# Usage: scripts/bench.sh [N] [ENDPOINTS] [--benchmark-option value ...]
#   N           events to pre-fill (default 1000000; env BENCH_EVENTS)
#   ENDPOINTS   endpoints of the throughput run (default 1000; env BENCH_ENDPOINTS)
# Environment:
#   BENCH_PHASES=ceiling,job,job-warm,latency,state   which phases to run (default these; job-warm is the job run
#                                            again in the same JVM, its code compiled; what-ifs: whatif-no-parquet,
#                                            whatif-endpoint-hour, whatif-state-no-parquet)
#   BENCH_STATE_ENDPOINTS=1000,10000         endpoint counts of the state phase
#   BENCH_WARM_RUNS=1                        runs of job-warm (all but the last reported as job-warm-1, ...): the JIT
#                                            still compiles during the second run in a JVM, less in the third
#   BENCH_SET="k=v k=v"                      job configuration overrides for every job of the run (what-ifs without a
#                                            rebuild), e.g. BENCH_SET="decoder.group-max-delay=200ms"; what the
#                                            benchmark sets itself wins (parallelism, windows, kafka, topics, checkpoints)
#   BENCH_PROFILE=1                          record JFR during the job phase and print where the CPU time goes
#   BENCH_HEAP=8g                            heap of the benchmark JVM (Flink runs in it)
#   KAFKA_PORT=19092                         broker port (a non-default one, so a demo broker on 9092 is left alone)
#   BENCH_KEEP_KAFKA=1                       leave the broker running afterwards (it is stopped if this script started it)
# Other options go to the benchmark as they are: --latency-rate 5000 --latency-seconds 40 --job-checkpoint-interval 30s
#   --flink taskmanager.network.memory.buffers-per-channel=4 (a Flink setting of the benchmark's cluster; repeatable)
#   --windows 10 --drift-fraction 0.1 --no-probe --keep-topics --seed 42 --unkeyed-events
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

events=${BENCH_EVENTS:-1000000}
endpoints=${BENCH_ENDPOINTS:-1000}
if [[ $# -gt 0 && $1 != --* ]]; then events=$1; shift; fi
if [[ $# -gt 0 && $1 != --* ]]; then endpoints=$1; shift; fi

export KAFKA_PORT=${KAFKA_PORT:-19092}
export KAFKA_DATA=${KAFKA_DATA:-$root/.work/bench/kafka}
work=$root/.work/bench
mkdir -p "$work"

jar=$root/job/target/driftline-job.jar
cpfile=$root/job/target/local-classpath.txt
# Always the code of this working tree: rebuilt whenever a source or pom is newer than the jar.
scripts/build-if-stale.sh
# What was measured, for the results file: the commit, "-dirty" when the working tree had changes.
code=$(git -C "$root" describe --always --dirty 2>/dev/null || echo unknown)

started_kafka=0
pidfile=$KAFKA_DATA/kafka.pid
if ! { [[ -f $pidfile ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }; then
  started_kafka=1
fi
bootstrap=$(scripts/start-kafka.sh 2>/dev/null | tail -1)
echo "kafka: $bootstrap" >&2
stop_kafka() {
  if [[ $started_kafka == 1 && ${BENCH_KEEP_KAFKA:-0} != 1 ]]; then
    scripts/start-kafka.sh stop >&2 || true
  fi
}
trap stop_kafka EXIT

stamp=$(date -u +%Y%m%d-%H%M%S)
logfile=$work/bench-$stamp.log
# The job's log goes to a file (INFO, with Flink's type extraction notes); only warnings reach the console.
cat > "$work/log4j2-bench.properties" <<EOF
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = file
rootLogger.appenderRef.console.ref = console
logger.kafka.name = org.apache.kafka
logger.kafka.level = WARN
logger.kafkaconn.name = org.apache.flink.connector.kafka
logger.kafkaconn.level = WARN
appender.file.type = File
appender.file.name = file
appender.file.fileName = $logfile
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = %d{HH:mm:ss.SSS} %-5p [%t] %c{1} - %m%n
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.filter.threshold.type = ThresholdFilter
appender.console.filter.threshold.level = ERROR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{HH:mm:ss} %-5p %c{1} - %m%n
EOF

args=(--bootstrap "$bootstrap" --events "$events" --endpoints "$endpoints" --work "$work" --code "$code")
[[ -n ${BENCH_PHASES:-} ]] && args+=(--phases "$BENCH_PHASES")
[[ -n ${BENCH_STATE_ENDPOINTS:-} ]] && args+=(--state-endpoints "$BENCH_STATE_ENDPOINTS")
[[ -n ${BENCH_WARM_RUNS:-} ]] && args+=(--warm-runs "$BENCH_WARM_RUNS")
[[ -f $pidfile ]] && args+=(--broker-pid "$(cat "$pidfile")")
read -r -a settings <<< "${BENCH_SET:-}"
for setting in "${settings[@]}"; do
  args+=(--set "$setting")
done
profiling=()
if [[ ${BENCH_PROFILE:-0} == 1 ]]; then
  args+=(--profile)
  # Without it, samples in inlined code are attributed to the nearest safepoint's frames (seen: a serializer's
  # reflective copy charged with 5 % that allocation samples showed it never did).
  profiling=(-XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints)
fi

# Flink's serializers reach into JDK internals on Java 17 (as scripts/driftline).
opens=(--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED
       --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
       --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
       --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.time=ALL-UNNAMED
       --add-opens=java.base/java.util.concurrent=ALL-UNNAMED)
echo "code: $code; machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; log: $logfile" >&2
set +e
# shellcheck disable=SC2086
java -Xms${BENCH_HEAP:-8g} -Xmx${BENCH_HEAP:-8g} ${BENCH_JAVA_OPTS:-} "${profiling[@]}" "${opens[@]}" \
  -Dlog4j2.configurationFile="$work/log4j2-bench.properties" \
  -cp "$jar:$(cat "$cpfile")" dev.driftline.job.bench.Benchmark "${args[@]}" "$@"
code=$?
set -e
echo >&2
echo "Kryo / generic-type notes in the job log ($logfile):" >&2
notes=$(grep -hE "GenericType|cannot be used as a POJO|Kryo" "$logfile" 2>/dev/null | grep -v "scala extensions" \
  | sed -E 's/^[0-9:.]+ +[A-Z]+ +\[[^]]*\] //' | sort | uniq -c | sort -rn | head -20 || true)
echo "${notes:-  none: no type fell back to generic (Kryo) serialization}" >&2
exit $code
