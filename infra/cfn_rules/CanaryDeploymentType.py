"""E9103: Lambda deployment groups use a canary or linear configuration from the allowed list."""
from __future__ import annotations

import os
import sys

from cfnlint.rules import CloudFormationLintRule, RuleMatch

sys.path.insert(0, os.path.dirname(__file__))
import _template_facts as facts  # noqa: E402

# CodeDeploy's predefined Lambda configurations that shift gradually (AllAtOnce is not among them).
ALLOWED_PREDEFINED = {
    "CodeDeployDefault.LambdaCanary10Percent5Minutes",
    "CodeDeployDefault.LambdaCanary10Percent10Minutes",
    "CodeDeployDefault.LambdaCanary10Percent15Minutes",
    "CodeDeployDefault.LambdaCanary10Percent30Minutes",
    "CodeDeployDefault.LambdaLinear10PercentEvery1Minute",
    "CodeDeployDefault.LambdaLinear10PercentEvery2Minutes",
    "CodeDeployDefault.LambdaLinear10PercentEvery3Minutes",
    "CodeDeployDefault.LambdaLinear10PercentEvery10Minutes",
}
# A custom configuration in the template qualifies when it is time based and its first step is small.
ALLOWED_CUSTOM_TYPES = {"TimeBasedCanary": "CanaryPercentage", "TimeBasedLinear": "LinearPercentage"}
MAX_FIRST_STEP_PERCENT = 10


def literal_config_name(value):
    """The configuration name as a string, resolving SAM's Fn::Sub form; None if not literal."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and "Fn::Sub" in value:
        sub = value["Fn::Sub"]
        if isinstance(sub, str) and "${" not in sub:
            return sub
        if isinstance(sub, list) and len(sub) == 2 and isinstance(sub[0], str) and isinstance(sub[1], dict):
            text = sub[0]
            for key, replacement in sub[1].items():
                if not isinstance(replacement, str):
                    return None
                text = text.replace("${" + key + "}", replacement)
            return None if "${" in text else text
    return None


class CanaryDeploymentType(CloudFormationLintRule):
    id = "E9103"
    shortdesc = "Lambda canary deployment type in the allowed list"
    description = (
        "Every CodeDeploy deployment group of a Lambda application uses a predefined LambdaCanary*/"
        "LambdaLinear* configuration or a TimeBasedCanary/TimeBasedLinear AWS::CodeDeploy::DeploymentConfig "
        f"in this template whose first step is at most {MAX_FIRST_STEP_PERCENT} %; never AllAtOnce, "
        "the default, or a name the template cannot show."
    )
    source_url = "infra/README.md#custom-cfn-lint-rules"
    tags = ["hybrid-llm", "codedeploy", "canary"]

    def match(self, cfn):
        matches = []
        all_resources = facts.resources(cfn)
        for name, _, props in facts.of_type(cfn, "AWS::CodeDeploy::DeploymentGroup"):
            if not self._is_lambda_group(props, all_resources):
                continue
            path = ["Resources", name, "Properties", "DeploymentConfigName"]
            value = props.get("DeploymentConfigName")
            if value is None:
                matches.append(RuleMatch(path[:-1], f"{name} has no DeploymentConfigName: Lambda's default "
                                                    "shifts all traffic at once"))
                continue
            ref = facts.referenced_id(value)
            if ref is not None:
                problem = self._custom_config_problem(ref, all_resources)
                if problem:
                    matches.append(RuleMatch(path, f"{name}: {problem}"))
                continue
            literal = literal_config_name(value)
            if literal not in ALLOWED_PREDEFINED:
                matches.append(RuleMatch(path, f"{name}: deployment type {literal or value!s} is not in the "
                                               "allowed list (LambdaCanary*, LambdaLinear*, or a time-based "
                                               "DeploymentConfig in this template)"))
        return matches

    @staticmethod
    def _is_lambda_group(props, all_resources):
        app = all_resources.get(facts.referenced_id(props.get("ApplicationName")) or "", {})
        platform = app.get("Properties", {}).get("ComputePlatform") if isinstance(app, dict) else None
        if platform is not None:
            return platform == "Lambda"
        return not any(k in props for k in ("ECSServices", "AutoScalingGroups", "Ec2TagFilters",
                                            "Ec2TagSet", "OnPremisesInstanceTagFilters"))

    @staticmethod
    def _custom_config_problem(ref, all_resources):
        config = all_resources.get(ref)
        if not isinstance(config, dict) or config.get("Type") != "AWS::CodeDeploy::DeploymentConfig":
            return f"deployment type {ref} is not a DeploymentConfig in this template, so it cannot be checked"
        props = config.get("Properties", {})
        if props.get("ComputePlatform") != "Lambda":
            return f"{ref} is not a Lambda deployment configuration"
        routing = props.get("TrafficRoutingConfig", {})
        kind = routing.get("Type")
        if kind not in ALLOWED_CUSTOM_TYPES:
            return f"{ref} routes traffic by {kind}; allowed are {', '.join(sorted(ALLOWED_CUSTOM_TYPES))}"
        step = facts.number(routing.get(kind, {}).get(ALLOWED_CUSTOM_TYPES[kind]))
        if step is None or not 0 < step <= MAX_FIRST_STEP_PERCENT:
            return f"{ref} first shifts {step} % of traffic; a canary step is 0 < x <= {MAX_FIRST_STEP_PERCENT} %"
        return None
