#!/usr/bin/env bash
# Starts a single-node Kafka broker (KRaft, broker+controller) on 127.0.0.1 from Kafka's jars on Maven Central.
# Usage: scripts/start-kafka.sh            (port 9092, data in .work/kafka; prints the bootstrap address)
#        KAFKA_PORT=19092 scripts/start-kafka.sh
#        scripts/start-kafka.sh stop
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
port=${KAFKA_PORT:-9092}
controller_port=$((port + 1))
data=${KAFKA_DATA:-$root/.work/kafka-$port}
pidfile=$data/kafka.pid

if [[ "${1:-}" == "stop" ]]; then
  if [[ -f $pidfile ]] && kill "$(cat "$pidfile")" 2>/dev/null; then
    while kill -0 "$(cat "$pidfile")" 2>/dev/null; do sleep 0.2; done
    echo "kafka on 127.0.0.1:$port stopped"
  fi
  rm -f "$pidfile"
  exit 0
fi

if [[ -f $pidfile ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
  echo "127.0.0.1:$port"
  exit 0
fi

mkdir -p "$data"
cpfile=$root/.work/kafka-classpath.txt
if [[ ! -s $cpfile ]]; then
  mvn -B -q -f "$root/scripts/kafka-server/pom.xml" dependency:build-classpath -Dmdep.outputFile="$cpfile" >&2
fi
cp=$(cat "$cpfile")

cat > "$data/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:$controller_port
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller_port
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$data/logs
num.partitions=2
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
PROPS

cat > "$data/log4j2.properties" <<'LOG'
rootLogger.level=WARN
rootLogger.appenderRef.file.ref=file
appender.file.type=File
appender.file.name=file
appender.file.fileName=${sys:kafka.logs.dir}/server.log
appender.file.layout.type=PatternLayout
appender.file.layout.pattern=%d %p %c{1} %m%n
LOG

jvm=(-Xmx512m -Dkafka.logs.dir="$data" -Dlog4j2.configurationFile="$data/log4j2.properties")
if [[ ! -f $data/logs/meta.properties ]]; then
  cluster_id=$(java "${jvm[@]}" -cp "$cp" kafka.tools.StorageTool random-uuid)
  java "${jvm[@]}" -cp "$cp" kafka.tools.StorageTool format -t "$cluster_id" -c "$data/server.properties" --standalone >"$data/format.log" 2>&1
fi
nohup java "${jvm[@]}" -cp "$cp" kafka.Kafka "$data/server.properties" >"$data/stdout.log" 2>&1 &
echo $! >"$pidfile"

for _ in $(seq 1 120); do
  if (exec 3<>/dev/tcp/127.0.0.1/"$port") 2>/dev/null; then
    echo "127.0.0.1:$port"
    exit 0
  fi
  if ! kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    echo "kafka failed to start; see $data/stdout.log" >&2
    tail -20 "$data/stdout.log" >&2
    exit 1
  fi
  sleep 0.5
done
echo "kafka did not open 127.0.0.1:$port within 60 s; see $data/stdout.log" >&2
exit 1
