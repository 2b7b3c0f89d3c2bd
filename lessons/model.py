"""The lesson format: a TOML file per lesson in ``resources/lessons/`` (no code in it).

```toml
id = "acks"                      # the file is acks.toml
order = 11                        # position in the course
notes = "3. Replication과 ack옵션"  # the section of the course notes it teaches
title = { en = "…", ko = "…" }
summary.en = "…"
summary.ko = "…"

[[steps]]
title = { en = "…", ko = "…" }
text.en = "…"                     # what the teacher says / the student reads
text.ko = "…"
reveal.en = "…"                   # said once the actions ran and the claims were checked (TOML:
reveal.ko = "…"                   #   plain keys of a step come before its [[steps.do]] / [steps.ask] tables)
show = "record_flow"              # a view to bring forward (optional)
highlight = { partition = "acks-0", broker = "=partition('acks', 0).leader" }
[[steps.do]]                      # actions (lessons.actions), run in order
action = "produce"
topic = "acks"
[steps.ask]                       # a prediction, asked before the actions run
en = "…"
ko = "…"
answer = 1                        # index of the correct choice
choices = [ { en = "…", ko = "…" }, { en = "…", ko = "…" } ]
[[steps.check]]                   # claims checked on the real cluster after the actions
claim = "result('p').error == NOT_ENOUGH_REPLICAS"
en = "…"
ko = "…"
within = 10                       # seconds the claim may take to become true (default 15)
```

A step without ``ask`` runs its actions as soon as it is shown. String action arguments that begin
with ``=`` are claim-language expressions, evaluated when the action runs (``broker = "=partition('t', 0).leader"``).
"""

from __future__ import annotations

import os
import sys
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

LANGUAGES = ("en", "ko")
DEFAULT_WITHIN_S = 15.0


class LessonError(ValueError):
    """A lesson file that does not follow the format (the message names the file and the place)."""


@dataclass(frozen=True)
class Text:
    en: str
    ko: str

    def get(self, language: str) -> str:
        return self.ko if language == "ko" else self.en

    def __bool__(self) -> bool:
        return bool(self.en or self.ko)


EMPTY = Text("", "")


@dataclass(frozen=True)
class Action:
    name: str
    args: dict[str, Any]
    where: str  # "steps[3].do[1]" for error messages


@dataclass(frozen=True)
class Claim:
    source: str
    text: Text = EMPTY
    within_s: float = DEFAULT_WITHIN_S


@dataclass(frozen=True)
class Question:
    text: Text
    choices: tuple[Text, ...]
    answer: int


@dataclass(frozen=True)
class Step:
    index: int
    title: Text
    text: Text
    actions: tuple[Action, ...] = ()
    ask: Question | None = None
    checks: tuple[Claim, ...] = ()
    reveal: Text = EMPTY
    show: str = ""
    highlight: dict[str, Any] = field(default_factory=dict)
    commands: tuple[str, ...] = ()  # command lines shown to copy (the CLI lesson)


@dataclass(frozen=True)
class Lesson:
    id: str
    order: int
    notes: str
    title: Text
    summary: Text
    steps: tuple[Step, ...]
    path: str = ""

    def claims(self) -> list[Claim]:
        return [c for s in self.steps for c in s.checks]


VIEWS = ("cluster", "record_flow", "controller", "acks_ledger", "groups", "topics", "partition_log", "messages",
         "event_log", "folders", "terminal")
HIGHLIGHT_KEYS = ("partition", "broker", "replica", "record", "member", "group", "topic")


def _text(value: Any, where: str, required: bool = False) -> Text:
    if value is None:
        if required:
            raise LessonError(f"{where}: missing (a table with 'en' and 'ko')")
        return EMPTY
    if not isinstance(value, dict) or set(value) - set(LANGUAGES):
        raise LessonError(f"{where}: expected a table with the keys 'en' and 'ko', got {value!r}")
    en, ko = value.get("en", ""), value.get("ko", "")
    if not isinstance(en, str) or not isinstance(ko, str):
        raise LessonError(f"{where}: 'en' and 'ko' must be strings")
    if bool(en.strip()) != bool(ko.strip()):
        raise LessonError(f"{where}: give both languages ('en' and 'ko'), not just one")
    return Text(en.strip(), ko.strip())


def _claim(value: Any, where: str) -> Claim:
    from lessons.claims import parse

    if isinstance(value, str):
        source, text, within = value, EMPTY, DEFAULT_WITHIN_S
    elif isinstance(value, dict):
        source = value.get("claim", "")
        text = _text({k: v for k, v in value.items() if k in LANGUAGES} or None, where)
        within = float(value.get("within", DEFAULT_WITHIN_S))
        unknown = set(value) - {"claim", "within", *LANGUAGES}
        if unknown:
            raise LessonError(f"{where}: unknown keys {sorted(unknown)}")
    else:
        raise LessonError(f"{where}: a claim is a string or a table with 'claim'")
    if not isinstance(source, str) or not source.strip():
        raise LessonError(f"{where}: empty claim")
    try:
        parse(source)
    except ValueError as e:
        raise LessonError(f"{where}: {e}") from e
    return Claim(source.strip(), text, within)


def _action(value: Any, where: str) -> Action:
    from lessons.actions import ACTIONS

    if not isinstance(value, dict) or not isinstance(value.get("action"), str):
        raise LessonError(f"{where}: an action is a table with 'action = \"NAME\"'")
    args = {k: v for k, v in value.items() if k != "action"}
    name = value["action"]
    spec = ACTIONS.get(name)
    if spec is None:
        raise LessonError(f"{where}: unknown action {name!r} (known: {', '.join(sorted(ACTIONS))})")
    problem = spec.check_args(args)
    if problem:
        raise LessonError(f"{where} ({name}): {problem}")
    return Action(name, args, where)


def _question(value: Any, where: str) -> Question:
    if not isinstance(value, dict):
        raise LessonError(f"{where}: expected a table")
    choices = value.get("choices")
    if not isinstance(choices, list) or len(choices) < 2:
        raise LessonError(f"{where}.choices: at least two choices")
    answer = value.get("answer")
    if not isinstance(answer, int) or not 0 <= answer < len(choices):
        raise LessonError(f"{where}.answer: the index of the correct choice (0..{len(choices) - 1})")
    text = _text({k: v for k, v in value.items() if k in LANGUAGES}, where, required=True)
    return Question(text, tuple(_text(c, f"{where}.choices[{i}]", True) for i, c in enumerate(choices)), answer)


STEP_KEYS = {"title", "text", "do", "ask", "check", "reveal", "show", "highlight", "commands"}


def _step(index: int, value: Any, where: str) -> Step:
    if not isinstance(value, dict):
        raise LessonError(f"{where}: expected a table")
    unknown = set(value) - STEP_KEYS
    if unknown:
        raise LessonError(f"{where}: unknown keys {sorted(unknown)} (known: {sorted(STEP_KEYS)})")
    show = value.get("show", "")
    if show and show not in VIEWS:
        raise LessonError(f"{where}.show: {show!r} is not a view ({', '.join(VIEWS)})")
    highlight = value.get("highlight", {})
    if not isinstance(highlight, dict) or set(highlight) - set(HIGHLIGHT_KEYS):
        raise LessonError(f"{where}.highlight: a table with keys among {HIGHLIGHT_KEYS}")
    commands = value.get("commands", [])
    if not isinstance(commands, list) or not all(isinstance(c, str) for c in commands):
        raise LessonError(f"{where}.commands: a list of command lines")
    return Step(
        index=index,
        title=_text(value.get("title"), f"{where}.title"),
        text=_text(value.get("text"), f"{where}.text", required=True),
        actions=tuple(_action(a, f"{where}.do[{i}]") for i, a in enumerate(value.get("do", []))),
        ask=_question(value["ask"], f"{where}.ask") if "ask" in value else None,
        checks=tuple(_claim(c, f"{where}.check[{i}]") for i, c in enumerate(value.get("check", []))),
        reveal=_text(value.get("reveal"), f"{where}.reveal"),
        show=show,
        highlight=dict(highlight),
        commands=tuple(commands),
    )


def parse_lesson(data: dict[str, Any], name: str, path: str = "") -> Lesson:
    where = path or name
    unknown = set(data) - {"id", "order", "notes", "title", "summary", "steps"}
    if unknown:
        raise LessonError(f"{where}: unknown keys {sorted(unknown)}")
    if data.get("id") != name:
        raise LessonError(f"{where}: id must be {name!r} (the file's name)")
    steps = data.get("steps")
    if not isinstance(steps, list) or not steps:
        raise LessonError(f"{where}: a lesson has [[steps]]")
    order = data.get("order", 0)
    if not isinstance(order, int):
        raise LessonError(f"{where}: order must be an integer")
    return Lesson(
        id=name, order=order, notes=str(data.get("notes", "")),
        title=_text(data.get("title"), f"{where}: title", required=True),
        summary=_text(data.get("summary"), f"{where}: summary"),
        steps=tuple(_step(i, s, f"{where}: steps[{i}]") for i, s in enumerate(steps)),
        path=path,
    )


def load_file(path: Path) -> Lesson:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as e:
        raise LessonError(f"{path.name}: not valid TOML: {e}") from e
    return parse_lesson(data, path.stem, path.name)


def lessons_dir() -> Path:
    """``resources/lessons``: under ``$KAFKALAB_RESOURCES``, a PyInstaller bundle or the source tree (as
    ``gui.resources`` finds the app's resources)."""
    override = os.environ.get("KAFKALAB_RESOURCES")
    if override:
        return Path(override) / "lessons"
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources" / "lessons"
    try:
        candidate = Path(str(resources.files("resources"))) / "lessons"
        if candidate.is_dir():
            return candidate
    except (ImportError, TypeError, ValueError):
        pass
    return Path(__file__).resolve().parent.parent / "resources" / "lessons"


def load_all(directory: Path | None = None) -> list[Lesson]:
    """Every lesson, in course order."""
    d = directory or lessons_dir()
    lessons = [load_file(p) for p in sorted(d.glob("*.toml"))]
    return sorted(lessons, key=lambda lesson: (lesson.order, lesson.id))


def find(lesson_id: str, directory: Path | None = None) -> Lesson:
    d = directory or lessons_dir()
    path = d / f"{lesson_id}.toml"
    if not path.exists():
        known = ", ".join(p.stem for p in sorted(d.glob("*.toml")))
        raise LessonError(f"no lesson {lesson_id!r} (lessons: {known})")
    return load_file(path)
