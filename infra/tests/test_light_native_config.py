"""The light function's native-image configuration against the libraries it must carry.

No native build runs here (no GraalVM, no Docker), so this checks what a native build would need and
can be read off the dependency jars: the JNI libraries that ONNX Runtime and the DJL tokenizer unpack
at start-up match quarkus.native.resources.includes, and every Java class their JNI code looks up
(the class names compiled into the .so files) is registered in jni-config.json. The jars come from
the local Maven repository; the tests skip, saying so, when the build has not fetched them yet.
"""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LIGHT_RESOURCES = ROOT / "function-light" / "src" / "main" / "resources"
JNI_CONFIG = LIGHT_RESOURCES / "META-INF" / "native-image" / "io.hybridllm" / "hybrid-llm-function-light" / "jni-config.json"
MAVEN_REPOSITORY = Path.home() / ".m2" / "repository"

# (jar coordinates as group path, artifact, pom property of the version; the Linux x86_64 JNI libraries
# inside; the package prefix its JNI code reaches into)
NATIVE_LIBRARIES = [
    ("com/microsoft/onnxruntime", "onnxruntime", "onnxruntime.version",
     ["ai/onnxruntime/native/linux-x64/libonnxruntime.so", "ai/onnxruntime/native/linux-x64/libonnxruntime4j_jni.so"],
     b"ai/onnxruntime/"),
    ("ai/djl/huggingface", "tokenizers", "djl.version",
     ["native/lib/tokenizers.properties", "native/lib/linux-x86_64/cpu/libtokenizers.so"],
     b"ai/djl/"),
]


def pom_property(name: str) -> str:
    ns = {"m": "http://maven.apache.org/POM/4.0.0"}
    return ET.parse(ROOT / "pom.xml").getroot().find(f"m:properties/m:{name}", ns).text


def resolved_jar(group_path: str, artifact: str, version_property: str) -> Path:
    version = pom_property(version_property)
    jar = MAVEN_REPOSITORY / group_path / artifact / version / f"{artifact}-{version}.jar"
    if not jar.is_file():
        pytest.skip(f"{jar} not fetched yet (run the Maven build once)")
    return jar


def native_includes() -> list[re.Pattern]:
    properties = (LIGHT_RESOURCES / "application.properties").read_text()
    value = re.search(r"^quarkus\.native\.resources\.includes=(.*)$", properties, re.MULTILINE).group(1)
    patterns = []
    for glob in value.split(","):
        # Quarkus globs: ** crosses directories, * and ? stay within one path segment.
        regex = re.escape(glob.strip()).replace(r"\*\*", ".*").replace(r"\*", "[^/]*").replace(r"\?", "[^/]")
        patterns.append(re.compile(regex + "$"))
    return patterns


def jni_registered() -> set[str]:
    return {entry["name"] for entry in json.loads(JNI_CONFIG.read_text())}


@pytest.mark.parametrize("group_path,artifact,version_property,libraries,jni_prefix", NATIVE_LIBRARIES,
                         ids=[lib[1] for lib in NATIVE_LIBRARIES])
def test_jni_libraries_are_embedded_and_their_classes_registered(group_path, artifact, version_property,
                                                                 libraries, jni_prefix):
    jar = resolved_jar(group_path, artifact, version_property)
    includes = native_includes()
    with zipfile.ZipFile(jar) as archive:
        names = set(archive.namelist())
        looked_up: set[str] = set()
        for library in libraries:
            assert library in names, f"{jar.name} has no {library}: update the list above for its new layout"
            assert any(p.match(library) for p in includes), f"{library} is not in quarkus.native.resources.includes"
            if library.endswith(".so"):
                binary = archive.read(library)
                looked_up |= {m.decode().replace("/", ".")
                              for m in re.findall(re.escape(jni_prefix) + rb"[A-Za-z0-9_/$]+", binary)
                              if (m.decode() + ".class") in names}
    assert looked_up, f"found no class names in {artifact}'s JNI libraries"
    missing = looked_up - jni_registered()
    assert not missing, f"JNI code of {artifact} uses classes missing from jni-config.json: {sorted(missing)}"


def test_other_platforms_stay_out_of_the_executable():
    includes = native_includes()
    for foreign in ["ai/onnxruntime/native/osx-aarch64/libonnxruntime.dylib",
                    "ai/onnxruntime/native/win-x64/onnxruntime.dll",
                    "native/lib/linux-aarch64/cpu/libtokenizers.so"]:
        assert not any(p.match(foreign) for p in includes), f"{foreign} would be embedded"
