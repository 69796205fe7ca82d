#!/usr/bin/env bash
# Makes function-light/target/function-linux-x64.zip: the Lambda package Quarkus builds
# (target/function.zip, JVM mode) with every native library that Lambda on x86_64 cannot load taken
# out of the ONNX Runtime and DJL tokenizer jars (macOS, Windows, Linux aarch64, debug symbols).
# Prints the sizes before and after. Run after `./mvnw -pl function-light -am package`.
# Usage: function-light/package-lambda.sh [--english-only]
#   --english-only  also leaves out the Chinese encoder jar (for deployments with hybrid.light.zh.enabled=false)
set -euo pipefail
cd "$(dirname "$0")"
source_zip=target/function.zip
out=target/function-linux-x64.zip
[[ -f "$source_zip" ]] || { echo "no $source_zip: run ./mvnw -pl function-light -am package first" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
unzip -q "$source_zip" -d "$work/pkg"
ort=$(ls "$work"/pkg/lib/com.microsoft.onnxruntime.onnxruntime-*.jar)
tokenizers=$(ls "$work"/pkg/lib/ai.djl.huggingface.tokenizers-*.jar)
zip -q -d "$ort" 'ai/onnxruntime/native/osx-*' 'ai/onnxruntime/native/win-*' 'ai/onnxruntime/native/linux-aarch64/*'
zip -q -d "$tokenizers" 'native/lib/osx-*' 'native/lib/win-*' 'native/lib/linux-aarch64/*'
if [[ "${1:-}" == "--english-only" ]]; then
  rm "$work"/pkg/lib/dev.langchain4j.langchain4j-embeddings-bge-small-zh-*.jar
  out=target/function-linux-x64-en.zip
fi
rm -f "$out"
(cd "$work/pkg" && zip -q -r -9 "$OLDPWD/$out" .)
size() { stat -c %s "$1" | awk '{printf "%.1f MB", $1 / 1e6}'; }
echo "$source_zip: $(size "$source_zip")"
echo "$out: $(size "$out") (Lambda's limit for a directly uploaded zip: 50 MB)"
unzip -l "$out" | awk '$1 > 2000000 {printf "  %6.1f MB  %s\n", $1 / 1e6, $4}'
