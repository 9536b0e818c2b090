#!/usr/bin/env bash
# Stop the servers started by start.sh (all, or the given ones) and delete their data.
# Usage: test-env/stop.sh [kafka|postgres|mariadb|s3|registry|kafka-sasl|postgres17]...
set -euo pipefail
source "$(dirname "$0")/lib.sh"

services=("$@")
(( ${#services[@]} )) || services=("${ALL_SERVICES[@]}")
check_services "${services[@]}"
for s in "${services[@]}"; do stop_service "$s"; done
write_env_files
rmdir "$STATE_DIR" 2>/dev/null || true   # only when nothing is left running
