"""Id codecs of the sandbox: how each emulated server spells its ids.

Internally every entity has an integer ``seq`` from one counter; a codec renders it
(plus a creation timestamp for time-based formats) and, where possible, decodes it
back.  Rendering preserves ordering for all formats except md5 (snac).
"""

from __future__ import annotations

import hashlib

_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_SEQ_BITS = 40
_SEQ_MASK = (1 << _SEQ_BITS) - 1


class IdCodec:
    """Renders internal sequence numbers as a server's id strings."""

    kind = "numeric"

    def __init__(self, salt: int) -> None:
        self.salt = salt

    def encode(self, seq: int, ts_ms: int) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    def decode(self, text: str) -> int | None:  # pragma: no cover - abstract
        raise NotImplementedError


class NumericCodec(IdCodec):
    """Snowflake-like decimal strings: ``base + seq`` (Mastodon, Takahē)."""

    def __init__(self, salt: int, base: int) -> None:
        super().__init__(salt)
        self.base = base

    def encode(self, seq: int, ts_ms: int) -> str:
        return str(self.base + seq)

    def decode(self, text: str) -> int | None:
        if not text.isdigit() or len(text) > 30:
            return None
        return int(text) - self.base


class UlidCodec(IdCodec):
    """26-character Crockford base32 ULIDs: 48-bit ms timestamp, then 80 bits whose
    low 40 bits carry the sequence number (GoToSocial)."""

    kind = "ulid"

    def encode(self, seq: int, ts_ms: int) -> str:
        value = (ts_ms << 80) | ((self.salt & ((1 << 40) - 1)) << _SEQ_BITS) | seq
        chars = []
        for _ in range(26):
            chars.append(_CROCKFORD[value & 31])
            value >>= 5
        return "".join(reversed(chars))

    def decode(self, text: str) -> int | None:
        if len(text) != 26:
            return None
        value = 0
        for char in text.upper():
            idx = _CROCKFORD.find(char)
            if idx < 0:
                return None
            value = (value << 5) | idx
        return value & _SEQ_MASK


class FlakeCodec(IdCodec):
    """Akkoma-style FlakeIds: a 128-bit (timestamp, worker, sequence) number in
    base62, left-padded to a fixed width so string order equals time order."""

    kind = "flake"

    def encode(self, seq: int, ts_ms: int) -> str:
        value = (ts_ms << 64) | ((self.salt & 0xFFFFFF) << _SEQ_BITS) | seq
        chars = []
        while value:
            value, rem = divmod(value, 62)
            chars.append(_BASE62[rem])
        return "".join(reversed(chars)).rjust(22, "0")

    def decode(self, text: str) -> int | None:
        if len(text) != 22:
            return None
        value = 0
        for char in text:
            idx = _BASE62.find(char)
            if idx < 0:
                return None
            value = value * 62 + idx
        return value & _SEQ_MASK


class Md5Codec(IdCodec):
    """snac's md5-hex ids.  Not invertible: the state keeps a reverse map."""

    kind = "md5"

    def encode(self, seq: int, ts_ms: int) -> str:
        return hashlib.md5(f"{self.salt}:{seq}".encode(), usedforsecurity=False).hexdigest()

    def decode(self, text: str) -> int | None:
        return None
