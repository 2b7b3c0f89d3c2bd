"""The REST API as clients use it: raw HTTP for the exact answers and error codes, and confluent-kafka's
``SchemaRegistryClient`` for the calls it makes. A real engine stores ``_schemas``."""

from __future__ import annotations

import json

import httpx2 as httpx
import pytest
from confluent_kafka.schema_registry import Schema, SchemaReference, SchemaRegistryClient
from confluent_kafka.schema_registry.error import SchemaRegistryError

from schema_registry import RegistryThread

V1 = json.dumps({"type": "record", "name": "User", "fields": [{"name": "name", "type": "string"}]})
V2 = json.dumps({"type": "record", "name": "User", "fields": [{"name": "name", "type": "string"},
                                                              {"name": "age", "type": "int", "default": 0}]})
V3_BAD = json.dumps({"type": "record", "name": "User", "fields": [{"name": "name", "type": "string"},
                                                                  {"name": "email", "type": "string"}]})


def register(http: httpx.Client, subject: str, schema: str, **extra: object) -> httpx.Response:
    return http.post(f"/subjects/{subject}/versions", json={"schema": schema, **extra})


def error_code(response: httpx.Response) -> tuple[int, int]:
    return response.status_code, response.json()["error_code"]


def test_register_versions_ids_and_lookup(http: httpx.Client, subject: str) -> None:
    r1 = register(http, subject, V1)
    assert r1.status_code == 200, r1.text
    id1 = r1.json()["id"]
    assert register(http, subject, json.dumps(json.loads(V1), indent=2)).json() == {"id": id1}  # same schema
    id2 = register(http, subject, V2).json()["id"]
    assert id2 > id1
    assert http.get(f"/subjects/{subject}/versions").json() == [1, 2]
    latest = http.get(f"/subjects/{subject}/versions/latest").json()
    assert (latest["subject"], latest["version"], latest["id"]) == (subject, 2, id2)
    assert json.loads(latest["schema"]) == json.loads(V2) and "schemaType" not in latest
    assert http.get(f"/subjects/{subject}/versions/-1").json()["version"] == 2
    assert json.loads(http.get(f"/subjects/{subject}/versions/1/schema").text) == json.loads(V1)
    assert json.loads(http.get(f"/schemas/ids/{id1}").json()["schema"]) == json.loads(V1)
    assert json.loads(http.get(f"/schemas/ids/{id2}/schema").text) == json.loads(V2)
    assert subject in http.get("/subjects").json()
    found = http.post(f"/subjects/{subject}", json={"schema": V1}).json()
    assert (found["version"], found["id"]) == (1, id1)
    # the same schema under another subject keeps its id
    other = subject.replace("-value", "-key")
    assert register(http, other, V1).json()["id"] == id1
    assert http.get(f"/schemas/ids/{id1}/subjects").json() == sorted([subject, other])
    assert sorted(map(tuple, (d.values() for d in http.get(f"/schemas/ids/{id1}/versions").json()))) == sorted(
        [(subject, 1), (other, 1)])
    assert http.get("/schemas/types").json() == ["JSON", "PROTOBUF", "AVRO"]
    assert http.get("/mode").json() == {"mode": "READWRITE"}


def test_error_codes(http: httpx.Client, subject: str) -> None:
    assert error_code(http.get("/subjects/no-such-subject/versions")) == (404, 40401)
    assert error_code(http.get("/subjects/no-such-subject/versions/1")) == (404, 40401)
    register(http, subject, V1)
    assert error_code(http.get(f"/subjects/{subject}/versions/7")) == (404, 40402)
    assert error_code(http.get(f"/subjects/{subject}/versions/0")) == (422, 42202)
    assert error_code(http.get(f"/subjects/{subject}/versions/two")) == (422, 42202)
    assert error_code(http.get("/schemas/ids/999999")) == (404, 40403)
    assert error_code(http.post(f"/subjects/{subject}", json={"schema": V2})) == (404, 40403)
    assert error_code(register(http, subject, '{"type": "record"')) == (422, 42201)
    assert error_code(register(http, subject, V1, schemaType="XML")) == (422, 42201)
    assert error_code(http.put(f"/config/{subject}", json={"compatibility": "SIDEWAYS"})) == (422, 42203)
    assert error_code(http.get(f"/config/{subject}")) == (404, 40408)
    response = register(http, subject, V3_BAD)
    assert error_code(response) == (409, 409)
    assert "READER_FIELD_MISSING_DEFAULT_VALUE" in response.json()["message"]
    assert error_code(http.get("/no/such/route")) == (404, 404)


def test_compatibility_levels_per_subject(http: httpx.Client, subject: str) -> None:
    register(http, subject, V1)
    assert http.get("/config").json() == {"compatibilityLevel": "BACKWARD"}
    assert http.get(f"/config/{subject}?defaultToGlobal=true").json() == {"compatibilityLevel": "BACKWARD"}
    check = http.post(f"/compatibility/subjects/{subject}/versions/latest?verbose=true", json={"schema": V3_BAD})
    assert check.json()["is_compatible"] is False
    assert any("READER_FIELD_MISSING_DEFAULT_VALUE" in m for m in check.json()["messages"])
    assert http.post(f"/compatibility/subjects/{subject}/versions/1", json={"schema": V2}).json() == {
        "is_compatible": True}
    assert http.post("/compatibility/subjects/nobody-yet/versions/latest", json={"schema": V1}).json()[
        "is_compatible"] is True
    # FORWARD: removing a field the old reader needs is refused, adding one is fine
    assert http.put(f"/config/{subject}", json={"compatibility": "FORWARD"}).json() == {"compatibility": "FORWARD"}
    assert http.get(f"/config/{subject}").json() == {"compatibilityLevel": "FORWARD"}
    assert register(http, subject, V3_BAD).status_code == 200  # a new required field: old readers ignore it
    no_name = json.dumps({"type": "record", "name": "User", "fields": [{"name": "email", "type": "string"}]})
    assert error_code(register(http, subject, no_name)) == (409, 409)
    # NONE accepts anything
    http.put(f"/config/{subject}", json={"compatibility": "NONE"})
    assert register(http, subject, '"string"').status_code == 200
    assert http.delete(f"/config/{subject}").json() == {"compatibilityLevel": "NONE"}
    assert error_code(http.get(f"/config/{subject}")) == (404, 40408)


def test_transitive_levels(http: httpx.Client, subject: str) -> None:
    a = json.dumps({"type": "record", "name": "R", "fields": [{"name": "a", "type": "int"}]})
    b = json.dumps({"type": "record", "name": "R", "fields": [{"name": "a", "type": "int"},
                                                              {"name": "b", "type": "int", "default": 1}]})
    c = json.dumps({"type": "record", "name": "R", "fields": [{"name": "a", "type": "int"},
                                                              {"name": "b", "type": "int"}]})
    http.put(f"/config/{subject}", json={"compatibility": "BACKWARD_TRANSITIVE"})
    assert register(http, subject, a).status_code == 200
    assert register(http, subject, b).status_code == 200
    assert error_code(register(http, subject, c)) == (409, 409)  # v1 has no b
    http.put(f"/config/{subject}", json={"compatibility": "BACKWARD"})
    assert register(http, subject, c).status_code == 200  # only the latest (b, with a default) counts


def test_soft_and_hard_delete(http: httpx.Client, subject: str) -> None:
    # schemas no other test registers: ids are global, shared by every subject holding the same schema
    v1, v2 = V1.replace('"User"', '"Deleted"'), V2.replace('"User"', '"Deleted"')
    id1 = register(http, subject, v1).json()["id"]
    register(http, subject, v2)
    # version delete: soft, then permanent
    assert error_code(http.delete(f"/subjects/{subject}/versions/2?permanent=true")) == (404, 40407)
    assert http.delete(f"/subjects/{subject}/versions/2").json() == 2
    assert error_code(http.delete(f"/subjects/{subject}/versions/2")) == (404, 40406)
    assert http.get(f"/subjects/{subject}/versions").json() == [1]
    assert http.get(f"/subjects/{subject}/versions?deleted=true").json() == [1, 2]
    assert http.get(f"/subjects/{subject}/versions/2?deleted=true").json()["version"] == 2
    assert error_code(http.get(f"/subjects/{subject}/versions/2")) == (404, 40402)
    assert http.delete(f"/subjects/{subject}/versions/2?permanent=true").json() == 2
    assert http.get(f"/subjects/{subject}/versions?deleted=true").json() == [1]
    # subject delete: soft keeps the schema readable by id; permanent removes it
    assert error_code(http.delete(f"/subjects/{subject}?permanent=true")) == (404, 40405)
    assert http.delete(f"/subjects/{subject}").json() == [1]
    assert error_code(http.delete(f"/subjects/{subject}")) == (404, 40404)
    assert subject not in http.get("/subjects").json()
    assert subject in http.get("/subjects?deleted=true").json()
    assert error_code(http.get(f"/subjects/{subject}/versions")) == (404, 40401)
    assert http.get(f"/schemas/ids/{id1}").status_code == 200
    # registering again after a soft delete: the same id, the next version
    again = register(http, subject, v1).json()["id"]
    assert again == id1
    assert http.get(f"/subjects/{subject}/versions").json() == [2]
    http.delete(f"/subjects/{subject}")
    assert http.delete(f"/subjects/{subject}?permanent=true").json() == [2]
    assert subject not in http.get("/subjects?deleted=true").json()
    assert error_code(http.get(f"/schemas/ids/{id1}")) == (404, 40403)


def test_references_and_referenced_by(http: httpx.Client, subject: str) -> None:
    address_subject = subject.replace("-value", "-address")
    address = json.dumps({"type": "record", "name": "Address", "namespace": "shop",
                          "fields": [{"name": "city", "type": "string"}]})
    order = json.dumps({"type": "record", "name": "Order", "namespace": "shop",
                        "fields": [{"name": "to", "type": "shop.Address"}]})
    assert register(http, address_subject, address).status_code == 200
    # without the reference the named type is unknown
    assert error_code(register(http, subject, order)) == (422, 42201)
    refs = [{"name": "shop.Address", "subject": address_subject, "version": 1}]
    order_id = register(http, subject, order, references=refs).json()["id"]
    got = http.get(f"/subjects/{subject}/versions/1").json()
    assert got["references"] == refs
    assert http.get(f"/schemas/ids/{order_id}").json()["references"] == refs
    assert http.get(f"/subjects/{address_subject}/versions/1/referencedby").json() == [order_id]
    assert error_code(http.delete(f"/subjects/{address_subject}/versions/1")) == (422, 42206)
    assert error_code(http.delete(f"/subjects/{address_subject}")) == (422, 42206)
    # the client resolves the reference to build the full schema
    client = SchemaRegistryClient({"url": str(http.base_url).rstrip("/")})
    schema = client.get_schema(order_id)
    assert schema.references == [SchemaReference("shop.Address", address_subject, 1)]
    # a reference to a missing version is an invalid schema
    missing = [{"name": "shop.Address", "subject": address_subject, "version": 9}]
    assert error_code(register(http, subject + "2", order, references=missing)) == (422, 42201)


def test_read_only_mode(http: httpx.Client, subject: str) -> None:
    assert http.put(f"/mode/{subject}", json={"mode": "READONLY"}).json() == {"mode": "READONLY"}
    assert http.get(f"/mode/{subject}").json() == {"mode": "READONLY"}
    assert error_code(register(http, subject, V1)) == (422, 42205)
    assert error_code(http.put(f"/mode/{subject}", json={"mode": "SOMETIMES"})) == (422, 42204)
    assert http.delete(f"/mode/{subject}").json() == {"mode": "READONLY"}
    assert register(http, subject, V1).status_code == 200


def test_confluent_client_calls(registry: RegistryThread, subject: str) -> None:
    client = SchemaRegistryClient({"url": registry.url})
    schema_id = client.register_schema(subject, Schema(V1, "AVRO"))
    assert client.get_schema(schema_id).schema_str and client.get_subjects().count(subject) == 1
    assert client.get_versions(subject) == [1]
    latest = client.get_latest_version(subject)
    assert (latest.schema_id, latest.version, latest.subject) == (schema_id, 1, subject)
    assert client.get_version(subject, 1).schema_id == schema_id
    assert client.lookup_schema(subject, Schema(V1, "AVRO")).version == 1
    assert client.test_compatibility(subject, Schema(V2, "AVRO")) is True
    assert client.test_compatibility(subject, Schema(V3_BAD, "AVRO")) is False
    assert client.set_compatibility(subject, "FULL") == {"compatibility": "FULL"}
    assert client.get_compatibility(subject) == "FULL"
    with pytest.raises(SchemaRegistryError) as refused:
        client.register_schema(subject, Schema(V3_BAD, "AVRO"))
    assert refused.value.http_status_code == 409
    assert client.delete_version(subject, 1) == 1
    assert client.delete_subject(subject, permanent=True) == [1]
    assert subject not in client.get_subjects()
