#!/usr/bin/env bash
# The light tier's quality report: banking77 precision/coverage curve and accuracy, out-of-scope leak
# (CLINC150, GSM8K, MMLU), INT8 against FP32, and the Chinese model. Prints it and writes
# target/light-report.json. First run ~5 min on 2 CPUs (it embeds ~30k texts); later runs reuse the
# embedding cache under function-light/target/embedding-cache.
set -euo pipefail
cd "$(dirname "$0")"
./mvnw -q -B install -DskipTests -pl function-light -am
exec ./mvnw -q -B -pl function-light test-compile exec:java \
  -Dexec.mainClass=io.hybridllm.light.evaluation.LightReport -Dexec.args="$PWD/target/light-report.json"
