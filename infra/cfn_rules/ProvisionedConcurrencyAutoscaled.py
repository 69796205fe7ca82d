"""E9107: provisioned concurrency on an alias is scaled by Application Auto Scaling."""
from __future__ import annotations

import os
import sys

from cfnlint.rules import CloudFormationLintRule, RuleMatch

sys.path.insert(0, os.path.dirname(__file__))
import _template_facts as facts  # noqa: E402


def scaled_aliases(cfn):
    """(function logical id, alias name) pairs that have a scalable target with a scaling policy."""
    policies = {facts.referenced_id(props.get("ScalingTargetId"))
                for _, _, props in facts.of_type(cfn, "AWS::ApplicationAutoScaling::ScalingPolicy")}
    found = set()
    for name, _, props in facts.of_type(cfn, "AWS::ApplicationAutoScaling::ScalableTarget"):
        if props.get("ServiceNamespace") != "lambda" or \
                props.get("ScalableDimension") != "lambda:function:ProvisionedConcurrency":
            continue
        if name not in policies:
            continue
        text = facts.sub_string(props.get("ResourceId"))
        if not text or not text.startswith("function:"):
            continue
        parts = text.split(":")
        if len(parts) != 3:
            continue
        variable = facts.SUB_VARIABLE.fullmatch(parts[1])
        found.add((variable.group(1) if variable else parts[1], parts[2]))
    return found


class ProvisionedConcurrencyAutoscaled(CloudFormationLintRule):
    id = "E9107"
    shortdesc = "Provisioned concurrency follows load"
    description = (
        "Every AWS::Lambda::Alias with ProvisionedConcurrencyConfig is the ResourceId "
        "(function:${Function}:alias) of an AWS::ApplicationAutoScaling::ScalableTarget on "
        "lambda:function:ProvisionedConcurrency that at least one ScalingPolicy uses."
    )
    source_url = "infra/README.md#custom-cfn-lint-rules"
    tags = ["hybrid-llm", "lambda", "autoscaling"]

    def match(self, cfn):
        matches = []
        scaled = scaled_aliases(cfn)
        for name, _, props in facts.of_type(cfn, "AWS::Lambda::Alias"):
            if not props.get("ProvisionedConcurrencyConfig"):
                continue
            function = facts.referenced_id(props.get("FunctionName")) or props.get("FunctionName")
            if (function, props.get("Name")) not in scaled:
                matches.append(RuleMatch(["Resources", name, "Properties", "ProvisionedConcurrencyConfig"],
                                         f"{name} has fixed provisioned concurrency: add a ScalableTarget "
                                         f"function:${{{function}}}:{props.get('Name')} with a scaling policy"))
        return matches
