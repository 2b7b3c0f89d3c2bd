"""The claim language: parsed by its own small parser (never eval), evaluated over facts."""

from __future__ import annotations

import pytest

from lessons.claims import ClaimError, check, evaluate, parse, render
from lessons.facts import Facts


def _scope(**results: object) -> dict[str, object]:
    return Facts(None, (), results).scope()


@pytest.mark.parametrize("source, value", [
    ("1 + 2 == 3", True),
    ("result('p').error == NOT_ENOUGH_REPLICAS", True),
    ("len(distinct(result('p').partitions)) == 2", True),
    ("result('p').partitions[0] != result('p').partitions[1] and not false", True),
    ("3 in result('p').partitions or 1 in result('p').partitions", True),
    ("4 not in result('p').partitions", True),
    ("result('p').partitions contains 0", True),
    ("result('p').by_key['k'] == [murmur2('k', 3)]", True),
    ("result('p').missing_index[7] == null", True),
    ("max(result('p').partitions) - min(result('p').partitions) == 1", True),
    ("sorted([3, 1, 2]) == [1, 2, 3] and first([4]) == 4 and last([4, 5]) == 5", True),
])
def test_claims_evaluate(source: str, value: bool) -> None:
    from clients.partitioners import murmur2_partition

    scope = _scope(p={"error": "NOT_ENOUGH_REPLICAS", "partitions": [0, 1, 0], "missing_index": [],
                      "by_key": {"k": [murmur2_partition(b"k", 3)]}})
    assert bool(evaluate(parse(source), scope)) is value


@pytest.mark.parametrize("source", ["topic('t').records ==", "a b", "f(x=1, 2)", "'unclosed", "[1, 2", "x.3"])
def test_unreadable_claims_are_refused(source: str) -> None:
    with pytest.raises(ClaimError):
        parse(source)


def test_no_python_escapes() -> None:
    # names are only the facts' functions: nothing reaches Python's builtins or attributes
    with pytest.raises(ClaimError, match="unknown name"):
        evaluate(parse("__import__('os')"), _scope())
    held, found = check("result('p').__class__ == 1", _scope(p={"a": 1}))
    assert not held and "no field '__class__'" in found


def test_a_failed_claim_says_what_it_found() -> None:
    held, found = check("result('p').delivered == 20 and result('p').lost == 0", _scope(p={"delivered": 20, "lost": 3}))
    assert not held
    assert found == "result('p').delivered = 20; result('p').lost = 3"


def test_a_missing_result_is_a_readable_failure() -> None:
    held, found = check("result('nope').ok", _scope())
    assert not held and "no result named 'nope'" in found


def test_render_round_trips() -> None:
    source = "partition('t', 0).leader != result('old') and count(events('LeaderElected', topic='t')) >= 1"
    assert render(parse(render(parse(source)))) == render(parse(source))
