"""Shared reading of template values for the hybrid-llm cfn-lint rules.

cfn-lint loads every rule file in this folder whose name starts with a letter or digit; this module
starts with an underscore, so it is not loaded as rules, and the rule files import it by path.
The functions read the template after cfn-lint's SAM transform, i.e. plain CloudFormation.
"""
from __future__ import annotations

import re
from typing import Any, Iterator

REDIS_DEFAULT_PORT = 6379
WORLD_CIDRS = {"0.0.0.0/0", "::/0"}


def resources(cfn) -> dict[str, dict]:
    found = cfn.template.get("Resources", {})
    return found if isinstance(found, dict) else {}


def of_type(cfn, *types: str) -> Iterator[tuple[str, dict, dict]]:
    """(logical id, resource, properties) for each resource of one of the types."""
    for name, resource in resources(cfn).items():
        if isinstance(resource, dict) and resource.get("Type") in types:
            props = resource.get("Properties", {})
            yield name, resource, props if isinstance(props, dict) else {}


def referenced_id(value: Any) -> str | None:
    """The logical id behind {"Ref": X} or {"Fn::GetAtt": [X, attr]} / "X.attr"; else None."""
    if isinstance(value, dict) and len(value) == 1:
        if "Ref" in value and isinstance(value["Ref"], str):
            return value["Ref"]
        getatt = value.get("Fn::GetAtt")
        if isinstance(getatt, list) and getatt and isinstance(getatt[0], str):
            return getatt[0]
        if isinstance(getatt, str):
            return getatt.split(".", 1)[0]
    return None


def number(value: Any) -> float | None:
    """A literal number (YAML number or numeric string); None for intrinsics and non-numbers."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            return None
    return None


def as_list(value: Any) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def covers_port(ingress: dict, port: int) -> bool:
    """Whether one ingress rule admits TCP traffic to the port (IpProtocol -1 admits everything)."""
    protocol = str(ingress.get("IpProtocol", "")).lower()
    if protocol in ("-1", "all"):
        return True
    if protocol not in ("tcp", "6"):
        return False
    low, high = number(ingress.get("FromPort")), number(ingress.get("ToPort"))
    if low is None or high is None:
        return True  # not a literal: assume the worst
    if low == -1 and high == -1:
        return True
    return low <= port <= high


def sub_string(value: Any) -> str | None:
    """The template string of a Fn::Sub (either form), or a literal string itself."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and "Fn::Sub" in value:
        sub = value["Fn::Sub"]
        if isinstance(sub, str):
            return sub
        if isinstance(sub, list) and sub and isinstance(sub[0], str):
            return sub[0]
    return None


SUB_VARIABLE = re.compile(r"\$\{([A-Za-z0-9]+)(?:\.[A-Za-z0-9.]+)?\}")
