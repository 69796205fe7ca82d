# syntax=docker/dockerfile:1
#
# The heavy tier on a GPU: function-heavy's runner jar on CUDA 12 + cuDNN 9 with ONNX Runtime's GPU
# build (com.microsoft.onnxruntime:onnxruntime_gpu, CUDA 12 / cuDNN 9 builds since ORT 1.19).
# The template's task definition runs it with HYBRID_HEAVY_DEVICE=cuda (start-up fails without a GPU)
# on an ECS GPU host, which provides the NVIDIA driver; the image provides the CUDA user-space libraries.
#
# Build context is function-heavy/target; heavy.Dockerfile.dockerignore keeps it to the runner jar and
# lib/ (the legacy jar layout quarkus-amazon-lambda forces), after
#   ./mvnw -B -pl function-heavy -am package -DskipTests
#   docker build -f infra/docker/heavy.Dockerfile -t <account>.dkr.ecr.<region>.amazonaws.com/hybrid-heavy:<tag> function-heavy/target
#
# Not built in this repository's CI (no Docker there); see README "Deploy" for what was checked.

ARG CUDA_IMAGE=nvidia/cuda:12.6.3-cudnn-runtime-ubuntu24.04
ARG ORT_VERSION=1.23.2
# sha1 published next to the jar on Maven Central (Central publishes no sha256 for it)
ARG ORT_GPU_SHA1=c45c2588b325040ffae53554e2607249b417ac8f

# ---- ONNX Runtime GPU jar, checked against Maven Central's checksum ------------------------------
FROM debian:bookworm-slim AS onnxruntime-gpu
ARG ORT_VERSION
ARG ORT_GPU_SHA1
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl \
 && rm -rf /var/lib/apt/lists/*
RUN curl -fsSL -o /onnxruntime_gpu.jar \
      "https://repo1.maven.org/maven2/com/microsoft/onnxruntime/onnxruntime_gpu/${ORT_VERSION}/onnxruntime_gpu-${ORT_VERSION}.jar" \
 && echo "${ORT_GPU_SHA1}  /onnxruntime_gpu.jar" | sha1sum -c -

# ---- runtime ---------------------------------------------------------------------------------------
FROM ${CUDA_IMAGE}
ARG ORT_VERSION
# JRE 17 (the project's release level); curl for the task definition's health check
RUN apt-get update \
 && apt-get install -y --no-install-recommends openjdk-17-jre-headless curl ca-certificates \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY lib/ /app/lib/
COPY *-runner.jar /app/heavy-runner.jar
# The runner jar's manifest names lib/com.microsoft.onnxruntime.onnxruntime-<version>.jar (the CPU
# build the module depends on). The GPU build has the same classes plus the CUDA execution provider,
# so it takes the CPU jar's place under the same file name; the build fails if that name is absent.
COPY --from=onnxruntime-gpu /onnxruntime_gpu.jar /tmp/onnxruntime_gpu.jar
RUN test -f "/app/lib/com.microsoft.onnxruntime.onnxruntime-${ORT_VERSION}.jar" \
 && mv /tmp/onnxruntime_gpu.jar "/app/lib/com.microsoft.onnxruntime.onnxruntime-${ORT_VERSION}.jar"

# Models: the bundled demo decoder is inside the jar. For a real model, build FROM this image, COPY the
# Optimum export (config.json, tokenizer.json, model.onnx, ...) to e.g. /models/<name> and deploy with
# HeavyModelDir=/models/<name> (hybrid.heavy.model-dir).
RUN useradd --system --uid 10001 --home-dir /app heavy
USER 10001

# 0.0.0.0: the load balancer reaches the task's own ENI (awsvpc); the template sets it again.
# DJL unpacks the tokenizer's JNI library into its cache, by default under the home directory,
# which is root's /app here; /tmp is writable for the unprivileged user (ONNX Runtime unpacks there too).
ENV QUARKUS_HTTP_HOST=0.0.0.0 \
    QUARKUS_HTTP_PORT=8282 \
    HYBRID_HEAVY_DEVICE=cuda \
    DJL_CACHE_DIR=/tmp/djl \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
EXPOSE 8282
HEALTHCHECK --interval=15s --timeout=5s --start-period=120s --retries=3 \
  CMD curl -fsS http://localhost:8282/q/health/ready || exit 1
ENTRYPOINT ["java", "-jar", "/app/heavy-runner.jar"]
