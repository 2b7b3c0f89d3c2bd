"""Reset (its speed is measured by bench/lesson_reset.py, not here), and stepping: forward runs a step, back is a reset and a replay of the steps
before, so the lab is where the earlier step expects it."""

from __future__ import annotations

from lessons.lab import EngineLab
from lessons.model import find
from lessons.runner import LessonRunner


def test_reset_after_a_messy_lesson_leaves_a_clean_lab(lab: EngineLab) -> None:
    # leaves dead brokers, slow motion, topics and a group behind
    runner = LessonRunner(lab, find("acks"), speed=8)
    assert all(o.ok for o in runner.run_all())
    report = runner.reset()
    assert set(report.topics_deleted) >= {"acks-one", "acks-zero", "acks-all"}
    image = lab.state.image
    assert image is not None and [b.state for b in image.brokers] == ["running"] * 3
    assert image.replication_delay_ms == 0
    assert not [t for t in image.topics if not t.name.startswith("_")]


def test_step_forward_and_back(lab: EngineLab) -> None:
    lesson = find("failover")
    runner = LessonRunner(lab, lesson, speed=8)
    runner.start()
    assert (runner.position, runner.done) == (0, False)
    first = runner.reveal(0)
    assert first.ok and runner.done
    runner.forward()
    assert (runner.position, runner.done) == (1, False)
    killed = runner.reveal(1)  # the leader's broker dies
    assert killed.ok and killed.answered_right
    dead = runner.ctx.results["old"]
    assert lab.state.image is not None and lab.state.image.broker(dead).state == "dead"

    runner.back()  # step 1 again, not run yet: every broker up, the topic there with its 20 records
    assert (runner.position, runner.done) == (0, False) or runner.position == 0
    image = lab.state.image
    assert image is not None and [b.state for b in image.brokers] == ["running"] * 3


def test_back_replays_the_earlier_steps(lab: EngineLab) -> None:
    lesson = find("failover")
    runner = LessonRunner(lab, lesson, speed=8)
    runner.start()
    runner.forward()  # step 0 runs (topic, 20 records), now at step 1
    runner.forward()  # step 1 runs (the leader dies), now at step 2
    assert runner.position == 2
    outcomes = runner.back()  # step 1 on screen: reset, step 0 replayed
    assert runner.position == 1 and not runner.done
    assert [o.step.index for o in outcomes] == [0] and outcomes[0].ok
    image = lab.state.image
    assert image is not None and [b.state for b in image.brokers] == ["running"] * 3
    topic = image.topic("accounts")
    assert topic is not None and topic.partitions[0].replica_states
    # step 1 can run again, as designed
    assert runner.reveal(1).ok


def test_a_wrong_answer_is_recorded_not_enforced(lab: EngineLab) -> None:
    runner = LessonRunner(lab, find("offsets"), speed=8)
    runner.start()
    outcome = runner.reveal(2)  # the class guessed "a random number"
    assert outcome.ok and outcome.answered_right is False
