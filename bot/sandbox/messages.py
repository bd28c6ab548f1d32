"""The request and reply records passed between the sandbox's transport and its handlers."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

from bot.sandbox.state import parse_bool


@dataclass
class Request:
    """A parsed HTTP request as the endpoint handlers see it."""

    method: str
    path: str
    query: dict[str, list[str]]
    form: dict[str, list[str]]
    headers: dict[str, str]
    token: str | None = None  # a valid bearer token, if any

    def get(self, name: str) -> str | None:
        for source in (self.form, self.query):
            for key in (name, name + "[]"):
                values = source.get(key)
                if values:
                    return values[-1]
        return None

    def get_list(self, name: str) -> list[str]:
        out: list[str] = []
        for source in (self.query, self.form):
            for key in (name + "[]", name):
                out.extend(source.get(key, []))
        return out

    def flag(self, name: str, default: bool = False) -> bool:
        return parse_bool(self.get(name), default)


@dataclass
class Reply:
    status: int
    body: Any = None
    headers: list[tuple[str, str]] = field(default_factory=list)
    raw: bytes | None = None
    content_type: str = "application/json; charset=utf-8"


def parse_form(raw: bytes, content_type: str) -> dict[str, list[str]]:
    """A request body as form fields: urlencoded, JSON (flattened Rails-style) or multipart."""
    ctype = content_type.split(";")[0].strip().lower()
    form: dict[str, list[str]] = {}
    if ctype == "application/json":
        try:
            _flatten_json(json.loads(raw.decode("utf-8") or "{}"), "", form)
        except (ValueError, UnicodeDecodeError):
            return {}
        return form
    if ctype == "multipart/form-data":
        return _parse_multipart(raw, content_type)
    return parse_qs(raw.decode("utf-8", "replace"), keep_blank_values=True)


def _flatten_json(value: Any, prefix: str, out: dict[str, list[str]]) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            _flatten_json(item, f"{prefix}[{key}]" if prefix else str(key), out)
    elif isinstance(value, list):
        for item in value:
            out.setdefault(prefix + "[]", []).append(_scalar(item))
    else:
        out.setdefault(prefix, []).append(_scalar(value))


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    return str(value)


def _parse_multipart(raw: bytes, content_type: str) -> dict[str, list[str]]:
    """Text fields of a multipart body (files are ignored; the sandbox has no media)."""
    from email.parser import BytesParser
    from email.policy import HTTP

    message = BytesParser(policy=HTTP).parsebytes(
        b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + raw
    )
    form: dict[str, list[str]] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not isinstance(name, str) or part.get_filename():
            continue
        payload = part.get_payload(decode=True)
        if isinstance(payload, bytes):
            form.setdefault(name, []).append(payload.decode("utf-8", "replace"))
    return form
