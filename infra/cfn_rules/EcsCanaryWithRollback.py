"""E9106: ECS services release through a canary (or CodeDeploy) path that rolls back on alarms."""
from __future__ import annotations

import os
import sys

from cfnlint.rules import CloudFormationLintRule, RuleMatch

sys.path.insert(0, os.path.dirname(__file__))
import _template_facts as facts  # noqa: E402

GRADUAL_STRATEGIES = {"CANARY", "LINEAR", "BLUE_GREEN"}


class EcsCanaryWithRollback(CloudFormationLintRule):
    id = "E9106"
    shortdesc = "ECS services deploy gradually and roll back on alarms"
    description = (
        "Every AWS::ECS::Service either uses the CODE_DEPLOY deployment controller (blue/green through "
        "CodeDeploy) or an ECS DeploymentConfiguration with Strategy CANARY, LINEAR or BLUE_GREEN and "
        "Alarms {Enable: true, Rollback: true} naming at least one alarm."
    )
    source_url = "infra/README.md#custom-cfn-lint-rules"
    tags = ["hybrid-llm", "ecs", "canary", "rollback"]

    def match(self, cfn):
        matches = []
        for name, _, props in facts.of_type(cfn, "AWS::ECS::Service"):
            base = ["Resources", name, "Properties"]
            controller = (props.get("DeploymentController") or {}).get("Type", "ECS")
            if controller == "CODE_DEPLOY":
                continue
            config = props.get("DeploymentConfiguration") or {}
            strategy = config.get("Strategy", "ROLLING")
            if strategy not in GRADUAL_STRATEGIES:
                matches.append(RuleMatch(base + ["DeploymentConfiguration"],
                                         f"{name} deploys with strategy {strategy}: use CANARY (or LINEAR, "
                                         "BLUE_GREEN, or the CODE_DEPLOY controller)"))
                continue
            alarms = config.get("Alarms") or {}
            on = lambda key: alarms.get(key) in (True, "true", "True")  # noqa: E731
            if not (on("Enable") and on("Rollback") and facts.as_list(alarms.get("AlarmNames"))):
                matches.append(RuleMatch(base + ["DeploymentConfiguration"],
                                         f"{name}: a {strategy} deployment must roll back on alarms "
                                         "(Alarms: Enable true, Rollback true, AlarmNames)"))
        return matches
