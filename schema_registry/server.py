"""The HTTP side: Confluent's REST API on aiohttp, and the :class:`SchemaRegistry` lifecycle.

Every request runs its registry operation on one worker thread (``Registry`` methods block on Kafka
round trips and parse schemas), so the event loop the server shares — the engine's or its own — never
blocks, and operations are applied one at a time, as Confluent's leader applies writes.
"""

from __future__ import annotations

import asyncio
import functools
import json
import logging
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from aiohttp import web

from . import errors
from .errors import RegistryError
from .registry import Registry, version_json
from .schemas import SCHEMA_TYPES
from .state import RegistryState
from .store import SCHEMAS_TOPIC, KafkaStore

log = logging.getLogger(__name__)
CONTENT_TYPE = "application/vnd.schemaregistry.v1+json"
T = TypeVar("T")
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def _json(data: Any, status: int = 200) -> web.Response:
    return web.Response(body=json.dumps(data).encode(), status=status, content_type=CONTENT_TYPE)


def _flag(request: web.Request, name: str) -> bool:
    return request.query.get(name, "false").strip().lower() == "true"


@web.middleware
async def _errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        return await handler(request)
    except RegistryError as e:
        return _json(e.body(), e.status)
    except web.HTTPException as e:
        if e.status < 400:
            raise
        return _json({"error_code": e.status, "message": f"HTTP {e.status} {e.reason}"}, e.status)
    except Exception as e:
        log.exception("schema registry: %s %s failed", request.method, request.path)
        return _json({"error_code": 50001, "message": f"{type(e).__name__}: {e}"}, 500)


class SchemaRegistry:
    """A Confluent-compatible Schema Registry storing its state in the ``_schemas`` topic of a Kafka cluster.

    ``await start()`` returns the bound port (``port=0`` picks a free one); usable from any asyncio loop.
    """

    def __init__(self, bootstrap: str, host: str = "127.0.0.1", port: int = 0, *, topic: str = SCHEMAS_TOPIC,
                 timeout: float = 30.0, client_config: dict[str, Any] | None = None) -> None:
        self.bootstrap = bootstrap
        self.host = host
        self.port = port
        self.state = RegistryState()
        self.store = KafkaStore(bootstrap, self.state, topic=topic, timeout=timeout, client_config=client_config)
        self.registry = Registry(self.state, self.store)
        self._executor: ThreadPoolExecutor | None = None
        self._runner: web.AppRunner | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    async def _call(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        assert self._executor is not None
        return await asyncio.get_running_loop().run_in_executor(self._executor, functools.partial(fn, *args, **kwargs))

    async def start(self) -> int:
        self._executor = ThreadPoolExecutor(1, thread_name_prefix="schema-registry")
        try:
            await self._call(self.store.start)
            self._runner = web.AppRunner(self._app(), access_log=None, handle_signals=False)
            await self._runner.setup()
            await web.TCPSite(self._runner, self.host, self.port).start()
        except BaseException:
            await self.stop()
            raise
        self.port = int(self._runner.addresses[0][1])
        log.info("schema registry on %s (store: %s on %s)", self.url, self.store.topic, self.bootstrap)
        return self.port

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        if self._executor is not None:
            await asyncio.get_running_loop().run_in_executor(self._executor, self.store.stop)
            self._executor.shutdown(wait=True)
            self._executor = None

    # --- routes ---
    def _app(self) -> web.Application:
        app = web.Application(middlewares=[_errors], client_max_size=16 * 1024 * 1024)
        r = app.router
        r.add_get("/", self._root)
        r.add_get("/schemas/types", self._types)
        r.add_get("/schemas", self._schemas)
        r.add_get("/schemas/ids/{id}", self._schema_by_id)
        r.add_get("/schemas/ids/{id}/schema", self._schema_by_id_raw)
        r.add_get("/schemas/ids/{id}/subjects", self._subjects_by_id)
        r.add_get("/schemas/ids/{id}/versions", self._versions_by_id)
        r.add_get("/subjects", self._subjects)
        r.add_post("/subjects/{subject}", self._lookup)
        r.add_delete("/subjects/{subject}", self._delete_subject)
        r.add_get("/subjects/{subject}/versions", self._versions)
        r.add_post("/subjects/{subject}/versions", self._register)
        r.add_get("/subjects/{subject}/versions/{version}", self._version)
        r.add_delete("/subjects/{subject}/versions/{version}", self._delete_version)
        r.add_get("/subjects/{subject}/versions/{version}/schema", self._version_raw)
        r.add_get("/subjects/{subject}/versions/{version}/referencedby", self._referenced_by)
        r.add_post("/compatibility/subjects/{subject}/versions", self._compatibility)
        r.add_post("/compatibility/subjects/{subject}/versions/{version}", self._compatibility)
        r.add_get("/config", self._get_config)
        r.add_put("/config", self._set_config)
        r.add_delete("/config", self._delete_config)
        r.add_get("/config/{subject}", self._get_config)
        r.add_put("/config/{subject}", self._set_config)
        r.add_delete("/config/{subject}", self._delete_config)
        r.add_get("/mode", self._get_mode)
        r.add_put("/mode", self._set_mode)
        r.add_get("/mode/{subject}", self._get_mode)
        r.add_put("/mode/{subject}", self._set_mode)
        r.add_delete("/mode/{subject}", self._delete_mode)
        return app

    @staticmethod
    async def _body(request: web.Request) -> Any:
        raw = await request.read()
        try:
            return json.loads(raw or b"null")
        except ValueError as e:
            raise errors.bad_request(f"Unrecognized request body: {e}") from None

    @staticmethod
    def _id(request: web.Request) -> int:
        try:
            return int(request.match_info["id"])
        except ValueError:
            raise errors.schema_not_found(request.match_info["id"]) from None

    async def _root(self, request: web.Request) -> web.Response:
        return _json({})

    async def _types(self, request: web.Request) -> web.Response:
        return _json(list(SCHEMA_TYPES))

    async def _schemas(self, request: web.Request) -> web.Response:
        return _json(await self._call(self.registry.list_schemas, request.query.get("subjectPrefix", ""),
                                      _flag(request, "deleted"), _flag(request, "latestOnly")))

    async def _schema_by_id(self, request: web.Request) -> web.Response:
        return _json(await self._call(self.registry.schema_by_id, self._id(request), request.query.get("format")))

    async def _schema_by_id_raw(self, request: web.Request) -> web.Response:
        out = await self._call(self.registry.schema_by_id, self._id(request), request.query.get("format"))
        return web.Response(text=out["schema"], content_type=CONTENT_TYPE)

    async def _subjects_by_id(self, request: web.Request) -> web.Response:
        return _json(await self._call(self.registry.subjects_by_id, self._id(request), _flag(request, "deleted")))

    async def _versions_by_id(self, request: web.Request) -> web.Response:
        return _json(await self._call(self.registry.versions_by_id, self._id(request), _flag(request, "deleted")))

    async def _subjects(self, request: web.Request) -> web.Response:
        prefix = request.query.get("subjectPrefix", request.query.get("subject", ""))
        return _json(await self._call(self.registry.list_subjects, prefix, _flag(request, "deleted"),
                                      _flag(request, "deleted_only") or _flag(request, "deletedOnly")))

    async def _lookup(self, request: web.Request) -> web.Response:
        body = await self._body(request)
        return _json(await self._call(self.registry.lookup, request.match_info["subject"], body,
                                      _flag(request, "deleted")))

    async def _delete_subject(self, request: web.Request) -> web.Response:
        return _json(await self._call(self.registry.delete_subject, request.match_info["subject"],
                                      _flag(request, "permanent")))

    async def _versions(self, request: web.Request) -> web.Response:
        return _json(await self._call(self.registry.list_versions, request.match_info["subject"],
                                      _flag(request, "deleted"),
                                      _flag(request, "deleted_only") or _flag(request, "deletedOnly")))

    async def _register(self, request: web.Request) -> web.Response:
        body = await self._body(request)
        return _json(await self._call(self.registry.register, request.match_info["subject"], body))

    async def _version(self, request: web.Request) -> web.Response:
        sv = await self._call(self.registry.get_version, request.match_info["subject"],
                              request.match_info["version"], _flag(request, "deleted"))
        schema = await self._call(self.registry.formatted, sv, request.query.get("format"))
        return _json(version_json(sv, schema))

    async def _version_raw(self, request: web.Request) -> web.Response:
        sv = await self._call(self.registry.get_version, request.match_info["subject"],
                              request.match_info["version"], _flag(request, "deleted"))
        schema = await self._call(self.registry.formatted, sv, request.query.get("format"))
        return web.Response(text=schema, content_type=CONTENT_TYPE)

    async def _delete_version(self, request: web.Request) -> web.Response:
        return _json(await self._call(self.registry.delete_version, request.match_info["subject"],
                                      request.match_info["version"], _flag(request, "permanent")))

    async def _referenced_by(self, request: web.Request) -> web.Response:
        return _json(await self._call(self.registry.referenced_by, request.match_info["subject"],
                                      request.match_info["version"]))

    async def _compatibility(self, request: web.Request) -> web.Response:
        body = await self._body(request)
        return _json(await self._call(self.registry.test_compatibility, request.match_info["subject"],
                                      request.match_info.get("version"), body, _flag(request, "verbose")))

    async def _get_config(self, request: web.Request) -> web.Response:
        return _json(await self._call(self.registry.get_config, request.match_info.get("subject"),
                                      _flag(request, "defaultToGlobal")))

    async def _set_config(self, request: web.Request) -> web.Response:
        body = await self._body(request)
        return _json(await self._call(self.registry.set_config, request.match_info.get("subject"), body))

    async def _delete_config(self, request: web.Request) -> web.Response:
        return _json(await self._call(self.registry.delete_config, request.match_info.get("subject")))

    async def _get_mode(self, request: web.Request) -> web.Response:
        return _json(await self._call(self.registry.get_mode, request.match_info.get("subject"),
                                      _flag(request, "defaultToGlobal")))

    async def _set_mode(self, request: web.Request) -> web.Response:
        body = await self._body(request)
        return _json(await self._call(self.registry.set_mode, request.match_info.get("subject"), body))

    async def _delete_mode(self, request: web.Request) -> web.Response:
        return _json(await self._call(self.registry.delete_mode, request.match_info["subject"]))
