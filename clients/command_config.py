"""Kafka's client properties (a ``--command-config`` file) as librdkafka properties.

Apache Kafka's tools read a Java client configuration; librdkafka names some things differently and
cannot read Java key stores. :func:`librdkafka_settings` translates what has a librdkafka equivalent
— ``sasl.jaas.config`` (PlainLoginModule / ScramLoginModule) → ``sasl.username`` / ``sasl.password``,
``sasl.mechanism`` → ``sasl.mechanisms``, PEM trust and key stores → ``ssl.ca.location`` /
``ssl.certificate.location`` / ``ssl.key.location``, PKCS#12 key stores → ``ssl.keystore.*``,
``ssl.endpoint.identification.algorithm=`` (empty, Java's "off") → ``none`` — drops the Java-only
settings it need not honour with a note, refuses what it cannot honour (JKS stores, Kerberos and
OAuth login modules) with a :class:`~clients.errors.ConfigError` saying what to do instead, and
passes everything else through (a librdkafka-style file works as it is; librdkafka itself refuses
what it does not know).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from clients.errors import ConfigError

# Java client settings with no librdkafka meaning that are safe to leave out
JAVA_ONLY = frozenset({
    "ssl.truststore.type", "ssl.truststore.password", "ssl.keystore.type", "ssl.protocol", "ssl.enabled.protocols",
    "ssl.trustmanager.algorithm", "ssl.keymanager.algorithm", "ssl.provider", "ssl.secure.random.implementation",
    "ssl.engine.factory.class", "sasl.login.class", "sasl.login.callback.handler.class",
    "sasl.client.callback.handler.class", "sasl.login.refresh.window.factor", "sasl.login.refresh.window.jitter",
    "sasl.login.refresh.min.period.seconds", "sasl.login.refresh.buffer.seconds", "default.api.timeout.ms",
    "security.providers", "metric.reporters", "metrics.num.samples", "metrics.recording.level",
    "metrics.sample.window.ms", "auto.include.jmx.reporter", "send.buffer.bytes", "receive.buffer.bytes",
})
_STORES = ("ssl.truststore.type", "ssl.keystore.type", "ssl.truststore.password")  # read with their store
_LOGIN = re.compile(r"^\s*(?P<module>[\w.$]+)\s+(?:required|requisite|sufficient|optional)\s*(?P<options>.*?);?\s*$",
                    re.DOTALL)
_OPTION = re.compile(r'\s*([\w.\-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|(\S+))')
_PLAIN = "org.apache.kafka.common.security.plain.PlainLoginModule"
_SCRAM = "org.apache.kafka.common.security.scram.ScramLoginModule"


def read_properties(text: str) -> dict[str, str]:
    """A Java ``.properties`` text as ``java.util.Properties.load`` reads it: ``#``/``!`` comments,
    ``key=value``, ``key: value`` or ``key value``, lines continued by a trailing backslash (the next
    line's leading blanks dropped), escapes (``\\t``, ``\\n``, ``\\uXXXX``; any other ``\\x`` is ``x``)."""
    props: dict[str, str] = {}
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i].lstrip(" \t\f")
        i += 1
        if not line or line[0] in "#!":
            continue
        while _continued(line) and i < len(lines):
            line = line[:-1] + lines[i].lstrip(" \t\f")
            i += 1
        if _continued(line):
            line = line[:-1]
        key, value = _split_property(line)
        props[_unescape(key)] = _unescape(value)
    return props


def _continued(line: str) -> bool:
    return (len(line) - len(line.rstrip("\\"))) % 2 == 1


def _split_property(line: str) -> tuple[str, str]:
    j = 0
    while j < len(line):
        c = line[j]
        if c == "\\":
            j += 2
            continue
        if c in "=: \t\f":
            break
        j += 1
    key, rest = line[:j], line[j:].lstrip(" \t\f")
    if rest[:1] in ("=", ":"):
        rest = rest[1:].lstrip(" \t\f")
    return key, rest


_ESCAPES = {"t": "\t", "n": "\n", "r": "\r", "f": "\f"}


def _unescape(text: str) -> str:
    if "\\" not in text:
        return text
    out = []
    j = 0
    while j < len(text):
        c = text[j]
        if c == "\\" and j + 1 < len(text):
            n = text[j + 1]
            if n == "u" and re.fullmatch(r"[0-9a-fA-F]{4}", text[j + 2:j + 6]):
                out.append(chr(int(text[j + 2:j + 6], 16)))
                j += 6
                continue
            out.append(_ESCAPES.get(n, n))
            j += 2
            continue
        out.append(c)
        j += 1
    return "".join(out)


def parse_jaas(text: str) -> tuple[str, dict[str, str]]:
    """``sasl.jaas.config`` → (login module class, its options)."""
    m = _LOGIN.match(text)
    if m is None:
        raise ConfigError(f"Invalid sasl.jaas.config {text!r}: expected '<LoginModule> required key=\"value\" …;'")
    options: dict[str, str] = {}
    rest = m["options"].strip().rstrip(";")
    pos = 0
    while pos < len(rest):
        o = _OPTION.match(rest, pos)
        if o is None:
            raise ConfigError(f"Invalid sasl.jaas.config: cannot read the options at {rest[pos:]!r}")
        quoted, bare = o[2], o[3]
        options[o[1]] = re.sub(r"\\(.)", r"\1", quoted) if quoted is not None else bare
        pos = o.end()
    return m["module"], options


def librdkafka_settings(props: Mapping[str, str]) -> tuple[dict[str, str], list[str]]:
    """Java client properties → (librdkafka properties, notes about what was left out)."""
    out: dict[str, str] = {}
    notes: list[str] = []
    for key, value in props.items():
        if key in JAVA_ONLY or key.startswith(("ssl.truststore.", "ssl.keystore.", "sasl.jaas.config")):
            continue
        if key == "sasl.mechanism":
            out["sasl.mechanisms"] = value
        elif key == "ssl.endpoint.identification.algorithm":
            out[key] = value.strip().lower() or "none"
        else:
            out[key] = value
    for key in sorted(props):
        if key in JAVA_ONLY and key not in _STORES:
            notes.append(f"The configuration '{key}' is a Java client setting with no librdkafka equivalent: ignored")
    if "sasl.jaas.config" in props:
        out.update(_jaas(props["sasl.jaas.config"]))
    out.update(_truststore(props))
    out.update(_keystore(props))
    return out, notes


def _jaas(text: str) -> dict[str, str]:
    module, options = parse_jaas(text)
    if module in (_PLAIN, _SCRAM) or module.endswith((".PlainLoginModule", ".ScramLoginModule")):
        if "username" not in options or "password" not in options:
            raise ConfigError(f"sasl.jaas.config: {module.rsplit('.', 1)[-1]} needs username and password")
        return {"sasl.username": options["username"], "sasl.password": options["password"]}
    raise ConfigError(f"sasl.jaas.config: {module} is not supported (SASL PLAIN and SCRAM are; for OAUTHBEARER "
                      f"or GSSAPI set librdkafka's sasl.oauthbearer.* / sasl.kerberos.* properties instead)")


def _truststore(props: Mapping[str, str]) -> dict[str, str]:
    if props.get("ssl.truststore.certificates"):
        return {"ssl.ca.pem": props["ssl.truststore.certificates"]}
    location = props.get("ssl.truststore.location")
    if not location:
        return {}
    kind = props.get("ssl.truststore.type", "JKS").strip().upper()
    if kind == "PEM":
        return {"ssl.ca.location": location}
    raise ConfigError(f"ssl.truststore.location: librdkafka cannot read a {kind} trust store; export the CA "
                      f"certificates as PEM (keytool -exportcert -rfc -keystore {location} -alias <alias> > ca.pem) "
                      f"and set ssl.truststore.type=PEM with that file (or librdkafka's ssl.ca.location)")


def _keystore(props: Mapping[str, str]) -> dict[str, str]:
    out: dict[str, str] = {}
    if props.get("ssl.keystore.certificate.chain"):
        out["ssl.certificate.pem"] = props["ssl.keystore.certificate.chain"]
    if props.get("ssl.keystore.key"):
        out["ssl.key.pem"] = props["ssl.keystore.key"]
    location = props.get("ssl.keystore.location")
    if not location:
        return out
    kind = props.get("ssl.keystore.type", "JKS").strip().upper()
    if kind == "PEM":  # Java's PEM key store: the private key and its certificate chain in one file
        out.update({"ssl.certificate.location": location, "ssl.key.location": location})
        if props.get("ssl.keystore.password"):
            out["ssl.key.password"] = props["ssl.keystore.password"]
    elif kind == "PKCS12":
        out["ssl.keystore.location"] = location
        if props.get("ssl.keystore.password"):
            out["ssl.keystore.password"] = props["ssl.keystore.password"]
    else:
        raise ConfigError(f"ssl.keystore.location: librdkafka cannot read a {kind} key store; convert it to PKCS12 "
                          f"(keytool -importkeystore -srckeystore {location} -destkeystore client.p12 "
                          f"-deststoretype PKCS12) and set ssl.keystore.type=PKCS12")
    return out
