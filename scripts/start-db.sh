#!/usr/bin/env bash
# Starts a real PostgreSQL 18 on 127.0.0.1 for the demo's time-series and model endpoint store, from zonky's embedded
# binaries on Maven Central (no system package, no Docker; as root it runs the server in a user namespace, unshare -U).
# The superuser is `postgres` with no password (trust authentication): a local demo server only, never expose it.
# Data is kept in .work/postgres-<port>/data across restarts; the database `driftline` is created when missing.
# Usage: scripts/start-db.sh            (port 5433; prints the JDBC URL once the database accepts connections)
#        DRIFTLINE_DB_PORT=15433 scripts/start-db.sh
#        scripts/start-db.sh stop
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
port=${DRIFTLINE_DB_PORT:-5433}
dir=${DRIFTLINE_DB_DIR:-$root/.work/postgres-$port}
pidfile=$dir/db-server.pid
url=jdbc:postgresql://127.0.0.1:$port/driftline

# The pid of the running db-server, if any (a pid file left by a crash, or a reused pid, does not count).
server_pid() {
  local pid
  pid=$(cat "$pidfile" 2>/dev/null) || return 1
  [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q dev.driftline.dbserver.DbServer \
    && echo "$pid"
}

# Stops a postmaster left running on the data directory by a db-server that died without stopping it.
stop_orphan_postmaster() {
  local pid
  pid=$(head -1 "$dir/data/postmaster.pid" 2>/dev/null) || return 0
  if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q postgres; then
    echo "stopping a PostgreSQL left running on $dir/data (pid $pid)" >&2
    kill -INT "$pid" # fast shutdown
    for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.2; done
    echo "PostgreSQL (pid $pid) did not stop within 30 s" >&2
    return 1
  fi
}

if [[ "${1:-}" == "stop" ]]; then
  if pid=$(server_pid); then
    kill "$pid"
    while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
    echo "postgres on 127.0.0.1:$port stopped"
  fi
  stop_orphan_postmaster
  rm -f "$pidfile" "$dir/ready"
  exit 0
fi

if server_pid >/dev/null && [[ -f $dir/ready ]]; then
  echo "$url"
  exit 0
fi
if pid=$(server_pid); then
  echo "db-server (pid $pid) is starting; waiting for it" >&2
else
  stop_orphan_postmaster
  if (exec 3<>/dev/tcp/127.0.0.1/"$port") 2>/dev/null; then
    echo "127.0.0.1:$port is taken by another process; choose another port with DRIFTLINE_DB_PORT" >&2
    exit 1
  fi
  mkdir -p "$dir"
  rm -f "$pidfile" "$dir/ready"

  project=$root/scripts/db-server
  classes=$project/target/classes
  cpfile=$root/.work/db-server-classpath.txt
  if [[ ! -s $cpfile || $project/pom.xml -nt $cpfile || ! -f $classes/dev/driftline/dbserver/DbServer.class
        || $project/src/main/java/dev/driftline/dbserver/DbServer.java -nt $classes/dev/driftline/dbserver/DbServer.class ]]; then
    mkdir -p "$root/.work"
    mvn -B -q -ntp -Dstyle.color=never -f "$project/pom.xml" compile dependency:build-classpath -Dmdep.outputFile="$cpfile" >&2
  fi

  nohup java -Xmx128m -cp "$classes:$(cat "$cpfile")" dev.driftline.dbserver.DbServer \
    --port "$port" --dir "$dir" --database driftline >"$dir/db-server.log" 2>&1 &
  pid=$!
fi

# The first start unpacks the binaries and runs initdb (10-30 s); later starts take a few seconds.
for _ in $(seq 1 360); do
  if [[ -f $dir/ready ]]; then
    echo "$url"
    exit 0
  fi
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "postgres failed to start; see $dir/db-server.log and $dir/postgres.log" >&2
    tail -20 "$dir/db-server.log" >&2
    exit 1
  fi
  sleep 0.5
done
echo "postgres did not accept connections on 127.0.0.1:$port within 180 s; see $dir/db-server.log" >&2
exit 1
