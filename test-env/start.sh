#!/usr/bin/env bash
# Start real servers on free 127.0.0.1 ports and write .state/env.json + .state/env.sh.
# Usage: test-env/start.sh [kafka|postgres|mariadb|s3|registry|kafka-sasl|postgres17]...   (default: kafka postgres mariadb)
# Services already running are left alone.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

# What every single-node KRaft broker here shares: WARN-level console logging (plus the "started"
# line), replication factors and ISR of 1, no rebalance delay. $1: state dir; stdin: the listeners.
write_kafka_config() {
  local dir=$1
  cat > "$dir/log4j2.properties" <<CONF
appender.out.type = Console
appender.out.name = out
appender.out.layout.type = PatternLayout
appender.out.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = WARN
rootLogger.appenderRef.out.ref = out
logger.started.name = kafka.server.KafkaRaftServer
logger.started.level = INFO
CONF
  { echo "process.roles=broker,controller"; echo "node.id=1"; cat; cat <<CONF
log.dirs=$dir/data
num.partitions=1
auto.create.topics.enable=true
group.initial.rebalance.delay.ms=0
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
CONF
  } > "$dir/server.properties"
}

# Formats the storage (extra StorageTool args after $3) and starts the broker detached.
# $1: state dir, $2: what to call it in errors, $3: max heap.
format_and_launch_kafka() {
  local dir=$1 name=$2 heap=$3; shift 3
  local java=(java -Dlog4j2.configurationFile="$dir/log4j2.properties" -cp "$KAFKA_HOME/lib/*")
  # Cluster id: 16 random bytes, base64url without padding (Kafka's Uuid format).
  local cluster_id; cluster_id=$(head -c16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')
  "${java[@]}" kafka.tools.StorageTool format -t "$cluster_id" -c "$dir/server.properties" "$@" \
    > "$dir/format.log" 2>&1 || fail_with_log "$dir/format.log" "$name storage format failed"
  # setsid: the broker must outlive this script's process group (CI steps, Ctrl-C).
  setsid "${java[@]}" -Xms128m "-Xmx$heap" kafka.Kafka "$dir/server.properties" \
    > "$dir/server.log" 2>&1 < /dev/null &
  echo $! > "$dir/pid"
}

# Ready = a real metadata request answers, not just an open port. $1: state dir, $2: port, rest: TopicCommand args.
kafka_answers() {
  local dir=$1 port=$2; shift 2
  port_open "$port" && timeout 20 java -Dlog4j2.configurationFile="$dir/log4j2.properties" -cp "$KAFKA_HOME/lib/*" \
    org.apache.kafka.tools.TopicCommand --bootstrap-server "127.0.0.1:$port" "$@" --list > /dev/null 2>&1
}

start_kafka() {
  local dir=$STATE_DIR/kafka port cport
  read -r port cport < <(free_ports 2)
  mkdir -p "$dir"
  write_kafka_config "$dir" <<CONF
controller.quorum.voters=1@127.0.0.1:$cport
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$cport
advertised.listeners=PLAINTEXT://127.0.0.1:$port
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
CONF
  format_and_launch_kafka "$dir" kafka 512m
  wait_ready 60 "$(cat "$dir/pid")" "$dir/server.log" "Kafka" kafka_answers "$dir" "$port"
  cat > "$dir/env" <<ENV
KAFKA_BOOTSTRAP=127.0.0.1:$port
KAFKA_VERSION=$KAFKA_VERSION
ENV
}

# A second broker whose client listener needs SASL/SCRAM-SHA-512 (the worker's security.* keys).
# SCRAM credentials live in the metadata log, so they are written at format time (--add-scram);
# the inter-broker and controller listeners stay PLAINTEXT on ports nobody is told about.
start_kafka_sasl() {
  local dir=$STATE_DIR/kafka-sasl port bport cport
  read -r port bport cport < <(free_ports 3)
  mkdir -p "$dir"
  write_kafka_config "$dir" <<CONF
controller.quorum.voters=1@127.0.0.1:$cport
listeners=SASL_PLAINTEXT://127.0.0.1:$port,BROKER://127.0.0.1:$bport,CONTROLLER://127.0.0.1:$cport
advertised.listeners=SASL_PLAINTEXT://127.0.0.1:$port,BROKER://127.0.0.1:$bport
listener.security.protocol.map=SASL_PLAINTEXT:SASL_PLAINTEXT,BROKER:PLAINTEXT,CONTROLLER:PLAINTEXT
controller.listener.names=CONTROLLER
inter.broker.listener.name=BROKER
sasl.enabled.mechanisms=SCRAM-SHA-512
listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
CONF
  cat > "$dir/client.properties" <<CONF
security.protocol=SASL_PLAINTEXT
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="$KAFKA_SASL_USER" password="$KAFKA_SASL_PASSWORD";
CONF
  format_and_launch_kafka "$dir" kafka-sasl 384m \
    --add-scram "SCRAM-SHA-512=[name=$KAFKA_SASL_USER,password=$KAFKA_SASL_PASSWORD]"
  # An authenticated metadata request over the SASL listener must answer.
  wait_ready 60 "$(cat "$dir/pid")" "$dir/server.log" "Kafka (SASL)" \
    kafka_answers "$dir" "$port" --command-config "$dir/client.properties"
  cat > "$dir/env" <<ENV
KAFKA_SASL_BOOTSTRAP=127.0.0.1:$port
KAFKA_SASL_MECHANISM=SCRAM-SHA-512
KAFKA_SASL_USER=$KAFKA_SASL_USER
KAFKA_SASL_PASSWORD=$KAFKA_SASL_PASSWORD
ENV
}

# launch_postgres <service> <bin dir> <env key prefix>: a private cluster on a free port.
launch_postgres() {
  local svc=$1 bin=$2 prefix=$3
  local dir=$STATE_DIR/$svc port tmp
  port=$(free_ports 1)
  mkdir -p "$dir"
  # root may not run initdb/postgres: use the Debian "postgres" user, with data under /tmp
  # because that user may not be able to enter the repo's path (e.g. /root/...).
  local as=()
  [[ $EUID -eq 0 ]] && as=(runuser -u postgres --)
  if ! "${as[@]}" test -x "$bin/postgres"; then
    # The binaries live in the repo's cache, which that user cannot enter: run a copy from /tmp.
    local copy=/tmp/tsconnect-${svc}-bin
    [[ -x $copy/native/bin/postgres ]] || { rm -rf "$copy" && cp -a "$(dirname "$(dirname "$bin")")" "$copy"; }
    bin=$copy/native/bin
  fi
  tmp=$(mktemp -d /tmp/tsconnect-pg.XXXXXX)
  echo "$tmp" > "$dir/tmpdir"
  echo tsconnect > "$tmp/pwfile"
  [[ $EUID -eq 0 ]] && chown -R postgres: "$tmp"
  ln -s "$tmp/server.log" "$dir/server.log"
  # -U tsconnect: the bootstrap superuser (implies REPLICATION); default pg_hba also
  # allows replication connections from 127.0.0.1, with scram passwords everywhere.
  (cd /tmp && "${as[@]}" "$bin/initdb" -D "$tmp/data" -U tsconnect --pwfile="$tmp/pwfile" \
     --auth=scram-sha-256 -E UTF8 --no-locale) > "$tmp/initdb.log" 2>&1 \
    || fail_with_log "$tmp/initdb.log" "initdb failed"
  cat >> "$tmp/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$tmp'
wal_level = logical
max_replication_slots = 40
max_wal_senders = 40
max_prepared_transactions = 10
fsync = off
# on: with fsync off a commit costs no disk flush, and the WAL reaches walsenders at once
# instead of after wal_writer_delay (200 ms), which would dominate CDC latency figures.
synchronous_commit = on
full_page_writes = off
CONF
  (cd /tmp && "${as[@]}" "$bin/pg_ctl" -D "$tmp/data" -l "$tmp/server.log" -w -t 30 start) \
    > /dev/null 2>&1 || fail_with_log "$tmp/server.log" "PostgreSQL did not start within 30s"
  head -n1 "$tmp/data/postmaster.pid" > "$dir/pid"
  # Debian's psql 15 serves both servers.
  PGPASSWORD=tsconnect timeout 10 "$PG_BIN/psql" -qAt -h 127.0.0.1 -p "$port" -U tsconnect \
    -d postgres -c 'CREATE DATABASE tsconnect' > /dev/null \
    || fail_with_log "$tmp/server.log" "could not create database tsconnect"
  cat > "$dir/env" <<ENV
${prefix}_HOST=127.0.0.1
${prefix}_PORT=$port
${prefix}_USER=tsconnect
${prefix}_PASSWORD=tsconnect
${prefix}_DATABASE=tsconnect
${prefix}_URL=postgres://tsconnect:tsconnect@127.0.0.1:$port/tsconnect
ENV
}

start_postgres() { launch_postgres postgres "$PG_BIN" PG; }
start_postgres17() { launch_postgres postgres17 "$PG17_BIN" PG17; }

start_mariadb() {
  local dir=$STATE_DIR/mariadb port
  port=$(free_ports 1)
  mkdir -p "$dir"
  # --user=<us>: mariadbd refuses root unless asked explicitly; a non-root user just runs as itself.
  local user; user=$(id -un)
  mariadb-install-db --no-defaults --user="$user" --datadir="$dir/data" --skip-test-db \
    > "$dir/install.log" 2>&1 || fail_with_log "$dir/install.log" "mariadb-install-db failed"
  cat > "$dir/init.sql" <<SQL
CREATE DATABASE IF NOT EXISTS tsconnect;
CREATE USER IF NOT EXISTS 'tsconnect'@'%' IDENTIFIED BY 'tsconnect';
GRANT ALL PRIVILEGES ON tsconnect.* TO 'tsconnect'@'%';
SQL
  # --no-defaults: ignore /etc/mysql (the system instance's port, socket and datadir).
  setsid "$MARIADBD" --no-defaults --user="$user" --datadir="$dir/data" --port="$port" \
    --bind-address=127.0.0.1 --socket="$dir/mariadb.sock" --pid-file="$dir/mariadb.pid" \
    --log-error="$dir/server.log" --init-file="$dir/init.sql" --skip-name-resolve \
    --character-set-server=utf8mb4 --collation-server=utf8mb4_general_ci \
    --innodb-buffer-pool-size=64M --innodb-flush-log-at-trx-commit=2 \
    > /dev/null 2>&1 < /dev/null &
  echo $! > "$dir/pid"
  mariadb_answers() {
    timeout 5 mariadb --no-defaults -h 127.0.0.1 -P "$port" -u tsconnect -ptsconnect tsconnect \
      -e 'SELECT 1' > /dev/null 2>&1
  }
  wait_ready 30 "$(cat "$dir/pid")" "$dir/server.log" "MariaDB" mariadb_answers
  cat > "$dir/env" <<ENV
MARIADB_HOST=127.0.0.1
MARIADB_PORT=$port
MARIADB_USER=tsconnect
MARIADB_PASSWORD=tsconnect
MARIADB_DATABASE=tsconnect
MARIADB_URL=mysql://tsconnect:tsconnect@127.0.0.1:$port/tsconnect
ENV
}

start_s3() {
  local dir=$STATE_DIR/s3 port
  port=$(free_ports 1)
  mkdir -p "$dir"
  setsid "$VENV/bin/moto_server" -H 127.0.0.1 -p "$port" > "$dir/server.log" 2>&1 < /dev/null &
  echo $! > "$dir/pid"
  s3_answers() {
    "$VENV/bin/python" -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)' \
      "http://127.0.0.1:$port/" 2> /dev/null
  }
  wait_ready 30 "$(cat "$dir/pid")" "$dir/server.log" "moto_server" s3_answers
  cat > "$dir/env" <<ENV
S3_ENDPOINT=http://127.0.0.1:$port
S3_REGION=us-east-1
S3_ACCESS_KEY_ID=test
S3_SECRET_ACCESS_KEY=test
S3_FORCE_PATH_STYLE=true
ENV
}

# The runnable jar differs by release: <name>-runner.jar + lib/ (3.0.x), quarkus-run.jar (later).
registry_jar() {
  local jar
  for jar in "$APICURIO_HOME"/quarkus-run.jar "$APICURIO_HOME"/apicurio-registry-app-*-runner.jar; do
    [[ -f $jar ]] && { echo "$jar"; return 0; }
  done
  die "no runnable jar in $APICURIO_HOME (remove it and run install.sh registry again)"
}

start_registry() {
  local dir=$STATE_DIR/registry port jar
  port=$(free_ports 1)
  jar=$(registry_jar)
  mkdir -p "$dir"
  # Default storage is H2 in memory (data goes with the process). A small JDBC pool and heap;
  # no access log (one line per request would swamp server.log during tests).
  setsid java -Xms64m -Xmx384m \
    -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$port" \
    -Dquarkus.http.access-log.enabled=false \
    -Dapicurio.datasource.jdbc.initial-size=2 -Dapicurio.datasource.jdbc.min-size=2 \
    -Dapicurio.storage.snapshot.location="$dir" \
    -jar "$jar" > "$dir/server.log" 2>&1 < /dev/null &
  echo $! > "$dir/pid"
  # Ready = the Confluent-compatible API answers a real request.
  registry_answers() {
    node -e 'fetch(process.argv[1], { signal: AbortSignal.timeout(2000) })
      .then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' \
      "http://127.0.0.1:$port/apis/ccompat/v7/subjects" 2> /dev/null
  }
  wait_ready 60 "$(cat "$dir/pid")" "$dir/server.log" "Apicurio Registry" registry_answers
  cat > "$dir/env" <<ENV
SCHEMA_REGISTRY_URL=http://127.0.0.1:$port/apis/ccompat/v7
APICURIO_REGISTRY_URL=http://127.0.0.1:$port/apis/registry/v3
APICURIO_VERSION=$APICURIO_VERSION
ENV
}

services=("$@")
(( ${#services[@]} )) || services=(kafka postgres mariadb)
check_services "${services[@]}"
"$TE_DIR/install.sh" "${services[@]}"
mkdir -p "$STATE_DIR"

current=
on_exit() {
  local rc=$? pid
  # A failed start must not leave its server running; its logs stay in .state to inspect.
  if (( rc != 0 )) && [[ -n $current ]]; then
    pid=$(cat "$STATE_DIR/$current/pid" 2>/dev/null || true)
    pid_alive "$pid" && kill -9 "$pid"
  fi
  write_env_files
  log "environment: $STATE_DIR/env.sh (source it) and $STATE_DIR/env.json"
}
trap on_exit EXIT

for s in "${services[@]}"; do
  if pid_alive "$(cat "$STATE_DIR/$s/pid" 2>/dev/null || true)"; then
    log "$s already running"; continue
  fi
  stop_service "$s"   # leftovers of a dead run
  t0=$SECONDS current=$s
  "start_${s//-/_}"   # kafka-sasl → start_kafka_sasl
  current=
  log "$s ready in $((SECONDS - t0))s"
done
