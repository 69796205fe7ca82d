"""Copies the slices of ../shared/data that hybrid-llm ships (run once from the repo root).

The repository must work without ../shared, so the data the demo, the tests and the
training commands read is copied here, with its attribution in data/README.md.
"""
import csv
import json
import pathlib
import shutil
import sys

SHARED = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data")
OUT = pathlib.Path("data")


def copy_banking77():
    target = OUT / "banking77"
    target.mkdir(parents=True, exist_ok=True)
    for name in ("train.csv", "test.csv", "categories.json"):
        shutil.copyfile(SHARED / "intents/banking77" / name, target / name)


def copy_clinc150_out_of_scope():
    data = json.loads((SHARED / "intents/clinc150/data_full.json").read_text())
    target = OUT / "clinc150"
    target.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SHARED / "intents/clinc150/all_wiki_sents.txt", target / "all_wiki_sents.txt")
    for split in ("oos_train", "oos_val", "oos_test"):
        with open(target / f"{split}.csv", "w", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(["text"])
            writer.writerows([text] for text, _ in data[split])
    # In-scope training queries of all 150 intents: general assistant requests (weather, recipes, travel, ...)
    # that a banking knowledge base must not answer, and a few banking ones that it may. Only the train split.
    with open(target / "inscope_train.csv", "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["text", "intent"])
        writer.writerows(data["train"])


def contaminated(name):
    lines = (SHARED / "routing" / name).read_text().splitlines()
    return {json.loads(line)["eval_prompt"] for line in lines if line.strip()}


def copy_routing_outcomes():
    """Keeps prompt and the two correctness columns; drops contaminated prompts and responses."""
    target = OUT / "routing"
    (target / "mmlu").mkdir(parents=True, exist_ok=True)
    csv.field_size_limit(10**9)
    jobs = [(SHARED / "routing/gsm8k_responses.csv", target / "gsm8k.csv", contaminated("gsm8k_contaminated_prompts.jsonl"))]
    mmlu_bad = contaminated("mmlu_contaminated_prompts.jsonl")
    for path in sorted((SHARED / "routing/mmlu").glob("*.csv")):
        jobs.append((path, target / "mmlu" / path.name, mmlu_bad))
    for source, dest, bad in jobs:
        with open(source, newline="") as f:
            reader = csv.reader(f)
            header = next(reader)
            keep = [0] + [i for i, h in enumerate(header) if i > 0 and not h.endswith("_response")]
            rows = [[row[i] for i in keep] for row in reader if row[0] not in bad]
        with open(dest, "w", newline="") as f:
            writer = csv.writer(f)
            writer.writerow([header[i] for i in keep])
            writer.writerows(rows)


if __name__ == "__main__":
    copy_banking77()
    copy_clinc150_out_of_scope()
    copy_routing_outcomes()
