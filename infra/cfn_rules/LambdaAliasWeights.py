"""E9102: Lambda alias routing weights are in [0,1] and name one other, published version."""
from __future__ import annotations

import os
import sys

from cfnlint.rules import CloudFormationLintRule, RuleMatch

sys.path.insert(0, os.path.dirname(__file__))
import _template_facts as facts  # noqa: E402


class LambdaAliasWeights(CloudFormationLintRule):
    id = "E9102"
    shortdesc = "Alias weights in [0,1], one published canary version other than the primary"
    description = (
        "AWS::Lambda::Alias RoutingConfig.AdditionalVersionWeights: every FunctionWeight is a number "
        "in [0,1], there is at most one additional version (Lambda routes between two), it differs "
        "from the alias's FunctionVersion, and neither is $LATEST (weighted aliases need published versions)."
    )
    source_url = "infra/README.md#custom-cfn-lint-rules"
    tags = ["hybrid-llm", "lambda", "canary"]

    def match(self, cfn):
        matches = []
        for name, _, props in facts.of_type(cfn, "AWS::Lambda::Alias"):
            base = ["Resources", name, "Properties"]
            routing = props.get("RoutingConfig")
            if not isinstance(routing, dict):
                continue
            weights = facts.as_list(routing.get("AdditionalVersionWeights"))
            if len(weights) > 1:
                matches.append(RuleMatch(base + ["RoutingConfig", "AdditionalVersionWeights"],
                                         f"{name} routes to {len(weights)} additional versions; Lambda allows one"))
            primary = props.get("FunctionVersion")
            if primary == "$LATEST":
                matches.append(RuleMatch(base + ["FunctionVersion"],
                                         f"{name} has weighted routing on $LATEST; point it at a published version"))
            for i, entry in enumerate(weights):
                if not isinstance(entry, dict):
                    continue
                path = base + ["RoutingConfig", "AdditionalVersionWeights", i]
                raw = entry.get("FunctionWeight")
                weight = facts.number(raw)
                if weight is None and not isinstance(raw, dict):
                    matches.append(RuleMatch(path + ["FunctionWeight"], f"{name}: weight {raw!r} is not a number"))
                elif weight is not None and not 0.0 <= weight <= 1.0:
                    matches.append(RuleMatch(path + ["FunctionWeight"],
                                             f"{name}: weight {raw} is outside [0,1] (it is a share, 0.05 = 5 %)"))
                canary = entry.get("FunctionVersion")
                if canary == "$LATEST":
                    matches.append(RuleMatch(path + ["FunctionVersion"],
                                             f"{name}: canary version $LATEST is not a published version"))
                elif canary is not None and canary == primary:
                    matches.append(RuleMatch(path + ["FunctionVersion"],
                                             f"{name}: canary version is the primary version itself"))
        return matches
