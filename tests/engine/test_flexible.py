"""The static table of first flexible versions agrees with kio's message classes."""

from __future__ import annotations

import pytest
from kio.index import UnknownEntity
from kio.schema.index import api_key_map

from engine.protocol.flexible import is_flexible_request
from engine.protocol.schema import request_class, response_class


def _versions(api_key: int) -> list[int]:
    out = []
    for version in range(0, 32):
        try:
            request_class(api_key, version)
        except UnknownEntity:
            continue
        out.append(version)
    return out


@pytest.mark.parametrize("api_key", sorted(api_key_map))
def test_the_flexible_version_table_matches_kio(api_key: int) -> None:
    versions = _versions(api_key)
    assert versions, f"kio has no version of API {api_key}"
    for version in versions:
        expected = bool(request_class(api_key, version).__flexible__)
        assert is_flexible_request(api_key, version) == expected, (api_key, version)
        assert bool(response_class(api_key, version).__flexible__) == expected
