"""Issue 18, the schemas dock deletes with Confluent's semantics, each after a confirmation naming the subject:
Cancel deletes nothing; a soft-deleted version leaves the subject's versions but its schema id still reads, and
"Show deleted" lists it, from where it is hard-deleted; a whole subject deleted permanently (soft first, as the
registry requires) is gone even from ``?deleted=true``."""

from __future__ import annotations

import json
from pathlib import Path

from confluent_kafka.schema_registry import Schema, SchemaRegistryClient

from clients.registry_client import RegistryClient
from tests.gui.test_schemas import USER, USER_V2, shot

SUBJECT = "users-value"
OTHER = "orders-value"


def test_schemas_dock_deletes_versions_and_subjects(make_window, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = make_window(registry=True)
    qtbot.waitUntil(lambda: window.data.schema_registry != "", timeout=30_000)
    url = window.data.schema_registry
    sr = SchemaRegistryClient({"url": url})
    sr.register_schema(SUBJECT, Schema(json.dumps(USER), "AVRO"))
    v2_id = sr.register_schema(SUBJECT, Schema(json.dumps(USER_V2), "AVRO"))
    sr.register_schema(OTHER, Schema(json.dumps({"type": "record", "name": "Order", "fields": []}), "AVRO"))
    rest = RegistryClient(url)
    window.schemas_dock.show()
    window.schemas_dock.raise_()
    view = window.schemas_view
    qtbot.waitUntil(lambda: view.subjects.count() == 2, timeout=10_000)
    view.select_subject(SUBJECT)
    qtbot.waitUntil(lambda: view.subject == SUBJECT and view.version.count() == 2, timeout=10_000)
    assert view.version.currentData() == 2

    # the confirmation names the subject; Cancel deletes nothing
    view.delete_button.click()
    dialog = view.delete_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.heading.text() == f"Delete from the subject {SUBJECT}?"
    assert dialog.one.text() == "Version 2 only" and dialog.one.isChecked() and not dialog.permanent.isChecked()
    assert dialog.explain.text().startswith("Soft delete: version 2 of users-value is hidden")
    shot(dialog, "schemas-delete-dialog-en.png", tmp_path)
    dialog.buttons.button(dialog.buttons.StandardButton.Cancel).click()
    assert rest.versions(SUBJECT) == [1, 2]

    # soft delete of v2: gone from the versions, its id still reads
    view.delete_button.click()
    view.delete_dialog.delete_button.click()  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: view.version.count() == 1, timeout=10_000)
    assert rest.versions(SUBJECT) == [1] and rest.versions(SUBJECT, deleted=True) == [1, 2]
    assert json.loads(rest.schema_by_id(v2_id)["schema"])["fields"][-1]["name"] == "email"

    # Show deleted lists it; hard-deleting it is the only choice left
    view.show_deleted.setChecked(True)
    qtbot.waitUntil(lambda: view.version.count() == 2 and 2 in view.deleted_versions, timeout=10_000)
    view.version.setCurrentIndex(view.version.findData(2))
    assert view.version.currentText() == f"v2 · id {v2_id} (deleted)"
    view.delete_button.click()
    dialog = view.delete_dialog
    assert dialog is not None and dialog.permanent.isChecked()
    assert dialog.delete_button.text() == "Delete permanently"
    dialog.delete_button.click()
    qtbot.waitUntil(lambda: view.version.count() == 1 and not view.deleted_versions, timeout=10_000)
    assert rest.versions(SUBJECT, deleted=True) == [1]

    # a whole subject, permanently: soft then hard, gone even from ?deleted=true
    view.select_subject(OTHER)
    qtbot.waitUntil(lambda: view.subject == OTHER and view.version.count() == 1, timeout=10_000)
    view.delete_button.click()
    dialog = view.delete_dialog
    assert dialog is not None
    dialog.whole.setChecked(True)
    dialog.permanent.setChecked(True)
    assert dialog.explain.text().startswith(f"Hard delete: every version of {OTHER} is removed")
    dialog.delete_button.click()
    qtbot.waitUntil(lambda: view.subjects.count() == 1, timeout=10_000)
    assert rest.subjects(deleted=True) == [SUBJECT]
    assert view.subjects.item(0).text() == SUBJECT
