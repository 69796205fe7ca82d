"""E9101: ElastiCache is reachable only from security groups, never from a CIDR or the world."""
from __future__ import annotations

import os
import sys

from cfnlint.rules import CloudFormationLintRule, RuleMatch

sys.path.insert(0, os.path.dirname(__file__))
import _template_facts as facts  # noqa: E402


class RedisReachableOnlyFromSecurityGroups(CloudFormationLintRule):
    id = "E9101"
    shortdesc = "Redis reachable only from the functions' security group"
    description = (
        "Security groups attached to an ElastiCache group admit only other security groups "
        "(no CidrIp, CidrIpv6 or prefix list); no security group anywhere admits 0.0.0.0/0 or ::/0 "
        "to a Redis port; every ElastiCache group names its security groups (else it gets the VPC default)."
    )
    source_url = "infra/README.md#custom-cfn-lint-rules"
    tags = ["hybrid-llm", "elasticache", "security-group"]

    def match(self, cfn):
        matches = []
        redis_ports: dict[str, int] = {}  # security group logical id -> port it protects
        all_ports = {facts.REDIS_DEFAULT_PORT}
        for name, _, props in facts.of_type(cfn, "AWS::ElastiCache::ReplicationGroup",
                                            "AWS::ElastiCache::CacheCluster",
                                            "AWS::ElastiCache::ServerlessCache"):
            port = facts.number(props.get("Port"))
            port = int(port) if port is not None else facts.REDIS_DEFAULT_PORT
            all_ports.add(port)
            groups = props.get("SecurityGroupIds", props.get("VpcSecurityGroupIds"))
            if not groups:
                matches.append(RuleMatch(["Resources", name, "Properties"],
                                         f"{name} names no SecurityGroupIds, so it gets the VPC's default "
                                         "security group; give it one that admits only the functions"))
            for group in facts.as_list(groups):
                sg = facts.referenced_id(group)
                if sg:
                    redis_ports[sg] = port

        def check(ingress, group_id, path):
            if not isinstance(ingress, dict):
                return
            cidr_keys = [k for k in ("CidrIp", "CidrIpv6", "SourcePrefixListId") if k in ingress]
            if group_id in redis_ports and cidr_keys:
                matches.append(RuleMatch(path + [cidr_keys[0]],
                                         f"{group_id} guards Redis but admits {cidr_keys[0]} "
                                         f"{ingress[cidr_keys[0]]!s}; admit only SourceSecurityGroupId "
                                         "(the functions' security group)"))
                return
            world = ingress.get("CidrIp") in facts.WORLD_CIDRS or ingress.get("CidrIpv6") in facts.WORLD_CIDRS
            if world:
                for port in sorted(all_ports):
                    if facts.covers_port(ingress, port):
                        matches.append(RuleMatch(path, f"{group_id} admits the whole internet to Redis port {port}"))
                        return

        for name, _, props in facts.of_type(cfn, "AWS::EC2::SecurityGroup"):
            for i, ingress in enumerate(facts.as_list(props.get("SecurityGroupIngress"))):
                check(ingress, name, ["Resources", name, "Properties", "SecurityGroupIngress", i])
        for name, _, props in facts.of_type(cfn, "AWS::EC2::SecurityGroupIngress"):
            check(props, facts.referenced_id(props.get("GroupId")) or name, ["Resources", name, "Properties"])
        return matches
