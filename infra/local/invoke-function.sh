#!/usr/bin/env bash
# Invokes a built function's Lambda package the way Lambda does, through infra/local/runtime_api.py,
# without Docker or the SAM CLI. What it runs is what the template deploys: function-<name>/target/lambda.zip
# unpacked as /var/task would be, and its encoder-layer.zip unpacked as /opt would be, with
# HYBRID_MODEL_DIR pointing at the layer's models/ (the template sets /opt/models):
#   native package (bootstrap inside): runs bootstrap, as provided.al2023 does;
#   JVM package: runs the AWS Lambda Runtime Interface Client (the java21 runtime's poller) on the
#   unpacked zip with the template's handler, QuarkusStreamHandler.
#
#   infra/local/invoke-function.sh light infra/events/light-chat.json infra/events/light-invalid.json
#   SERVE_PORT=19001 infra/local/invoke-function.sh light &   # light answering Lambda's Invoke API
#   HYBRID_ROUTER_LIGHT_URL=http://127.0.0.1:8181 HYBRID_ROUTER_HEAVY_URL=http://127.0.0.1:8282 \
#     infra/local/invoke-function.sh router infra/events/router-chat.json
#
# The function sees this shell's environment (set HYBRID_*, QUARKUS_* variables as the template would).
# The JVM path fetches the Runtime Interface Client from Maven Central once, into infra/target/ric.
set -euo pipefail
cd "$(dirname "$0")/../.."

# The Runtime Interface Client and the two libraries its pom names (it is built against them).
RIC_ARTIFACTS=(
  com.amazonaws:aws-lambda-java-runtime-interface-client:2.10.1
  com.amazonaws:aws-lambda-java-serialization:1.2.0
  software.amazon.awssdk:utils-lite:2.34.0
)

if [[ $# -lt 2 && -z "${SERVE_PORT:-}" ]]; then
  echo "usage: [SERVE_PORT=P] infra/local/invoke-function.sh router|light EVENT_FILE..." >&2
  exit 64
fi
name=$1
shift
package="function-$name/target/lambda.zip"
layer="function-$name/target/encoder-layer.zip"
for built in "$package" "$layer"; do
  [[ -f "$built" ]] || {
    echo "no $built: build it first, e.g. ./mvnw -B -pl function-$name -am package -DskipTests (add -Dnative for provided.al2023)" >&2
    exit 1
  }
done

# Lambda unpacks the zip into /var/task and the layer into /opt; fresh copies each run, so no file of an
# older build survives.
task_root="infra/target/task-$name"
opt_root="infra/target/opt-$name"
rm -rf "$task_root" "$opt_root"
mkdir -p "$task_root" "$opt_root"
unzip -q "$package" -d "$task_root"
unzip -q "$layer" -d "$opt_root"
task_root=$(cd "$task_root" && pwd)
opt_root=$(cd "$opt_root" && pwd)

if [[ -f "$task_root/bootstrap" ]]; then
  echo "[invoke] $package is native: running bootstrap (provided.al2023)" >&2
  chmod +x "$task_root/bootstrap"
  command=("$task_root/bootstrap")
else
  echo "[invoke] $package is a JVM package: running the Lambda Runtime Interface Client (java21)" >&2
  ric_dir=infra/target/ric
  for artifact in "${RIC_ARTIFACTS[@]}"; do
    IFS=: read -r _ artifact_id version <<<"$artifact"
    if [[ ! -f "$ric_dir/$artifact_id-$version.jar" ]]; then
      ./mvnw -B -q -N dependency:copy -Dartifact="$artifact" -DoutputDirectory="$ric_dir"
    fi
  done
  ric_dir=$(cd "$ric_dir" && pwd)
  # C1 only: the java21 runtime's default, which favours start-up over peak speed.
  command=(java -XX:+TieredCompilation -XX:TieredStopAtLevel=1
           -cp "$task_root:$task_root/lib/*:$ric_dir/*"
           com.amazonaws.services.lambda.runtime.api.client.AWSLambda
           io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest)
fi

events=()
for event in "$@"; do
  events+=(--event "$event")
done
# SERVE_PORT=P keeps the function running after the events and answers Lambda's Invoke API on port P,
# so a router package (HYBRID_ROUTER_LAMBDA_ENDPOINT=http://127.0.0.1:P) invokes it as in AWS.
if [[ -n "${SERVE_PORT:-}" ]]; then
  events+=(--serve --port "$SERVE_PORT")
fi
# The packages also start Quarkus' HTTP server (unused on Lambda); on a free port here, so that they do
# not clash with the same function running over HTTP (8181, 8080) on this machine.
exec python3 infra/local/runtime_api.py --handler "$name" --env "LAMBDA_TASK_ROOT=$task_root" \
  --env "HYBRID_MODEL_DIR=$opt_root/models" --env "QUARKUS_HTTP_PORT=${QUARKUS_HTTP_PORT:-0}" \
  "${events[@]}" -- "${command[@]}"
