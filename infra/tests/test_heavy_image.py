"""infra/docker/heavy.Dockerfile cannot be built here (no Docker); these checks keep it in step with
the build and the template, which is where it breaks silently when either moves.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = (ROOT / "infra" / "docker" / "heavy.Dockerfile").read_text()


class CfnLoader(yaml.SafeLoader):
    """Reads CloudFormation short-form tags (!Ref, !Sub, ...) as plain values."""


CfnLoader.add_multi_constructor("!", lambda loader, suffix, node: (
    loader.construct_scalar(node) if isinstance(node, yaml.ScalarNode)
    else loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode)
    else loader.construct_mapping(node)))


def dockerfile_arg(name: str) -> str:
    match = re.search(rf"^ARG {name}=(\S+)$", DOCKERFILE, re.MULTILINE)
    assert match, f"heavy.Dockerfile has no ARG {name}=..."
    return match.group(1)


def heavy_container() -> dict:
    template = yaml.load((ROOT / "template.yaml").read_text(), Loader=CfnLoader)
    containers = template["Resources"]["HeavyTaskDefinition"]["Properties"]["ContainerDefinitions"]
    return next(c for c in containers if c["Name"] == "heavy")


def test_gpu_runtime_replaces_the_onnxruntime_version_the_build_uses():
    pom = ET.parse(ROOT / "pom.xml").getroot()
    ns = {"m": "http://maven.apache.org/POM/4.0.0"}
    assert dockerfile_arg("ORT_VERSION") == pom.find("m:properties/m:onnxruntime.version", ns).text


def test_image_serves_the_port_and_health_path_the_task_definition_uses():
    container = heavy_container()
    port = container["PortMappings"][0]["ContainerPort"]
    assert f"EXPOSE {port}" in DOCKERFILE
    assert f"QUARKUS_HTTP_PORT={port}" in DOCKERFILE
    health = " ".join(container["HealthCheck"]["Command"])
    assert f"http://localhost:{port}/q/health/ready" in health
    assert f"http://localhost:{port}/q/health/ready" in DOCKERFILE


def test_image_and_task_definition_both_demand_the_gpu():
    assert "HYBRID_HEAVY_DEVICE=cuda" in DOCKERFILE
    env = {e["Name"]: e["Value"] for e in heavy_container()["Environment"] if isinstance(e, dict) and "Name" in e}
    assert env["HYBRID_HEAVY_DEVICE"] == "cuda"
    assert dockerfile_arg("CUDA_IMAGE").startswith("nvidia/cuda:12.")
