"""E9104: every Lambda alias is moved by CodeDeploy, never switched over at once by CloudFormation."""
from __future__ import annotations

import os
import sys

from cfnlint.rules import CloudFormationLintRule, RuleMatch

sys.path.insert(0, os.path.dirname(__file__))
import _template_facts as facts  # noqa: E402


class AliasShiftedByCodeDeploy(CloudFormationLintRule):
    id = "E9104"
    shortdesc = "Lambda aliases are shifted by CodeDeploy"
    description = (
        "Every AWS::Lambda::Alias carries UpdatePolicy.CodeDeployLambdaAliasUpdate (SAM adds it for a "
        "function with AutoPublishAlias and DeploymentPreference), so a new version reaches users "
        "through a canary instead of all at once."
    )
    source_url = "infra/README.md#custom-cfn-lint-rules"
    tags = ["hybrid-llm", "lambda", "canary"]

    def match(self, cfn):
        matches = []
        for name, resource, _ in facts.of_type(cfn, "AWS::Lambda::Alias"):
            update = resource.get("UpdatePolicy", {})
            hook = update.get("CodeDeployLambdaAliasUpdate") if isinstance(update, dict) else None
            if not isinstance(hook, dict) or not hook.get("ApplicationName") or not hook.get("DeploymentGroupName"):
                matches.append(RuleMatch(["Resources", name],
                                         f"{name} switches versions all at once: give its function a "
                                         "DeploymentPreference (or an UpdatePolicy with CodeDeployLambdaAliasUpdate)"))
        return matches
