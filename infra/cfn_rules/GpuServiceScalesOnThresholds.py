"""E9108: a GPU ECS service scales out above a high threshold and in below a low one."""
from __future__ import annotations

import os
import sys

from cfnlint.rules import CloudFormationLintRule, RuleMatch

sys.path.insert(0, os.path.dirname(__file__))
import _template_facts as facts  # noqa: E402


def uses_gpu(task_definition):
    props = task_definition.get("Properties", {}) if isinstance(task_definition, dict) else {}
    for container in facts.as_list(props.get("ContainerDefinitions")):
        for requirement in facts.as_list(container.get("ResourceRequirements") if isinstance(container, dict) else None):
            if isinstance(requirement, dict) and requirement.get("Type") == "GPU":
                return True
    return False


def step_direction(policy_props):
    """+1 if every step adds capacity, -1 if every step removes it, 0 otherwise."""
    steps = facts.as_list((policy_props.get("StepScalingPolicyConfiguration") or {}).get("StepAdjustments"))
    signs = {(facts.number(s.get("ScalingAdjustment")) or 0) > 0 for s in steps if isinstance(s, dict)}
    if signs == {True}:
        return 1
    if signs == {False}:
        return -1
    return 0


class GpuServiceScalesOnThresholds(CloudFormationLintRule):
    id = "E9108"
    shortdesc = "GPU service scales out above a high and in below a low load threshold"
    description = (
        "Every AWS::ECS::Service whose task definition requests a GPU has an Application Auto Scaling "
        "target (service/${Cluster}/${Service.Name}) with either a target-tracking policy that may scale "
        "in, or a step policy adding capacity driven by a GreaterThan alarm and one removing capacity "
        "driven by a LessThan alarm."
    )
    source_url = "infra/README.md#custom-cfn-lint-rules"
    tags = ["hybrid-llm", "ecs", "gpu", "autoscaling"]

    def match(self, cfn):
        matches = []
        all_resources = facts.resources(cfn)
        targets = {}  # service logical id -> scalable target logical id
        for name, _, props in facts.of_type(cfn, "AWS::ApplicationAutoScaling::ScalableTarget"):
            if props.get("ServiceNamespace") != "ecs":
                continue
            text = facts.sub_string(props.get("ResourceId")) or ""
            for variable in facts.SUB_VARIABLE.findall(text):
                targets.setdefault(variable, name)
        alarm_direction = {}  # policy logical id -> set of comparison kinds that trigger it
        for _, _, props in facts.of_type(cfn, "AWS::CloudWatch::Alarm"):
            for action in facts.as_list(props.get("AlarmActions")):
                policy = facts.referenced_id(action)
                if policy:
                    kind = "high" if str(props.get("ComparisonOperator", "")).startswith("GreaterThan") else "low"
                    alarm_direction.setdefault(policy, set()).add(kind)

        for name, _, props in facts.of_type(cfn, "AWS::ECS::Service"):
            if not uses_gpu(all_resources.get(facts.referenced_id(props.get("TaskDefinition")) or "")):
                continue
            target = targets.get(name)
            if target is None:
                matches.append(RuleMatch(["Resources", name],
                                         f"GPU service {name} has no Application Auto Scaling target"))
                continue
            out = scale_in = False
            for policy, _, policy_props in facts.of_type(cfn, "AWS::ApplicationAutoScaling::ScalingPolicy"):
                if facts.referenced_id(policy_props.get("ScalingTargetId")) != target:
                    continue
                if policy_props.get("PolicyType") == "TargetTrackingScaling":
                    tracking = policy_props.get("TargetTrackingScalingPolicyConfiguration") or {}
                    out = True
                    scale_in = scale_in or tracking.get("DisableScaleIn") not in (True, "true", "True")
                    continue
                direction = step_direction(policy_props)
                kinds = alarm_direction.get(policy, set())
                out = out or (direction > 0 and "high" in kinds)
                scale_in = scale_in or (direction < 0 and "low" in kinds)
            missing = [what for what, ok in (("scale-out above a high threshold", out),
                                             ("scale-in below a low threshold", scale_in)) if not ok]
            if missing:
                matches.append(RuleMatch(["Resources", target],
                                         f"GPU service {name} lacks {' and '.join(missing)} "
                                         "(a step policy with an alarm, or target tracking)"))
        return matches
