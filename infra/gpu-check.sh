#!/usr/bin/env bash
# The heavy tier on a GPU, in under 5 minutes: builds function-heavy with the CUDA build of ONNX
# Runtime (-Pgpu), loads the decoder with hybrid.heavy.device=cuda (which fails instead of falling
# back when the CUDA execution provider does not load), and runs the batching benchmark at 1, 4, 8
# and 16 concurrent streams on it. Without an NVIDIA GPU it runs the same benchmark on the CPU build
# and says so, so the script itself can be checked anywhere.
#
# Usage (from anywhere):  infra/gpu-check.sh [model-dir]
#   model-dir    an Optimum decoder export (default: the bundled demo decoder)
#   GENERATIONS  generations per concurrency level (default 384)
#   MAX_TOKENS   max_tokens per generation (default 64)
#
# GPU host needs: an NVIDIA driver, CUDA 12 and cuDNN 9 runtime libraries on the loader path
# (what onnxruntime_gpu 1.23 links against), Java 17, and Maven Central reachable the first time
# (the onnxruntime_gpu jar is a few hundred MB). The output is also written to
# function-heavy/target/gpu-check.txt.
set -euo pipefail
cd "$(dirname "$0")/.."

MODEL_DIR="${1:--}"
GENERATIONS="${GENERATIONS:-384}"
MAX_TOKENS="${MAX_TOKENS:-64}"
JAR=function-heavy/target/hybrid-llm-function-heavy-0.1.0-SNAPSHOT-runner.jar
OUT=function-heavy/target/gpu-check.txt

if command -v nvidia-smi >/dev/null 2>&1 && nvidia-smi -L >/dev/null 2>&1; then
  MODE=gpu
  nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader
  PROFILE=(-Pgpu)
  DEVICE=cuda
  THREADS=0 # ORT default; the CPU threads only feed the GPU
else
  MODE=cpu
  echo "gpu-check: no NVIDIA GPU here (nvidia-smi missing or lists no device): CPU fallback;"
  echo "gpu-check: the numbers below are CPU numbers, not GPU numbers."
  PROFILE=()
  DEVICE=cpu
  THREADS=1 # the shipped default (application.properties)
fi

echo "gpu-check: building function-heavy (${PROFILE[*]:-CPU ONNX Runtime})"
timeout 240 ./mvnw -B -q -pl function-heavy -am package -DskipTests "${PROFILE[@]}"

mkdir -p "$(dirname "$OUT")"
echo "gpu-check: benchmark, device=$DEVICE, model ${MODEL_DIR/#-/bundled demo decoder}"
set +e
timeout 200 java -Djava.util.logging.manager=org.jboss.logmanager.LogManager -cp "$JAR" \
  io.hybridllm.heavy.evaluation.BatchingBenchmark "$MODEL_DIR" "$MAX_TOKENS" "$THREADS" 1,4,8,16 \
  "$GENERATIONS" "$DEVICE" 2>&1 | tee "$OUT"
status=${PIPESTATUS[0]}
set -e
if [ "$status" -ne 0 ]; then
  if [ "$MODE" = gpu ] && grep -q "CUDA is unavailable" "$OUT"; then
    echo "gpu-check: FAILED: the CUDA execution provider did not load. Check that the CUDA 12 and cuDNN 9"
    echo "gpu-check: libraries are on LD_LIBRARY_PATH (e.g. libcudart.so.12, libcublasLt.so.12, libcudnn.so.9)."
  fi
  exit "$status"
fi

if [ "$MODE" = gpu ]; then
  grep -q "on CUDAExecutionProvider" "$OUT" || { echo "gpu-check: FAILED: not on the CUDA provider"; exit 1; }
  echo "gpu-check: OK: CUDAExecutionProvider in use (see the first line above)"
else
  grep -q "on CPUExecutionProvider" "$OUT" || { echo "gpu-check: FAILED: provider line missing"; exit 1; }
  echo "gpu-check: OK (CPU fallback): the same benchmark ran on CPUExecutionProvider; no GPU was checked"
fi
