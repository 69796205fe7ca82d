#!/usr/bin/env python3
"""Build the tiny Llama-architecture demo decoder shipped in
function-heavy/src/main/resources/models/demo-decoder/.

It exists to exercise the Java ONNX decoding wiring (tokenizer, KV cache,
padding, greedy/sampled decoding). It is NOT a quality model.

Pipeline (deterministic for a given --seed on a given machine / library set):
  a. train a byte-level BPE tokenizer (HF `tokenizers`) on public text
  b. train a tiny Llama decoder on CPU (own minimal implementation whose
     parameter names and math match transformers' LlamaForCausalLM; this is
     checked by loading the weights into LlamaForCausalLM and comparing logits)
  c. keep the HF-format checkpoint only in a temporary work dir
  d. export a single merged "with-past" decoder graph to ONNX, Optimum layout
  e. verify with onnxruntime: cached greedy decoding == uncached PyTorch greedy,
     left-padded batch == single prompts, prefill with empty past works
  f. write reference-generations.json for the Java tests

Regenerate (from the repository root):
  python function-heavy/scripts/make_demo_decoder.py --seed 1234
"""
import argparse
import csv
import hashlib
import json
import math
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

# Pin thread counts before torch/numpy start their pools: float reductions
# are split per thread, so a different count can change low-order bits.
# One thread: results then do not depend on the machine's core count, and
# OpenMP barriers do not stall when the (shared, 2-core) CPU is busy.
os.environ["OMP_NUM_THREADS"] = "1"
os.environ["MKL_NUM_THREADS"] = "1"
os.environ.setdefault("RAYON_NUM_THREADS", "1")  # tokenizers trainer

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

REPO = Path(__file__).resolve().parents[2]
OUT_DIR = REPO / "function-heavy/src/main/resources/models/demo-decoder"
WIKI = REPO / "data/clinc150/all_wiki_sents.txt"
BANKING = REPO / "data/banking77/train.csv"
KB = REPO / "function-light/src/main/resources/kb/banking77-answers.json"

UNK, BOS, EOS, PAD = "<unk>", "<s>", "</s>", "<pad>"
SPECIALS = [UNK, BOS, EOS, PAD]  # ids 0..3, Llama-style order
CHAT_TEMPLATE = ("{% for m in messages %}{{ m['role'] }}: {{ m['content'] }}\n"
                 "{% endfor %}assistant:")

# Model size: ~1.5M parameters -> ~6 MB fp32 ONNX (tied embeddings).
CFG = dict(vocab_size=3072, hidden_size=128, num_hidden_layers=4,
           num_attention_heads=4, num_key_value_heads=2, head_dim=32,
           intermediate_size=512, max_position_embeddings=256,
           rms_norm_eps=1e-5, rope_theta=10000.0)

REFERENCE_PROMPTS = [
    "user: where is my card?\nassistant:",
    "The history of",
    "user: what is 12 times 7?\nassistant:",
    "user: how do I top up my account?\nassistant:",
    "In 1905, the city",
]
MAX_NEW_TOKENS = 24


def seed_everything(seed):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)


# ----------------------------------------------------------------------------
# data
# ----------------------------------------------------------------------------
def load_kb_answers(path):
    """Best-effort reader for the (optional) banking77 KB answers file.
    Accepts {label: str}, {label: {answer|text: str}} or [{label|intent|category, answer|text}]."""
    if not path.exists():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    out = {}

    def pick(d):
        for k in ("answer", "text", "content", "response"):
            if isinstance(d.get(k), str):
                return d[k]
        return None

    if isinstance(data, dict):
        items = data.get("answers", data.get("entries", data))
        if isinstance(items, dict):
            for k, v in items.items():
                a = v if isinstance(v, str) else (pick(v) if isinstance(v, dict) else None)
                if a:
                    out[k] = a
            return out
        data = items
    if isinstance(data, list):
        for d in data:
            if isinstance(d, dict):
                lab = d.get("label") or d.get("intent") or d.get("category") or d.get("id")
                a = pick(d)
                if lab and a:
                    out[str(lab)] = a
    return out


def build_corpus(use_kb):
    wiki = [l.strip() for l in WIKI.read_text(encoding="utf-8").splitlines() if l.strip()]
    with BANKING.open(encoding="utf-8", newline="") as f:
        rows = [(r["text"].strip(), r["category"].strip()) for r in csv.DictReader(f)]
    kb = load_kb_answers(KB) if use_kb else {}
    dialogs = []
    for q, cat in rows:
        # Without a KB answer, the assistant names the topic: keeps the
        # "user: ...\nassistant: ..." format learnable and on-topic.
        ans = kb.get(cat) or f"This is about {cat.replace('_', ' ')}. I can help you with that."
        dialogs.append(f"user: {q}\nassistant: {ans}")
    docs = wiki + dialogs
    src_hash = hashlib.sha256("\n".join(docs).encode("utf-8")).hexdigest()
    kb_sha = hashlib.sha256(KB.read_bytes()).hexdigest() if kb else None
    return docs, dict(wiki=len(wiki), banking=len(dialogs), kb_answers=len(kb),
                      kb_used=bool(kb), kb_sha256=kb_sha, corpus_sha256=src_hash)


# ----------------------------------------------------------------------------
# tokenizer
# ----------------------------------------------------------------------------
def train_tokenizer(docs, vocab_size):
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors, trainers
    tok = Tokenizer(models.BPE(unk_token=UNK))
    # Plain byte-level BPE (GPT-2 style); no normalizer, no prefix space, so a
    # prompt's tokens are a prefix of the tokens of prompt+continuation.
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=vocab_size, min_frequency=2,
                                  special_tokens=SPECIALS, show_progress=False,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
    tok.train_from_iterator(docs, trainer=trainer)
    # add_special_tokens=True prepends <s> (and never appends </s>), Llama-style.
    tok.post_processor = processors.TemplateProcessing(
        single=f"{BOS} $A", pair=f"{BOS} $A {BOS} $B",
        special_tokens=[(BOS, tok.token_to_id(BOS))])
    assert [tok.token_to_id(s) for s in SPECIALS] == [0, 1, 2, 3]
    return tok


# ----------------------------------------------------------------------------
# model: minimal Llama, names and math identical to transformers' LlamaForCausalLM
# ----------------------------------------------------------------------------
class RMSNorm(nn.Module):
    def __init__(self, d, eps):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(d))
        self.eps = eps

    def forward(self, x):
        return self.weight * (x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps))


def rotate_half(x):
    h = x.shape[-1] // 2
    return torch.cat((-x[..., h:], x[..., :h]), dim=-1)


class Attention(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.nh, self.nkv, self.hd = c["num_attention_heads"], c["num_key_value_heads"], c["head_dim"]
        h = c["hidden_size"]
        self.q_proj = nn.Linear(h, self.nh * self.hd, bias=False)
        self.k_proj = nn.Linear(h, self.nkv * self.hd, bias=False)
        self.v_proj = nn.Linear(h, self.nkv * self.hd, bias=False)
        self.o_proj = nn.Linear(self.nh * self.hd, h, bias=False)

    def forward(self, x, cos, sin, mask, past_k, past_v):
        b, s = x.shape[0], x.shape[1]
        q = self.q_proj(x).view(b, s, self.nh, self.hd).transpose(1, 2)
        k = self.k_proj(x).view(b, s, self.nkv, self.hd).transpose(1, 2)
        v = self.v_proj(x).view(b, s, self.nkv, self.hd).transpose(1, 2)
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        if past_k is not None:
            k = torch.cat([past_k, k], dim=2)
            v = torch.cat([past_v, v], dim=2)
        present = (k, v)
        rep = self.nh // self.nkv  # GQA: each kv head serves `rep` query heads
        t = k.shape[2]
        k = k[:, :, None].expand(b, self.nkv, rep, t, self.hd).reshape(b, self.nh, t, self.hd)
        v = v[:, :, None].expand(b, self.nkv, rep, t, self.hd).reshape(b, self.nh, t, self.hd)
        att = torch.matmul(q, k.transpose(2, 3)) / math.sqrt(self.hd)
        att = att.masked_fill(~mask, torch.finfo(att.dtype).min)  # finite: fully padded rows stay NaN-free
        att = torch.softmax(att, dim=-1)
        y = torch.matmul(att, v).transpose(1, 2).reshape(b, s, self.nh * self.hd)
        return self.o_proj(y), present


class MLP(nn.Module):
    def __init__(self, c):
        super().__init__()
        h, i = c["hidden_size"], c["intermediate_size"]
        self.gate_proj = nn.Linear(h, i, bias=False)
        self.up_proj = nn.Linear(h, i, bias=False)
        self.down_proj = nn.Linear(i, h, bias=False)

    def forward(self, x):
        return self.down_proj(F.silu(self.gate_proj(x)) * self.up_proj(x))


class Layer(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.self_attn = Attention(c)
        self.mlp = MLP(c)
        self.input_layernorm = RMSNorm(c["hidden_size"], c["rms_norm_eps"])
        self.post_attention_layernorm = RMSNorm(c["hidden_size"], c["rms_norm_eps"])

    def forward(self, x, cos, sin, mask, pk, pv):
        a, present = self.self_attn(self.input_layernorm(x), cos, sin, mask, pk, pv)
        x = x + a
        return x + self.mlp(self.post_attention_layernorm(x)), present


class Backbone(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.embed_tokens = nn.Embedding(c["vocab_size"], c["hidden_size"])
        self.layers = nn.ModuleList(Layer(c) for _ in range(c["num_hidden_layers"]))
        self.norm = RMSNorm(c["hidden_size"], c["rms_norm_eps"])


class TinyLlama(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.c = c
        self.model = Backbone(c)
        self.lm_head = nn.Linear(c["hidden_size"], c["vocab_size"], bias=False)
        self.lm_head.weight = self.model.embed_tokens.weight  # tie_word_embeddings
        hd = c["head_dim"]
        inv = 1.0 / (c["rope_theta"] ** (torch.arange(0, hd, 2, dtype=torch.int64).float() / hd))
        self.register_buffer("inv_freq", inv, persistent=False)
        self.apply(self._init)

    @staticmethod
    def _init(m):
        if isinstance(m, (nn.Linear, nn.Embedding)):
            nn.init.normal_(m.weight, std=0.02)

    def forward(self, input_ids, attention_mask, position_ids, past=None):
        """input_ids/position_ids [b,s]; attention_mask [b,past+s] (1 = real token);
        past: list of (k, v) [b,nkv,past,hd] or None. Returns logits, presents."""
        x = self.model.embed_tokens(input_ids)
        s = input_ids.shape[1]
        t = attention_mask.shape[1]
        # rotary tables (HF: emb = cat(freqs, freqs))
        freqs = position_ids[:, :, None].float() * self.inv_freq[None, None, :]
        emb = torch.cat((freqs, freqs), dim=-1)
        cos, sin = emb.cos()[:, None], emb.sin()[:, None]
        # causal (query i sits at absolute slot t-s+i) AND key not padding
        q_slot = torch.arange(s, device=x.device) + (t - s)
        k_slot = torch.arange(t, device=x.device)
        causal = k_slot[None, :] <= q_slot[:, None]
        mask = causal[None, None] & (attention_mask[:, None, None, :] > 0)
        presents = []
        for i, layer in enumerate(self.model.layers):
            pk, pv = past[i] if past is not None else (None, None)
            x, present = layer(x, cos, sin, mask, pk, pv)
            presents.append(present)
        x = self.model.norm(x)
        # einsum (not F.linear) so the ONNX graph reuses the tied embedding
        # matrix instead of constant-folding a transposed copy.
        logits = torch.einsum("bsh,vh->bsv", x, self.lm_head.weight)
        return logits, presents


class OnnxWrapper(nn.Module):
    """Flat Optimum-style signature: input_ids, attention_mask, position_ids,
    past_key_values.{i}.key/value -> logits, present.{i}.key/value."""

    def __init__(self, m):
        super().__init__()
        self.m = m

    def forward(self, input_ids, attention_mask, position_ids, *flat_past):
        past = [(flat_past[2 * i], flat_past[2 * i + 1]) for i in range(len(flat_past) // 2)]
        logits, presents = self.m(input_ids, attention_mask, position_ids, past)
        return (logits, *[t for kv in presents for t in kv])


# ----------------------------------------------------------------------------
# training
# ----------------------------------------------------------------------------
def make_stream(tok, docs, rng):
    order = list(range(len(docs)))
    rng.shuffle(order)
    encs = tok.encode_batch([docs[i] for i in order], add_special_tokens=False)
    bos, eos = tok.token_to_id(BOS), tok.token_to_id(EOS)
    stream = []
    for e in encs:
        stream.append(bos)
        stream.extend(e.ids)
        stream.append(eos)
    return torch.tensor(stream, dtype=torch.int64)


def train(model, tok, docs, seed, steps, batch, seq_len, lr):
    rng = random.Random(seed)
    stream = make_stream(tok, docs, rng)
    n_chunks = (len(stream) - 1) // seq_len
    print(f"[train] {len(stream)} tokens, {n_chunks} chunks of {seq_len}, "
          f"{steps} steps x batch {batch} = {steps * batch / n_chunks:.1f} epochs", flush=True)
    decay = [p for n, p in model.named_parameters() if p.dim() >= 2]
    no_decay = [p for n, p in model.named_parameters() if p.dim() < 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.1},
                             {"params": no_decay, "weight_decay": 0.0}],
                            lr=lr, betas=(0.9, 0.95), foreach=False)
    warm = max(1, steps // 20)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda i: min(1.0, (i + 1) / warm) * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * min(i, steps) / steps))))
    g = torch.Generator().manual_seed(seed)
    model.train()
    t0 = time.time()
    ema = None
    for step in range(steps):
        # random offsets into the packed stream (documents separated by <s>...</s>)
        starts = torch.randint(0, len(stream) - seq_len - 1, (batch,), generator=g)
        xb = torch.stack([stream[s:s + seq_len] for s in starts.tolist()])
        yb = torch.stack([stream[s + 1:s + seq_len + 1] for s in starts.tolist()])
        pos = torch.arange(seq_len).expand(batch, seq_len)
        logits, _ = model(xb, torch.ones_like(xb), pos)
        loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), yb.reshape(-1))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0, foreach=False)
        opt.step()
        sched.step()
        ema = loss.item() if ema is None else 0.95 * ema + 0.05 * loss.item()
        if step % 50 == 0 or step == steps - 1:
            print(f"[train] step {step:4d} loss {loss.item():.4f} ema {ema:.4f} "
                  f"{time.time() - t0:6.1f}s", flush=True)
    model.eval()
    # final loss: mean over a fixed held-in evaluation batch set (deterministic)
    with torch.no_grad():
        ge = torch.Generator().manual_seed(seed + 1)
        losses = []
        for _ in range(8):
            starts = torch.randint(0, len(stream) - seq_len - 1, (batch,), generator=ge).tolist()
            xb = torch.stack([stream[s:s + seq_len] for s in starts])
            yb = torch.stack([stream[s + 1:s + seq_len + 1] for s in starts])
            lg, _ = model(xb, torch.ones_like(xb), torch.arange(seq_len).expand(batch, seq_len))
            losses.append(F.cross_entropy(lg.reshape(-1, lg.shape[-1]), yb.reshape(-1)).item())
    return float(np.mean(losses)), time.time() - t0


# ----------------------------------------------------------------------------
# decoding helpers
# ----------------------------------------------------------------------------
@torch.no_grad()
def torch_greedy(model, ids, eos_id, n):
    """Reference decoding: full forward over the whole sequence each step, no cache."""
    seq = list(ids)
    out = []
    for _ in range(n):
        x = torch.tensor([seq])
        logits, _ = model(x, torch.ones_like(x), torch.arange(len(seq))[None])
        nxt = int(torch.argmax(logits[0, -1]))
        out.append(nxt)
        seq.append(nxt)
        if nxt == eos_id:
            break
    return out


@torch.no_grad()
def torch_sample(model, ids, eos_id, n, temperature, gen):
    seq = list(ids)
    for _ in range(n):
        x = torch.tensor([seq])
        logits, _ = model(x, torch.ones_like(x), torch.arange(len(seq))[None])
        p = torch.softmax(logits[0, -1] / temperature, dim=-1)
        nxt = int(torch.multinomial(p, 1, generator=gen))
        if nxt == eos_id:
            break
        seq.append(nxt)
    return seq[len(ids):]


def ort_greedy_batch(sess, prompts_ids, c, eos_id, pad_id, n):
    """Cached greedy decoding with onnxruntime, left padding. Prefill uses empty
    (past_seq = 0) past tensors, exactly like the Java side will."""
    b = len(prompts_ids)
    L = max(len(p) for p in prompts_ids)
    ids = np.full((b, L), pad_id, dtype=np.int64)
    mask = np.zeros((b, L), dtype=np.int64)
    for i, p in enumerate(prompts_ids):
        ids[i, L - len(p):] = p
        mask[i, L - len(p):] = 1
    pos = np.clip(np.cumsum(mask, axis=1) - 1, 0, None).astype(np.int64)
    feeds_past = {}
    for i in range(c["num_hidden_layers"]):
        for kv in ("key", "value"):
            feeds_past[f"past_key_values.{i}.{kv}"] = np.zeros(
                (b, c["num_key_value_heads"], 0, c["head_dim"]), dtype=np.float32)
    outs = [[] for _ in range(b)]
    done = [False] * b
    cur_ids, cur_pos = ids, pos
    for _ in range(n):
        res = sess.run(None, {"input_ids": cur_ids, "attention_mask": mask,
                              "position_ids": cur_pos, **feeds_past})
        names = [o.name for o in sess.get_outputs()]
        r = dict(zip(names, res))
        nxt = r["logits"][:, -1].argmax(-1)
        for i in range(b):
            if not done[i]:
                outs[i].append(int(nxt[i]))
                done[i] = int(nxt[i]) == eos_id
        if all(done):
            break
        feeds_past = {f"past_key_values.{i}.{kv}": r[f"present.{i}.{kv}"]
                      for i in range(c["num_hidden_layers"]) for kv in ("key", "value")}
        cur_ids = nxt[:, None].astype(np.int64)
        cur_pos = cur_pos[:, -1:] + 1
        mask = np.concatenate([mask, np.ones((b, 1), dtype=np.int64)], axis=1)
    return outs


# ----------------------------------------------------------------------------
def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=1234)
    ap.add_argument("--steps", type=int, default=250)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--seq-len", type=int, default=128)
    ap.add_argument("--lr", type=float, default=3e-3)
    ap.add_argument("--no-kb", action="store_true", help="ignore the banking77 KB answers file even if present")
    ap.add_argument("--out", type=Path, default=OUT_DIR)
    args = ap.parse_args()
    seed_everything(args.seed)
    out = args.out
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="demo-decoder-"))
    c = dict(CFG)

    # a. data + tokenizer
    docs, data_info = build_corpus(not args.no_kb)
    print(f"[data] {data_info}", flush=True)
    tok = train_tokenizer(docs, c["vocab_size"])
    assert tok.get_vocab_size() == c["vocab_size"], tok.get_vocab_size()
    tok.save(str(out / "tokenizer.json"))
    from tokenizers import Tokenizer
    tok = Tokenizer.from_file(str(out / "tokenizer.json"))  # use exactly what ships
    bos_id, eos_id, pad_id, unk_id = (tok.token_to_id(t) for t in (BOS, EOS, PAD, UNK))

    # b. train
    seed_everything(args.seed)  # model init independent of tokenizer-side RNG use
    model = TinyLlama(c)
    n_params = sum(p.numel() for p in model.parameters())  # tied weights counted once
    print(f"[model] {n_params} parameters", flush=True)
    final_loss, train_s = train(model, tok, docs, args.seed, args.steps, args.batch, args.seq_len, args.lr)
    print(f"[train] final loss {final_loss:.4f} (mean over 8 fixed batches), {train_s:.0f}s", flush=True)

    # c. HF-format config + checkpoint (work dir only) and equivalence check vs transformers
    from transformers import LlamaConfig, LlamaForCausalLM
    hf_cfg = LlamaConfig(
        vocab_size=c["vocab_size"], hidden_size=c["hidden_size"], intermediate_size=c["intermediate_size"],
        num_hidden_layers=c["num_hidden_layers"], num_attention_heads=c["num_attention_heads"],
        num_key_value_heads=c["num_key_value_heads"], head_dim=c["head_dim"], hidden_act="silu",
        max_position_embeddings=c["max_position_embeddings"], rms_norm_eps=c["rms_norm_eps"],
        rope_theta=c["rope_theta"], tie_word_embeddings=True, attention_bias=False, mlp_bias=False,
        bos_token_id=bos_id, eos_token_id=eos_id, pad_token_id=pad_id, torch_dtype="float32",
        architectures=["LlamaForCausalLM"])
    hf = LlamaForCausalLM(hf_cfg)
    missing, unexpected = hf.load_state_dict(model.state_dict(), strict=False)
    assert not unexpected and all("rotary" in m for m in missing), (missing, unexpected)
    hf.tie_weights()
    hf.eval()
    hf.config._attn_implementation = "eager"
    with torch.no_grad():
        probe = torch.tensor([tok.encode("The history of the bank card").ids])
        ours, _ = model(probe, torch.ones_like(probe), torch.arange(probe.shape[1])[None])
        theirs = hf(input_ids=probe).logits
    diff = (ours - theirs).abs().max().item()
    print(f"[check] max |logits ours - transformers LlamaForCausalLM| = {diff:.2e}", flush=True)
    assert diff < 1e-4, "own implementation diverges from transformers Llama"
    hf.save_pretrained(work / "hf")
    cfg_json = json.loads((work / "hf" / "config.json").read_text())
    cfg_json.pop("transformers_version", None)  # keep the shipped file stable across versions
    (out / "config.json").write_text(json.dumps(cfg_json, indent=2, sort_keys=True) + "\n")
    (out / "generation_config.json").write_text(json.dumps(
        {"bos_token_id": bos_id, "eos_token_id": eos_id, "pad_token_id": pad_id,
         "do_sample": False, "max_new_tokens": MAX_NEW_TOKENS}, indent=2) + "\n")
    (out / "tokenizer_config.json").write_text(json.dumps(
        {"tokenizer_class": "PreTrainedTokenizerFast", "bos_token": BOS, "eos_token": EOS,
         "unk_token": UNK, "pad_token": PAD, "add_bos_token": True, "add_eos_token": False,
         "model_max_length": c["max_position_embeddings"], "padding_side": "left",
         "clean_up_tokenization_spaces": False, "chat_template": CHAT_TEMPLATE}, indent=2) + "\n")

    # d. ONNX export (legacy TorchScript exporter: stable dynamic_axes, single file)
    import onnx
    import onnxruntime as ort
    L, nkv, hd = c["num_hidden_layers"], c["num_key_value_heads"], c["head_dim"]
    past_names = [f"past_key_values.{i}.{kv}" for i in range(L) for kv in ("key", "value")]
    present_names = [f"present.{i}.{kv}" for i in range(L) for kv in ("key", "value")]
    b0, s0, p0 = 2, 3, 4  # example shapes; all three axes are dynamic
    ex = (torch.randint(4, c["vocab_size"], (b0, s0)), torch.ones(b0, p0 + s0, dtype=torch.int64),
          torch.arange(p0, p0 + s0).expand(b0, s0).contiguous(),
          *[torch.randn(b0, nkv, p0, hd) for _ in past_names])
    dyn = {"input_ids": {0: "batch_size", 1: "sequence_length"},
           "attention_mask": {0: "batch_size", 1: "total_sequence_length"},
           "position_ids": {0: "batch_size", 1: "sequence_length"},
           "logits": {0: "batch_size", 1: "sequence_length"}}
    dyn.update({n: {0: "batch_size", 2: "past_sequence_length"} for n in past_names})
    dyn.update({n: {0: "batch_size", 2: "total_sequence_length"} for n in present_names})
    onnx_path = out / "model.onnx"
    with torch.no_grad():
        torch.onnx.export(OnnxWrapper(model), ex, str(onnx_path), dynamo=False, opset_version=17,
                          input_names=["input_ids", "attention_mask", "position_ids", *past_names],
                          output_names=["logits", *present_names], dynamic_axes=dyn,
                          do_constant_folding=True)
    m = onnx.load(str(onnx_path))
    onnx.checker.check_model(m)
    assert not any(i.data_location == onnx.TensorProto.EXTERNAL for i in m.graph.initializer)
    assert not list(out.glob("*.data")), "external data must stay inside model.onnx"
    so = ort.SessionOptions()
    so.intra_op_num_threads, so.inter_op_num_threads = 1, 1
    sess = ort.InferenceSession(str(onnx_path), so, providers=["CPUExecutionProvider"])
    io = ([(i.name, i.type, i.shape) for i in sess.get_inputs()],
          [(o.name, o.type, o.shape) for o in sess.get_outputs()])
    for kind, lst in zip(("input", "output"), io):
        for name, typ, shape in lst:
            print(f"[onnx] {kind:6s} {name:28s} {typ:16s} {shape}")
    assert [n for n, _, _ in io[0]] == ["input_ids", "attention_mask", "position_ids", *past_names]
    assert [n for n, _, _ in io[1]] == ["logits", *present_names]

    # e. verification: ORT cached greedy == PyTorch uncached greedy, batch == single
    refs = []
    for p in REFERENCE_PROMPTS:
        pids = tok.encode(p, add_special_tokens=True).ids
        assert pids[0] == bos_id and eos_id not in pids
        want = torch_greedy(model, pids, eos_id, MAX_NEW_TOKENS)
        got = ort_greedy_batch(sess, [pids], c, eos_id, pad_id, MAX_NEW_TOKENS)[0]
        assert got == want, f"ORT != torch for {p!r}: {got} vs {want}"
        refs.append({"prompt": p, "add_bos": True, "prompt_token_ids": pids,
                     "greedy_token_ids": want,
                     "text": tok.decode(want, skip_special_tokens=True)})
    print(f"[check] onnxruntime cached greedy == PyTorch uncached greedy for {len(refs)} prompts")
    for a, b in [(0, 1), (2, 4), (1, 3)]:
        pa, pb = refs[a]["prompt_token_ids"], refs[b]["prompt_token_ids"]
        assert len(pa) != len(pb)
        got = ort_greedy_batch(sess, [pa, pb], c, eos_id, pad_id, MAX_NEW_TOKENS)
        assert got == [refs[a]["greedy_token_ids"], refs[b]["greedy_token_ids"]], (a, b, got)
    print("[check] left-padded batches of 2 give the same tokens as single prompts")
    # Chat template: rendering the template must give exactly the training format
    from transformers import PreTrainedTokenizerFast
    hf_tok = PreTrainedTokenizerFast(tokenizer_file=str(out / "tokenizer.json"),
                                     bos_token=BOS, eos_token=EOS, unk_token=UNK, pad_token=PAD)
    hf_tok.chat_template = CHAT_TEMPLATE
    rendered = hf_tok.apply_chat_template([{"role": "user", "content": "where is my card?"}], tokenize=False)
    assert rendered == REFERENCE_PROMPTS[0], repr(rendered)
    assert hf_tok(rendered)["input_ids"] == refs[0]["prompt_token_ids"]

    # f. reference file (deterministic content; sorted keys, fixed formatting)
    (out / "reference-generations.json").write_text(json.dumps(
        {"description": "Greedy decoding reference from PyTorch (no KV cache). "
                        "prompt_token_ids = tokenizer.encode(prompt) with <s> prepended (add_bos); "
                        "decoding stops after max_new_tokens or when eos is generated (eos included).",
         "seed": args.seed, "bos_token_id": bos_id, "eos_token_id": eos_id, "pad_token_id": pad_id,
         "max_new_tokens": MAX_NEW_TOKENS, "generations": refs},
        indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    print("[samples] greedy:")
    for r in refs:
        print(f"  {r['prompt']!r} -> {r['text']!r}")
    print("[samples] temperature 0.8:")
    gen = torch.Generator().manual_seed(args.seed)
    for p in ["user: I lost my card, what should I do?\nassistant:", "The river", "The university was"]:
        ids = tok.encode(p).ids
        print(f"  {p!r} -> {tok.decode(torch_sample(model, ids, eos_id, 40, 0.8, gen))!r}")

    sizes = {f.name: f.stat().st_size for f in sorted(out.iterdir()) if f.name != "README.md"}
    write_readme(out, args, c, n_params, final_loss, data_info, sizes)
    sizes["README.md"] = (out / "README.md").stat().st_size
    total = sum(sizes.values())
    for k, v in sizes.items():
        print(f"[size] {k:28s} {v:>10d}")
    print(f"[size] total {total} bytes ({total / 2**20:.2f} MiB)")
    assert total <= 10 * 2**20
    shutil.rmtree(work)
    print("done")


def write_readme(out, args, c, n_params, final_loss, data_info, sizes):
    fl = "\n".join(f"| `{k}` | {v:,} |" for k, v in sizes.items())
    kb_line = (f"- {data_info['kb_answers']} knowledge-base answers from "
               "`function-light/src/main/resources/kb/banking77-answers.json` were used as assistant replies "
               f"(file sha256 `{data_info['kb_sha256']}`; a changed KB file changes the model).\n"
               if data_info["kb_used"] else
               "- Assistant replies were a fixed template naming the banking77 category "
               "(\"This is about card arrival. I can help you with that.\"); no KB answers were used.\n")
    (out / "README.md").write_text(f"""# demo-decoder: tiny Llama-architecture ONNX decoder

**What it is.** A deliberately tiny decoder-only language model ({n_params:,} parameters)
that exists only to demonstrate and test the Java wiring: HF tokenizer loading,
the Optimum-style ONNX decoder with KV cache, left padding, greedy and sampled
decoding. Its output is English-looking but mostly nonsense. **It is not a
quality model and must not be used to answer anyone.**

## Architecture

Llama (`model_type: llama`, see `config.json`): {c['num_hidden_layers']} layers, hidden size {c['hidden_size']},
{c['num_attention_heads']} attention heads, {c['num_key_value_heads']} key/value heads (GQA), head_dim {c['head_dim']},
SwiGLU MLP with intermediate size {c['intermediate_size']}, RMSNorm (eps {c['rms_norm_eps']}), RoPE (theta {c['rope_theta']:g}),
vocabulary {c['vocab_size']}, max positions {c['max_position_embeddings']}, tied input/output embeddings, float32.

## ONNX interface (`model.onnx`, single file, opset 17)

Inputs: `input_ids` int64 [batch, seq], `attention_mask` int64 [batch, past+seq],
`position_ids` int64 [batch, seq], and for i in 0..{c['num_hidden_layers'] - 1}:
`past_key_values.i.key` / `past_key_values.i.value` float32 [batch, {c['num_key_value_heads']}, past, {c['head_dim']}].
Outputs: `logits` float32 [batch, seq, {c['vocab_size']}], `present.i.key` / `present.i.value`
float32 [batch, {c['num_key_value_heads']}, past+seq, {c['head_dim']}].
Prefill is run with empty (past = 0) past tensors. With left padding use
`position_ids = max(cumsum(attention_mask) - 1, 0)`.

## Tokenizer

Byte-level BPE (`tokenizer.json`, HF `tokenizers`), no normalizer, no prefix space.
Special tokens: `<unk>`=0, `<s>`=1 (BOS), `</s>`=2 (EOS), `<pad>`=3.
Encoding with special tokens prepends `<s>`; `</s>` is never appended.
Prompts use the chat template in `tokenizer_config.json`, e.g.
`"user: where is my card?\\nassistant:"`.

## Training

- Text: {data_info['wiki']:,} English Wikipedia sentences from the CLINC150 release
  (`all_wiki_sents.txt`; Larson et al., "An Evaluation Dataset for Intent Classification
  and Out-of-Scope Prediction", EMNLP 2019; CC BY 3.0) and {data_info['banking']:,}
  customer questions from banking77 `train.csv` (Casanueva et al., "Efficient Intent
  Detection with Dual Sentence Encoders", NLP4ConvAI 2020; CC BY 4.0), formatted as
  `user: <question>\\nassistant: <reply>`.
{kb_line}- Corpus sha256: `{data_info['corpus_sha256']}`
- {args.steps} AdamW steps, batch {args.batch} x {args.seq_len} tokens, lr {args.lr}, seed {args.seed}, CPU (1 thread).
- Final training loss (mean cross-entropy over 8 fixed batches): **{final_loss:.4f}**

## Files

| file | bytes |
|---|---|
{fl}

`reference-generations.json` holds greedy token ids recorded from PyTorch (no cache)
for fixed prompts; the build script checked that onnxruntime with KV cache, and a
left-padded batch, reproduce them exactly.

## Regenerate

From the repository root (Python deps in `function-heavy/scripts/requirements.txt`):

    python function-heavy/scripts/make_demo_decoder.py --seed {args.seed}{' --no-kb' if not data_info['kb_used'] else ''}
""", encoding="utf-8")


if __name__ == "__main__":
    main()
