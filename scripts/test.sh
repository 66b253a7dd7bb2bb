#!/usr/bin/env bash
# Builds Driftline and runs the whole test suite: unit tests, Flink operator harness tests and the end-to-end tests
# (Flink MiniCluster + a real Kafka broker started inside the test JVM). Needs only a JDK 17 and Maven.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
exec mvn -B -ntp verify "$@"
