#!/usr/bin/env python3
"""Offline SAM transform: template.yaml -> plain CloudFormation JSON, without AWS credentials.

What `sam package` + CloudFormation's AWS::Serverless-2016-10-31 transform would do, done locally
with aws-sam-translator: local CodeUri paths become placeholder S3 locations (as `sam package`
would upload them), managed policy names resolve from a fixed offline map (the translator would
otherwise ask IAM), and the result is written as JSON for a second cfn-lint pass.

    python3 infra/scripts/sam_transform.py template.yaml infra/target/template.transformed.json
"""
from __future__ import annotations

import argparse
import logging
import copy
import json
import os
import sys
from pathlib import Path

from samtranslator.parser.parser import Parser
from samtranslator.public.exceptions import InvalidDocumentException
from samtranslator.translator.translator import Translator
from samtranslator.yaml_helper import yaml_parse

# The translator looks managed policy *names* up in IAM. The template names none itself (it uses
# ARNs and SAM policy templates); SAM's own additions (VPC access, X-Ray) are ARNs already. The
# map covers the names SAM users commonly write, and an unknown name fails the transform loudly.
OFFLINE_MANAGED_POLICIES = {
    "AWSLambdaBasicExecutionRole": "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
    "AWSLambdaVPCAccessExecutionRole": "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole",
    "AWSXrayWriteOnlyAccess": "arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess",
    "AWSXRayDaemonWriteAccess": "arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess",
    "CloudWatchLambdaInsightsExecutionRolePolicy": "arn:aws:iam::aws:policy/CloudWatchLambdaInsightsExecutionRolePolicy",
}

PLACEHOLDER_BUCKET = "offline-sam-package-bucket"

# The translator logs feature-toggle lookups it cannot make offline; they are not findings.
logging.getLogger("samtranslator").setLevel(logging.ERROR)


class UnknownManagedPolicy(KeyError):
    pass


class OfflinePolicyMap(dict):
    def __missing__(self, key):
        raise UnknownManagedPolicy(f"managed policy {key!r} is not in the offline map (infra/scripts/sam_transform.py)")


def package_local_artifacts(template: dict) -> list[str]:
    """Replaces local CodeUri (functions) and ContentUri (layers) paths with S3 locations, as `sam package`
    does; returns the paths."""
    replaced = []
    artifact_property = {"AWS::Serverless::Function": "CodeUri", "AWS::Serverless::LayerVersion": "ContentUri"}
    for logical_id, resource in template.get("Resources", {}).items():
        key = artifact_property.get(resource.get("Type"))
        if key is None:
            continue
        props = resource.setdefault("Properties", {})
        uri = props.get(key)
        if isinstance(uri, str) and not uri.startswith("s3://"):
            replaced.append(f"{logical_id}: {uri}")
            props[key] = {"Bucket": PLACEHOLDER_BUCKET, "Key": f"{logical_id}/{Path(uri).name}"}
    return replaced


def transform(template: dict, region: str) -> dict:
    os.environ["AWS_DEFAULT_REGION"] = region  # ArnGenerator reads the partition from the region
    sam = copy.deepcopy(template)
    package_local_artifacts(sam)
    translator = Translator(managed_policy_map=OfflinePolicyMap(OFFLINE_MANAGED_POLICIES), sam_parser=Parser())
    result = translator.translate(sam_template=sam, parameter_values={},
                                  get_managed_policy_map=lambda: OfflinePolicyMap(OFFLINE_MANAGED_POLICIES))
    # The translator passes a name it cannot map through unchanged, where IAM would reject it.
    for name, resource in result.get("Resources", {}).items():
        for arn in resource.get("Properties", {}).get("ManagedPolicyArns", []):
            if isinstance(arn, str) and not arn.startswith("arn:"):
                raise UnknownManagedPolicy(f"{name}: managed policy {arn!r} is neither an ARN nor in the "
                                           "offline map (infra/scripts/sam_transform.py)")
    return result


def main(argv: list[str]) -> int:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("template", type=Path)
    args.add_argument("output", type=Path)
    args.add_argument("--region", default="us-east-1")
    opts = args.parse_args(argv)

    template = yaml_parse(opts.template.read_text(encoding="utf-8"))
    try:
        result = transform(template, opts.region)
    except InvalidDocumentException as e:
        for cause in e.causes:
            print(f"sam_transform: {cause.message}", file=sys.stderr)
        return 1
    except UnknownManagedPolicy as e:
        print(f"sam_transform: {e}", file=sys.stderr)
        return 1
    opts.output.parent.mkdir(parents=True, exist_ok=True)
    opts.output.write_text(json.dumps(result, indent=1, sort_keys=False) + "\n", encoding="utf-8")
    kinds = {resource["Type"] for resource in result.get("Resources", {}).values()}
    print(f"sam_transform: {opts.template} -> {opts.output}: {len(result['Resources'])} resources of {len(kinds)} types")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
