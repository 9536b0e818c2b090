#!/usr/bin/env bash
# Fetches the Java peers of the side-by-side benchmarks from Maven Central into .cache/ (gitignored):
#   .cache/runtime/                      Kafka Connect 4.3.1 worker classpath (+ log4j2 binding)
#   .cache/plugins/debezium-postgres/    plugin dir: Debezium PostgresConnector and its dependencies
#   .cache/plugins/debezium-jdbc/        plugin dir: Debezium JdbcSinkConnector and its dependencies
# Idempotent: a finished copy is marked with .complete; ~/.m2 makes a new clone's copy a local one.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CACHE=$HERE/.cache
POM=$HERE/java/pom.xml
command -v mvn >/dev/null || { echo "install.sh: mvn not found (Debian: apt-get install maven)" >&2; exit 1; }
mkdir -p "$CACHE"

fetch() { # profile dir [extra mvn args]
  local profile=$1 dir=$2; shift 2
  [[ -f $dir/.complete ]] && return
  echo "[side-by-side] fetching $profile into $dir" >&2
  rm -rf "$dir" && mkdir -p "$dir"
  if ! mvn -B -q -f "$POM" -P "$profile" dependency:copy-dependencies -DincludeScope=runtime \
      -DoutputDirectory="$dir" "$@" > "$CACHE/mvn-$profile.log" 2>&1; then
    tail -n 40 "$CACHE/mvn-$profile.log" >&2
    echo "install.sh: Maven could not fetch profile $profile (log: $CACHE/mvn-$profile.log)" >&2
    exit 1
  fi
  touch "$dir/.complete"
}

fetch runtime "$CACHE/runtime"
# Plugin dirs leave out what the worker provides (Connect API, clients, slf4j: Connect's plugin
# class loader delegates those to the worker anyway) and Jackson core/databind/annotations: the
# worker's Jackson 2.21 modules are found by ServiceLoader through the parent loader, and a second
# databind in the plugin fails Hibernate (in the JDBC sink) with "Jdk8Module not a subtype".
EXCLUDE=(-DexcludeGroupIds=org.apache.kafka,org.slf4j -DexcludeArtifactIds=jackson-core,jackson-databind,jackson-annotations)
fetch debezium-postgres "$CACHE/plugins/debezium-postgres" "${EXCLUDE[@]}"
fetch debezium-jdbc "$CACHE/plugins/debezium-jdbc" "${EXCLUDE[@]}"
echo "$CACHE"
