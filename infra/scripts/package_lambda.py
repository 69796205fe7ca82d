#!/usr/bin/env python3
"""Turns a function's Quarkus Lambda zip into the two artefacts the template deploys, each under
Lambda's 50 MB limit for a zip uploaded directly:

  FUNCTION_DIR/target/lambda.zip         the function without its encoder models and with only the
                                         Linux x86_64 native libraries (ONNX Runtime, DJL tokenizer, JNA)
  FUNCTION_DIR/target/encoder-layer.zip  a Lambda layer: the model files of the encoder jars in
                                         FUNCTION_DIR/target/encoder-jars (Maven copies them there)
                                         unpacked under models/ with their classpath names, which Lambda
                                         puts at /opt/models (the template sets HYBRID_MODEL_DIR=/opt/models)

Why a layer: the two INT8 encoders are 33 MB zipped, ONNX Runtime and the tokenizer 13 MB, the Quarkus
stack about 25 MB; no function carrying its encoders fits in 50 MB. A layer is versioned on its own
and changes only when a model does.

The layer is built from the jars rather than from function.zip because a native function.zip holds
only the executable. Usage: infra/scripts/package_lambda.py FUNCTION_DIR [--without-chinese]
  --without-chinese  leaves the Chinese encoder out (for hybrid.light.zh.enabled=false)
Exits 1 when an output is over the limit or the input zip is missing. Maven runs it in the package
phase of function-light and function-router (after Quarkus writes target/function.zip).
"""
from __future__ import annotations

import argparse
import io
import re
import sys
import zipfile
from pathlib import Path

LIMIT_BYTES = 50 * 1000 * 1000
# Lambda unpacks a layer under /opt, so this folder is /opt/models, the template's HYBRID_MODEL_DIR.
LAYER_PREFIX = "models/"
ENCODER_JAR = re.compile(r"^lib/dev\.langchain4j\.langchain4j-embeddings-[^/]+\.jar$")
CHINESE_ENCODER = "langchain4j-embeddings-bge-small-zh-"
# Native-library folders inside the jars that carry several platforms: the pattern of every platform
# folder, and the one Lambda x86_64 loads.
NATIVE_FOLDERS = [
    (re.compile(r"^ai/onnxruntime/native/([^/]+)/"), "linux-x64"),
    (re.compile(r"^native/lib/(?!tokenizers\.properties)([^/]+)/"), "linux-x86_64"),
    (re.compile(r"^com/sun/jna/([a-z0-9]+-[a-z0-9-]+)/"), "linux-x86-64"),
]
MULTI_PLATFORM_JAR = re.compile(
    r"^lib/(com\.microsoft\.onnxruntime\.onnxruntime|ai\.djl\.huggingface\.tokenizers|net\.java\.dev\.jna\.jna)-[^/]+\.jar$")
# What an encoder jar contributes to the layer: model, tokenizer, and the Maven metadata whose version
# the encoders report; its classes (langchain4j's own embedding API) are not used by this project.
LAYER_ENTRY = re.compile(r"^(?!.*\.class$)(?!META-INF/MANIFEST\.MF$)(?!META-INF/services/).+[^/]$")


def foreign_native(name: str) -> bool:
    for pattern, keep in NATIVE_FOLDERS:
        match = pattern.match(name)
        if match:
            return match.group(1) != keep
    return False


def copy_entry(target: zipfile.ZipFile, info: zipfile.ZipInfo, data: bytes, name: str | None = None) -> None:
    out = zipfile.ZipInfo(name or info.filename, date_time=info.date_time)
    out.external_attr = info.external_attr  # keeps bootstrap executable in native packages
    out.compress_type = zipfile.ZIP_DEFLATED
    target.writestr(out, data, compresslevel=9)


def strip_jar(data: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as jar, zipfile.ZipFile(buffer, "w") as stripped:
        for info in jar.infolist():
            if not foreign_native(info.filename):
                copy_entry(stripped, info, jar.read(info))
    return buffer.getvalue()


def package(function_dir: Path, without_chinese: bool) -> list[Path]:
    """Writes lambda.zip and encoder-layer.zip from target/function.zip; returns their paths."""
    source = function_dir / "target" / "function.zip"
    if not source.is_file():
        raise SystemExit(f"no {source}: build it first (./mvnw -pl {function_dir.name} -am package)")
    function_out = function_dir / "target" / "lambda.zip"
    layer_out = function_dir / "target" / "encoder-layer.zip"
    encoder_jars = sorted((function_dir / "target" / "encoder-jars").glob("*.jar"))
    if not encoder_jars:
        raise SystemExit(f"no encoder jars in {function_dir / 'target' / 'encoder-jars'} (Maven's"
                         " copy-dependencies execution encoder-jars puts them there)")
    with zipfile.ZipFile(source) as package_in, zipfile.ZipFile(function_out, "w") as function_zip:
        for info in package_in.infolist():
            if ENCODER_JAR.match(info.filename):
                continue  # JVM packages carry the encoder jars; the layer has their models
            if MULTI_PLATFORM_JAR.match(info.filename):
                copy_entry(function_zip, info, strip_jar(package_in.read(info)))
            else:
                copy_entry(function_zip, info, package_in.read(info))
    with zipfile.ZipFile(layer_out, "w") as layer_zip:
        for jar_path in encoder_jars:
            if without_chinese and jar_path.name.startswith(CHINESE_ENCODER):
                continue
            with zipfile.ZipFile(jar_path) as jar:
                for entry in jar.infolist():
                    if LAYER_ENTRY.match(entry.filename):
                        # Each jar's README (the model's origin and licence) keeps its jar's name.
                        layer_name = (LAYER_PREFIX + "readme/" + jar_path.stem if entry.filename == "README"
                                      else LAYER_PREFIX + entry.filename)
                        copy_entry(layer_zip, entry, jar.read(entry), layer_name)
    return [function_out, layer_out]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("function_dir", type=Path)
    parser.add_argument("--without-chinese", action="store_true")
    args = parser.parse_args(argv)
    outputs = package(args.function_dir, args.without_chinese)
    source = args.function_dir / "target" / "function.zip"
    print(f"[package-lambda] {source}: {source.stat().st_size / 1e6:.1f} MB")
    over = False
    for path in outputs:
        size = path.stat().st_size
        over |= size > LIMIT_BYTES
        note = "OVER Lambda's 50 MB direct-upload limit" if size > LIMIT_BYTES else "(limit 50 MB)"
        print(f"[package-lambda] {path}: {size / 1e6:.1f} MB  {note}")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
