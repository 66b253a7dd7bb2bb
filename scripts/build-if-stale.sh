#!/usr/bin/env bash
# Builds job/target/driftline-job.jar (mvn package, tests skipped) unless it is newer than every pom and every file
# under a module's src/main. A jar is never reused just because it exists: a benchmark or a local run on a jar built
# from older sources measures that older code (a late-record count was once taken from a jar that predated the fix it
# was meant to check). Maven's own up-to-date checks keep the rebuild incremental.
#
# Usage: scripts/build-if-stale.sh           build if needed
#        scripts/build-if-stale.sh --check   only say whether a build is needed (exit 0: up to date, 1: stale)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
jar=$root/job/target/driftline-job.jar
cpfile=$root/job/target/local-classpath.txt

reason=
if [[ ! -f $jar || ! -f $cpfile ]]; then
  reason="not built yet"
else
  # A checkout sets the modification time of every file it changes, so switching branches counts as a change too.
  # -quit stops at the first match (a `| head -1` would kill find with SIGPIPE, a failure under pipefail).
  changed=$(cd "$root" && find pom.xml apps functions sinks job \( -name target -o -name .work \) -prune -o -type f \
    \( -name pom.xml -o -path '*/src/main/*' \) -newer "$jar" -print -quit 2>/dev/null)
  if [[ -n $changed ]]; then
    reason="$changed is newer than the jar"
  fi
fi

if [[ ${1:-} == --check ]]; then
  if [[ -n $reason ]]; then
    echo "stale: $reason"
    exit 1
  fi
  echo "up to date"
  exit 0
fi
if [[ -n $reason ]]; then
  echo "building driftline ($reason)..." >&2
  # -DskipTests, not -Dmaven.test.skip: the job module compiles against the sinks test-jar, which must be packaged.
  (cd "$root" && mvn -B -q -ntp -Dstyle.color=never package -DskipTests) >&2
fi
