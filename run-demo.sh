#!/usr/bin/env bash
# The main job: build what is needed, start Redis and the three functions on loopback, replay a
# real traffic mix through the router, print the report and write target/demo-report.json.
# Options are passed to the harness (see: java -jar harness/target/harness.jar).
set -euo pipefail
cd "$(dirname "$0")"
if [[ "${1:-}" != "--no-build" ]]; then
  echo "Building the functions and the harness (./mvnw -q -DskipTests package) ..."
  ./mvnw -q -B -DskipTests package
else
  shift
fi
exec java -jar harness/target/harness.jar demo "$@"
