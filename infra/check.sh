#!/usr/bin/env bash
# The offline infrastructure gate (no AWS account, Docker or SAM CLI needed):
#   1. cfn-lint on template.yaml (cfn-lint applies the SAM transform itself) with the project's rules;
#      any error or warning fails
#   2. the offline SAM transform to plain CloudFormation, linted again with the same rules
#   3. pytest infra/tests: each project rule fires on its deliberately broken templates, and only it;
#      the local Lambda Runtime API (infra/local) and the heavy image's agreement with build and template
#   4. the canary controller's unit and moto_server tests (Maven module infra/canary-controller)
# .ci/run passes --skip-controller because its final `./mvnw -B verify` runs step 4 as part of the build.
# Extra Maven flags come from MAVEN_ARGS (e.g. MAVEN_ARGS=-Dmaven.repo.local=/path).
set -euo pipefail
cd "$(dirname "$0")/.."

skip_controller=false
for arg in "$@"; do
  case "$arg" in
    --skip-controller) skip_controller=true ;;
    *) echo "usage: infra/check.sh [--skip-controller]" >&2; exit 64 ;;
  esac
done

fail() { echo "[infra] FAIL: $*" >&2; exit 1; }
need() { command -v "$1" >/dev/null 2>&1 || fail "$1 is not on PATH ($2)"; }
need python3 "Python 3.9+"
need cfn-lint "pip install cfn-lint"
need pytest "pip install pytest"
need moto_server "pip install 'moto[server]'; the canary controller's tests start it"
python3 -c "import samtranslator" 2>/dev/null || fail "python3 cannot import samtranslator (pip install aws-sam-translator)"

rules=(-a infra/cfn_rules -z infra/cfn_rules/simple.rules)
started=$SECONDS
echo "[infra] cfn-lint $(cfn-lint --version | awk '{print $2}'), aws-sam-translator $(python3 -c 'import samtranslator; print(samtranslator.__version__)')"

echo "[infra] 1/4 cfn-lint template.yaml (SAM transform by cfn-lint; warnings fail)"
cfn-lint "${rules[@]}" -- template.yaml || fail "template.yaml has cfn-lint findings"

echo "[infra] 2/4 offline SAM transform -> infra/target/template.transformed.json, linted again"
python3 infra/scripts/sam_transform.py template.yaml infra/target/template.transformed.json \
  || fail "the SAM transform failed"
cfn-lint "${rules[@]}" -- infra/target/template.transformed.json || fail "the transformed template has cfn-lint findings"

echo "[infra] 3/4 pytest infra/tests (rules against broken templates, local Runtime API, heavy image)"
pytest infra/tests || fail "infra/tests failed"

if [[ "$skip_controller" == true ]]; then
  echo "[infra] 4/4 canary controller tests: left to the Maven build (--skip-controller)"
else
  echo "[infra] 4/4 canary controller: unit and moto_server tests"
  # shellcheck disable=SC2086
  ./mvnw -B -q ${MAVEN_ARGS:-} -pl infra/canary-controller verify || fail "canary controller tests failed"
fi
echo "[infra] gate passed in $((SECONDS - started)) s"
