"""The request and reply records passed between the sandbox's transport and its handlers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

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
