"""Organisations: an account that speaks as a company, a shop, a project or an institution."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.judge.evidence import Effect, Evidence, Subject, quote
from bot.judge.ids import Category, RuleId
from bot.judge.lexicon import Lexicon, is_spaced, tokens
from bot.judge.policy import Policy
from bot.judge.vocabulary import organisation as vocabulary
from bot.judge.vocabulary import people, voices
from bot.judge.voice import grammatical_person
from bot.model import AccountSnapshot
from bot.text import fold, strip_invisible

_SUFFIXES = frozenset(vocabulary.COMPANY_SUFFIXES)
#: Kinds of organisation in many languages and their forms ("Sindacato", "جمعية").
_KINDS = Lexicon(voices.ORGANISATION_KINDS)
#: What a person is at a place ("Newspaper reporter", "Library assistant").
_ROLES = Lexicon(
    (*people.PERSON_ROLES, *people.FAMILY_PHRASES, *voices.FAN_WORDS, *voices.JOB_WORDS,
     "daughter", "son", "kid", "child")
)  # fmt: skip
_OPEN = Lexicon(voices.OPEN_WORDS)
_CLOSED = Lexicon(voices.CLOSED_WORDS)
_DAYS = Lexicon(voices.DAY_WORDS)
_TOKEN = re.compile(r"[\w.&/'’-]+|@")


def _suffix_identity(name: str) -> str | None:
    """A legal-form suffix that ends the display name: "Acme GmbH", "Globex Inc."."""
    tokens: list[str] = _TOKEN.findall(fold(strip_invisible(name))[:200])
    if len(tokens) < 2:
        return None
    last = tokens[-1].rstrip(",")
    two = f"{tokens[-2]} {last}"
    for candidate in (two, last):
        if candidate in _SUFFIXES and not (
            len(tokens) > 2 and tokens[-3] in vocabulary.EMPLOYER_WORDS
        ):
            return candidate
    return None


def _suffix_in_bio(text: str) -> str | None:
    """A legal-form suffix in the bio that is not someone's employer ("engineer at X Ltd")."""
    tokens: list[str] = _TOKEN.findall(fold(text)[:3000])
    for i, token in enumerate(tokens):
        word = token.rstrip(",;:")
        if word in _SUFFIXES and i > 0 and len(word) > 2:
            window = tokens[max(0, i - 5) : i]
            if not any(w in vocabulary.EMPLOYER_WORDS for w in window):
                return word
    return None


def _self_introduction(name: str, texts: Sequence[str]) -> str | None:
    """The display name used as the subject of a sales pitch: "We're Taskly", "Acme is the"."""
    words = re.findall(r"\w[\w.&'-]*", fold(strip_invisible(name)))
    if not 1 <= len(words) <= 3 or len("".join(words)) < 3:
        return None
    n = " ".join(words)
    for text in texts:
        folded = " ".join(fold(text).split())
        for pattern in vocabulary.SELF_INTRODUCTIONS:
            phrase = pattern.format(n=n)
            if phrase in folded:
                return phrase
    return None


#: A bio that opens with a quoted name and "is": "「竹简」是一个…", "「こむぎ堂」は".
_QUOTED_IS = re.compile(
    r"^\W{0,3}[「『“\"«]([^」』”\"»]{1,30})[」』”\"»]\s?(?:是|は|는|은|est|is|ist|es)"
)


def _quoted_introduction(name: str, bio: str) -> str | None:
    match = _QUOTED_IS.match(bio[:200])
    if match and fold(match.group(1)) in fold(name):
        return match.group(0)
    return None


def _opens_with_kind(note: str) -> str | None:
    """A bio that begins by saying what kind of organisation it is: "Associació de Veïns…".

    Only in scripts written with spaces: in Japanese or Chinese the first "word" is a
    whole phrase ("会社員です" is "I am an office worker").
    """
    toks = tokens(note[:200])[:3]
    if not toks or not is_spaced(toks[0]) or _ROLES.match(toks[0]):  # "Member of …"
        return None
    for i in _KINDS.positions(toks[:2]):
        following = toks[i + 1].removesuffix("'s").removesuffix("’s") if i + 1 < len(toks) else ""
        if not _ROLES.match(following):  # "Library assistant", "Café owner's daughter"
            return toks[i]
    return None


#: A range of hours or days right after "open": "Open Sat 10-4", "nyitva 8–16".
_RANGE = re.compile(r"\d{1,2}(?:[:.h]\d{2})?\s?(?:[-–—~〜]|to|bis|à|a|tot|till)\s?\d{1,2}")


def _open_for_business(bio: str) -> bool:
    """ "Open Sat 10-4", "Minden nap nyitva", "Buka jam 7", "Chiuso il lunedì"."""
    toks = tokens(bio[:3000])
    for i in _CLOSED.positions(toks):
        if _DAYS.positions(toks[max(0, i - 3) : i + 4]):
            return True
    for i in _OPEN.positions(toks):
        near = toks[max(0, i - 3) : i + 5]
        if _DAYS.positions(near) or any(t.isdigit() for t in toks[i + 1 : i + 4]):
            return True
        word = re.escape(toks[i])
        after = re.search(word + r"(.{0,30})", fold(bio[:3000]))
        if after and _RANGE.search(after.group(1)):
            return True
    return False


@dataclass(frozen=True, slots=True)
class _Profile:
    """The texts the organisation rule reads, and who speaks in them."""

    name: str
    bio: str
    both: str  # the name and the bio
    posts: tuple[str, ...]  # the first ten recent posts, when given
    singular: int  # "I/my" in the bio
    plural: int  # "we/our" in the bio
    post_singular: int
    post_plural: int

    @classmethod
    def of(cls, s: Subject) -> _Profile:
        bio = s.account.profile_text
        name = strip_invisible(s.account.display_name)
        posts = tuple(st.text for st in (s.statuses or ())[:10])
        singular, plural = grammatical_person(bio)
        post_singular, post_plural = grammatical_person("\n".join(posts))
        return cls(name, bio, f"{name}\n{bio}", posts, singular, plural, post_singular, post_plural)


def _strong_signs(r: _Profile, p: Policy) -> list[str]:
    """The account names itself an organisation: "official account", "Acme GmbH"."""
    strong: list[str] = list(p.identity.find(r.both))
    suffix = _suffix_identity(r.name)
    if suffix:
        strong.append(f"name ends in {suffix}")
    intro = _self_introduction(r.name, [r.bio, *r.posts]) or _quoted_introduction(r.name, r.bio)
    if intro:
        strong.append(intro)
    return strong


def _voice_signs(r: _Profile, p: Policy) -> list[str]:
    """Talking like an organisation: shop, sales, hiring or donation talk; "we" and no "I"."""
    signs: list[str] = []
    signs += p.organisation.find(r.both)[:2]
    signs += p.commerce.find(r.bio)[:2]
    signs += p.organisation_activity.find(f"{r.bio}\n{chr(10).join(r.posts)}")[:2]
    if r.plural and not r.singular and not r.post_singular:
        signs.append("speaks as “we”")
    elif r.posts and r.post_plural >= 2 and not r.post_singular and not r.singular:
        signs.append("posts as “we”")
    return signs


def _shape_signs(a: AccountSnapshot, r: _Profile, p: Policy) -> list[str]:
    """Looking like an organisation: its kind in the name or bio, fields, hours, addresses."""
    return _kind_signs(a, r, p) + _business_signs(a, r, p)


def _kind_signs(a: AccountSnapshot, r: _Profile, p: Policy) -> list[str]:
    """A kind of organisation in the name, in the bio, or as what the bio opens with."""
    signs: list[str] = []
    kinds_in_name = p.organisation_nouns.find(r.name) or _KINDS.found(tokens(r.name))
    if kinds_in_name:
        signs.append(f"“{kinds_in_name[0]}” in the name")
    kinds_in_bio = p.organisation_nouns.find(a.note) or _KINDS.found(tokens(a.note))
    if kinds_in_bio:
        signs.append(f"“{kinds_in_bio[0]}” in the bio")
    opening = _opens_with_kind(a.note)
    if opening:
        signs.append(f"the bio opens with “{opening}”")
    return signs


def _business_signs(a: AccountSnapshot, r: _Profile, p: Policy) -> list[str]:
    """Hours, founding years, contact labels, fields, addresses, legal forms in the bio."""
    signs: list[str] = []
    if _open_for_business(r.bio):
        signs.append("says when it is open")
    founded = vocabulary.FOUNDED.search(r.bio[:3000])
    if founded:
        signs.append(f"“{founded.group(0)}”")
    labels = [label for label in vocabulary.CONTACT_LABELS if label in fold(r.bio)]
    if labels:
        signs.append(f"a “{labels[0]}” contact")
    org_fields = [f.name for f in a.fields if p.organisation_fields.find(f.name)]
    if org_fields:
        signs.append(f"a “{strip_invisible(org_fields[0])[:20]}” field")
    if vocabulary.OPENING_HOURS.search(r.bio[:5000]):
        signs.append("opening hours")
    if any(label in fold(r.bio) for label in vocabulary.ADDRESS_LABELS):
        signs.append("an address")
    signs += [role for role in vocabulary.ROLE_ADDRESSES if role in fold(r.bio)][:1]
    bio_suffix = _suffix_in_bio(r.bio)
    if bio_suffix:
        signs.append(f"{bio_suffix} in the bio")
    return signs


def _person_signs(r: _Profile, p: Policy) -> list[str]:
    """A person's voice: "I", a role such as "teacher", pronouns, family."""
    return [
        *(["speaks as “I”"] if r.singular or r.post_singular else []),
        *p.person.find(r.both)[:2],
        *p.person_roles.find(r.both)[:2],
        *p.family.find(r.both)[:1],
    ]


def organisation(s: Subject) -> Evidence | None:
    """The account speaks as an organisation rather than a person.

    Signs are weighed, not matched one by one: naming itself an organisation
    ("official account", "Acme GmbH", "We're Taskly") weighs two; speaking as
    "we" with no "I" anywhere, an organisation's kind as its name or in its bio
    ("Librería …", "a podcast about"), shop, hiring, donation or opening-hours
    talk, and organisation-style profile fields weigh one each. Two make a
    company; a person's voice ("I", a role such as "teacher", pronouns, family)
    turns three or more into a question for the owner, and fewer into nothing.

    This one rule emits both ``organisation`` and ``organisation_mixed``: they are
    two verdicts of one weighing, and a rule of its own for each would weigh every
    profile twice.
    """
    r, p = _Profile.of(s), s.policy
    strong = _strong_signs(r, p)
    signs = _voice_signs(r, p) + _shape_signs(s.account, r, p)
    weight = 2 * len(strong) + len(signs)
    if weight < 2:
        return None
    person = _person_signs(r, p)
    everything = strong + signs
    if not person:
        detail = f"speaks as an organisation: {quote(everything)}"
        return Evidence(RuleId.ORGANISATION, Effect.SOFT_VETO, Category.COMPANY, detail)
    if weight >= 3 and (strong or len(person) < 2):
        detail = (
            f"speaks like an organisation ({quote(everything)}) but also like a person "
            f"({quote(person)})"
        )
        return Evidence(
            RuleId.ORGANISATION_MIXED, Effect.REVIEW, Category.ORGANISATION_UNSURE, detail
        )
    return None
