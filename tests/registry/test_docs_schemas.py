"""docs/schemas.md's lesson code runs as written, against a real engine and the registry: a producer and a
consumer with an Avro schema, an incompatible change refused with 409 and a compatible one registered, and a
consumer on the old schema reading the new record."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from schema_registry import RegistryThread
from tests.conftest import RunningCluster

DOC = Path(__file__).resolve().parents[2] / "docs" / "schemas.md"


def test_the_lesson_code_runs(shared_cluster: RunningCluster, registry: RegistryThread,
                              capsys: pytest.CaptureFixture[str]) -> None:
    code = "\n".join(re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S))
    assert 'BOOTSTRAP = "localhost:9092"' in code and 'REGISTRY = "http://localhost:8081"' in code
    code = code.replace('BOOTSTRAP = "localhost:9092"', f'BOOTSTRAP = "{shared_cluster.bootstrap}"')
    code = code.replace('REGISTRY = "http://localhost:8081"', f'REGISTRY = "{registry.url}"')
    namespace: dict[str, object] = {}
    exec(compile(code, str(DOC), "exec"), namespace)  # noqa: S102 - our own documentation
    printed = capsys.readouterr().out.splitlines()
    assert printed[0] == "{'name': 'ada', 'visits': 3}"
    assert printed[1].startswith("409 Schema being registered is incompatible")
    assert printed[2] == "[{'name': 'ada', 'visits': 3}, {'name': 'bob', 'visits': 1}]"
