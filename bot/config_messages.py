"""What a person reads when ``config.yaml`` is wrong, or only odd: one line, in our words.

``bot.config`` validates with pydantic and parses with PyYAML; neither's wording
reaches the owner. This module turns a validation error into one line that names the
key, says what was expected and, for an unknown key, what was probably meant; a YAML
syntax error into its line, column and reason; and collects the warnings that are
not errors (a key written twice, plain http to a remote server, a profile address
where the server's belongs).
"""

from __future__ import annotations

import difflib
import ipaddress
import re
import types
import typing
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import yaml
from pydantic import BaseModel

#: A callback that is told each warning, as one line.
Warn = Callable[[str], None]

# --------------------------------------------------------------------------- YAML


@dataclass(frozen=True, slots=True)
class DuplicateKey:
    key: str
    first_line: int
    again_line: int

    def message(self) -> str:
        return (
            f"line {self.again_line}: {self.key} is given twice (also on line "
            f"{self.first_line}); the later one wins and the earlier one is ignored"
        )


class _DuplicateNoticingLoader(yaml.SafeLoader):
    """PyYAML's safe loader, noting every key a mapping gives twice (YAML lets the
    last one win silently)."""

    duplicates: list[DuplicateKey]

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Hashable, int] = {}
        for key_node, _value in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue  # "<<: *defaults" may be overridden on purpose
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, Hashable):
                continue  # the parent's construction reports that
            line = key_node.start_mark.line + 1
            if key in seen:
                self.duplicates.append(DuplicateKey(str(key), seen[key], line))
            else:
                seen[key] = line
        return super().construct_mapping(node, deep=deep)


@dataclass
class ParsedYaml:
    data: object
    duplicates: list[DuplicateKey] = field(default_factory=list)


def parse_yaml(text: str) -> ParsedYaml:
    """The document, and the keys it gives twice. Raises ``yaml.YAMLError``."""
    loader = _DuplicateNoticingLoader(text)
    loader.duplicates = []
    try:
        data = loader.get_single_data()
    finally:
        loader.dispose()
    return ParsedYaml(data, loader.duplicates)


#: YAML's own reasons, said as a person would (anything else is shown as YAML says it).
_YAML_REASONS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(r"found character '\\t' that cannot start any token"),
        "tabs are not allowed here; indent with spaces",
    ),
    (
        re.compile(r"mapping values are not allowed here"),
        "mapping values are not allowed here: is this line indented further than the one "
        "above it, or does a value hold a colon (then quote it)?",
    ),
    (
        re.compile(r"could not find expected ':'"),
        "could not find the ':' after a key; write key: value, with a space after the colon",
    ),
    (
        re.compile(r"expected <block end>, but found"),
        "this line is not indented like the lines around it",
    ),
    (
        re.compile(r"expected ',' or '\]'"),
        "a list opened with [ is not closed with ]",
    ),
    (
        re.compile(r"expected ',' or '\}'"),
        "a mapping opened with { is not closed with }",
    ),
    (
        re.compile(r"found undefined alias"),
        "undefined alias (a value that starts with * must be quoted)",
    ),
)


def yaml_problem(exc: yaml.YAMLError) -> str:
    """``at line L, column C: reason`` for a syntax error (or as much of it as is known)."""
    mark = getattr(exc, "problem_mark", None)
    problem = str(getattr(exc, "problem", None) or "").strip()
    for pattern, words in _YAML_REASONS:
        if pattern.search(problem):
            problem = words
            break
    where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
    return f"not valid YAML{where}" + (f": {problem}" if problem else "")


# --------------------------------------------------------------------------- validation


def _unwrap(annotation: object) -> object:
    """``X`` from ``X | None``, ``tuple[X, ...]``, ``list[X]`` and ``Annotated[X, …]``."""
    while True:
        origin = typing.get_origin(annotation)
        args = [a for a in typing.get_args(annotation) if a is not type(None) and a is not ...]
        if origin is typing.Annotated or origin in (typing.Union, types.UnionType, tuple, list):
            if not args:
                return annotation
            annotation = args[0]
            continue
        return annotation


def _is_model(value: object) -> bool:
    return isinstance(value, type) and issubclass(value, BaseModel)


def _model_at(root: type[BaseModel], loc: Sequence[object]) -> type[BaseModel] | None:
    """The section (a model class) that ``loc`` points into, if it is one."""
    model: type[BaseModel] = root
    for part in loc:
        if isinstance(part, int):
            continue  # an item of a list: the list's own type was unwrapped already
        info = model.model_fields.get(str(part))
        if info is None:
            return None
        inner = _unwrap(info.annotation)
        if not _is_model(inner):
            return None
        model = typing.cast(type[BaseModel], inner)
    return model


def _keys_of(model: type[BaseModel]) -> list[str]:
    return [name for name, info in model.model_fields.items() if not info.exclude]


def _sections_with(root: type[BaseModel], key: str) -> list[str]:
    """The top-level sections that have ``key`` among their own keys."""
    out = []
    for name in _keys_of(root):
        inner = _unwrap(root.model_fields[name].annotation)
        if _is_model(inner) and key in typing.cast(type[BaseModel], inner).model_fields:
            out.append(name)
    return out


def _where(loc: Sequence[object]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _shown(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list | tuple):
        return "a list"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _unknown_key(root: type[BaseModel], loc: Sequence[object]) -> str:
    key = str(loc[-1])
    here = _model_at(root, loc[:-1])
    known = _keys_of(here) if here is not None else []
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.7)
    if close:
        return f"unknown key; did you mean {close[0]}?"
    if len(loc) == 1:
        homes = _sections_with(root, key)
        if homes:
            under = " or ".join(f"{h}:" for h in homes[:3])
            return f"unknown key at the top level; should it be indented under {under}?"
    if known:
        return f"unknown key; the keys here are {', '.join(known)}"
    return "unknown key"


def _expected_mapping(value: object) -> str:
    if value is None:
        return "expected a mapping; is the next line indented?"
    return f"expected a mapping (key: value lines indented under it), got {_shown(value)}"


_SIMPLE: dict[str, str] = {
    "missing": "required key is missing",
    "string_type": "expected text, got {input}",
    "bool_parsing": "expected true or false, got {input}",
    "bool_type": "expected true or false, got {input}",
    "int_parsing": "expected a whole number, got {input}",
    "int_type": "expected a whole number, got {input}",
    "int_from_float": "expected a whole number, got {input}",
    "float_parsing": "expected a number, got {input}",
    "float_type": "expected a number, got {input}",
    "tuple_type": "expected a list such as [a, b], got {input}",
    "list_type": "expected a list such as [a, b], got {input}",
    "greater_than_equal": "expected {ge} or more, got {input}",
    "greater_than": "expected more than {gt}, got {input}",
    "less_than_equal": "expected {le} or less, got {input}",
    "less_than": "expected less than {lt}, got {input}",
    "string_too_long": "expected at most {max_length} characters",
    "literal_error": "expected {expected}, got {input}",
}


def _message(root: type[BaseModel], error: Mapping[str, Any]) -> str:
    kind = str(error.get("type", ""))
    loc = tuple(error.get("loc", ()))
    value = error.get("input")
    context = dict(error.get("ctx") or {})
    if kind == "extra_forbidden":
        return _unknown_key(root, loc)
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return _expected_mapping(value)
    if kind == "string_too_short":
        short = context.get("min_length", 1)
        return "must not be empty" if short == 1 else f"expected at least {short} characters"
    if kind in ("value_error", "assertion_error"):
        return str(context.get("error", "")) or f"invalid value {_shown(value)}"
    template = _SIMPLE.get(kind)
    if template is None:
        return f"invalid value {_shown(value)}"
    return template.format(input=_shown(value), **{k: str(v) for k, v in context.items()})


def _rank(error: Mapping[str, Any]) -> int:
    """Which error to show first: a section that is empty explains the rest."""
    if error.get("type") in ("model_type", "dict_type") and error.get("input") is None:
        return 0
    return 1


def describe_errors(root: type[BaseModel], errors: Sequence[Mapping[str, Any]]) -> str:
    """One line for a failed validation: the most telling error, and how many more."""
    ordered = sorted(errors, key=_rank)
    first = ordered[0]
    loc = tuple(p for p in first.get("loc", ()) if p != "__root__")
    text = _message(root, first)
    line = f"{_where(loc)}: {text}" if loc else text
    more = len(ordered) - 1
    return line + (f" (and {more} more)" if more else "")


# --------------------------------------------------------------------------- warnings

_PROFILE_PATH = re.compile(r"/@|/users/|/u/|/web/")


def _is_loopback(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def url_warnings(url: str) -> list[str]:
    """Odd but possible server URLs: plain http to another machine, a profile's address."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    out = []
    if parts.scheme == "http" and not _is_loopback(host):
        out.append(
            f"instance.url: plain http:// to {host} sends the access token unencrypted; "
            "use https:// unless this is a test server on your own network"
        )
    if _PROFILE_PATH.search(parts.path):
        out.append(
            f"instance.url: {url} looks like a profile's address; the server's URL is "
            f"{parts.scheme}://{parts.netloc}"
        )
    return out
