"""The offline template gate: cfn-lint with the project's rules on the real template, on its offline
SAM transform, on known-good bases, and on deliberately broken templates that each fire one rule.

Run from the repository root: pytest infra/tests (infra/check.sh does).
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RULES_DIR = ROOT / "infra" / "cfn_rules"
SIMPLE_RULES = RULES_DIR / "simple.rules"
TESTS = ROOT / "infra" / "tests"
BROKEN = sorted((TESTS / "broken").glob("*.yaml"))
BASES = sorted(TESTS.glob("ok-*.yaml"))
TEMPLATE = ROOT / "template.yaml"
TRANSFORM = ROOT / "infra" / "scripts" / "sam_transform.py"
LINT = ["cfn-lint", "-a", str(RULES_DIR), "-z", str(SIMPLE_RULES)]


def expected_rule(path: Path) -> str:
    match = re.match(r"([EW]\d{4})-", path.name)
    assert match, f"{path.name}: broken templates are named <rule id>-<what is broken>.yaml"
    return match.group(1)


@pytest.fixture(scope="session")
def transformed(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("sam") / "template.transformed.json"
    run = subprocess.run([sys.executable, str(TRANSFORM), str(TEMPLATE), str(out)],
                         capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    return out


@pytest.fixture(scope="session")
def findings(transformed) -> dict[str, list[dict]]:
    """Every file's cfn-lint findings (all severities), from one cfn-lint run over all of them."""
    files = [TEMPLATE, transformed, *BASES, *BROKEN]
    run = subprocess.run([*LINT, "--include-checks", "I", "--format", "json", "--", *map(str, files)],
                         capture_output=True, text=True, check=False, cwd=ROOT)
    assert run.stdout.strip().startswith("["), f"cfn-lint did not report JSON:\n{run.stdout}\n{run.stderr}"
    by_file: dict[str, list[dict]] = {str(Path(f).resolve()): [] for f in files}
    for match in json.loads(run.stdout):
        by_file.setdefault(str((ROOT / match["Filename"]).resolve()), []).append(match)
    return by_file


def ids(matches: list[dict]) -> set[str]:
    return {m["Rule"]["Id"] for m in matches}


def describe(matches: list[dict]) -> str:
    return "\n".join(f'{m["Rule"]["Id"]} {m["Message"]}' for m in matches)


def custom_rule_ids() -> set[str]:
    run = subprocess.run([*LINT, "--list-rules"], capture_output=True, text=True, check=True)
    return {m for m in re.findall(r"^([EW]9\d{3}):", run.stdout, re.MULTILINE)}


@pytest.mark.parametrize("template", BROKEN, ids=lambda p: p.stem)
def test_broken_template_fires_exactly_its_rule(template, findings):
    found = findings[str(template.resolve())]
    assert ids(found) == {expected_rule(template)}, describe(found)


@pytest.mark.parametrize("template", BASES, ids=lambda p: p.stem)
def test_base_of_the_broken_templates_passes(template, findings):
    found = findings[str(template.resolve())]
    assert not found, describe(found)


def test_every_custom_rule_has_a_broken_template():
    rules = custom_rule_ids()
    # 7 simple rules (E9010..E9016) and 8 Python rules (E9101..E9108)
    assert len(rules) == 15, sorted(rules)
    covered = {expected_rule(p) for p in BROKEN}
    assert rules - covered == set(), f"rules without a broken template: {sorted(rules - covered)}"
    assert covered - rules == set(), f"broken templates for unknown rules: {sorted(covered - rules)}"


def test_simple_rule_ids_follow_their_line_numbers():
    lines = SIMPLE_RULES.read_text(encoding="utf-8").splitlines()
    numbered = {f"E{9000 + n}" for n, line in enumerate(lines, start=1) if line.startswith("AWS::")}
    assert numbered == {f"E90{n}" for n in range(10, 17)}


def test_template_passes_with_no_findings_at_all(findings):
    found = [m for m in findings[str(TEMPLATE.resolve())]
             # informational only: SnapStart cannot be combined with provisioned concurrency (README)
             if m["Rule"]["Id"] != "I2530"]
    assert not found, describe(found)


def test_transformed_template_passes_and_is_plain_cloudformation(transformed, findings):
    found = [m for m in findings[str(transformed.resolve())] if m["Rule"]["Id"] != "I2530"]
    assert not found, describe(found)
    template = json.loads(transformed.read_text())
    assert "Transform" not in template
    kinds = [r["Type"] for r in template["Resources"].values()]
    assert not [k for k in kinds if k.startswith("AWS::Serverless::")]
    assert kinds.count("AWS::Lambda::Alias") == 2
    assert kinds.count("AWS::CodeDeploy::DeploymentGroup") == 2


def test_transform_refuses_a_managed_policy_it_cannot_resolve_offline(tmp_path):
    template = tmp_path / "t.yaml"
    template.write_text("""Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: target/function.zip
      Runtime: java21
      Handler: a.B::handle
      Policies: [SomePolicyNobodyMapped]
""")
    run = subprocess.run([sys.executable, str(TRANSFORM), str(template), str(tmp_path / "out.json")],
                         capture_output=True, text=True, check=False)
    assert run.returncode == 1
    assert "SomePolicyNobodyMapped" in run.stderr


def test_readme_documents_every_rule():
    readme = (ROOT / "infra" / "README.md").read_text(encoding="utf-8")
    missing = sorted(r for r in custom_rule_ids() if r not in readme)
    assert not missing, f"infra/README.md does not describe {missing}"
