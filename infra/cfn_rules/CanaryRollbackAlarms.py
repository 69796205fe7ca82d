"""E9105: Lambda deployment groups roll back on alarms that exist in the template."""
from __future__ import annotations

import os
import sys

from cfnlint.rules import CloudFormationLintRule, RuleMatch

sys.path.insert(0, os.path.dirname(__file__))
import _template_facts as facts  # noqa: E402

REQUIRED_EVENTS = {"DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"}


class CanaryRollbackAlarms(CloudFormationLintRule):
    id = "E9105"
    shortdesc = "Canary deployments roll back on alarms"
    description = (
        "Every CodeDeploy deployment group has AutoRollbackConfiguration enabled for DEPLOYMENT_FAILURE "
        "and DEPLOYMENT_STOP_ON_ALARM, and AlarmConfiguration enabled with at least one alarm, each a "
        "Ref to an AWS::CloudWatch::Alarm in this template (DeploymentPreference.Alarms in SAM)."
    )
    source_url = "infra/README.md#custom-cfn-lint-rules"
    tags = ["hybrid-llm", "codedeploy", "canary", "rollback"]

    def match(self, cfn):
        matches = []
        all_resources = facts.resources(cfn)
        for name, _, props in facts.of_type(cfn, "AWS::CodeDeploy::DeploymentGroup"):
            base = ["Resources", name, "Properties"]
            rollback = props.get("AutoRollbackConfiguration") or {}
            events = set(facts.as_list(rollback.get("Events")))
            if rollback.get("Enabled") not in (True, "true", "True") or not REQUIRED_EVENTS <= events:
                matches.append(RuleMatch(base + ["AutoRollbackConfiguration"],
                                         f"{name} must roll back automatically on "
                                         f"{' and '.join(sorted(REQUIRED_EVENTS))}"))
            alarms_config = props.get("AlarmConfiguration") or {}
            alarms = facts.as_list(alarms_config.get("Alarms"))
            if alarms_config.get("Enabled") not in (True, "true", "True") or not alarms:
                matches.append(RuleMatch(base, f"{name} watches no alarms, so a bad canary is never rolled "
                                               "back (add DeploymentPreference.Alarms)"))
                continue
            for i, alarm in enumerate(alarms):
                ref = facts.referenced_id(alarm.get("Name") if isinstance(alarm, dict) else None)
                target = all_resources.get(ref or "", {})
                if not isinstance(target, dict) or target.get("Type") != "AWS::CloudWatch::Alarm":
                    matches.append(RuleMatch(base + ["AlarmConfiguration", "Alarms", i],
                                             f"{name}: rollback alarm {alarm!s} is not an alarm of this template"))
        return matches
