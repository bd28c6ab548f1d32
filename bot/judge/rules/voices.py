"""Organisations by voice and role: who speaks, and for whom, in many languages.

``organisation`` (``rules/organisation.py``) weighs how a profile sounds. These
rules recognise roles that sound like a person but speak for something else,
so that "I" does not make them people:

- ``organisation_voice``: "the official … account", a mascot or a brand's
  virtual assistant, "I run the account for …" on the place's own account, a
  team's sign-off ("— the Fikaplan team") or "the team behind …";
- ``event_account``: a conference, festival or meetup announcing itself;
- ``service_account``: a server's status, announcement or maintenance account.

A profile that calls itself a person's own account ("personal account",
"opinions my own") is none of these.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from bot.judge.evidence import Effect, Evidence, Subject, quote
from bot.judge.ids import Category, RuleId
from bot.judge.lexicon import Lexicon, Phrases, is_spaced, tokens
from bot.judge.vocabulary import consent, people, voices
from bot.judge.voice import grammatical_person
from bot.text import fold, strip_invisible

_KINDS = Lexicon(voices.ORGANISATION_KINDS)
_OFFICIAL = Lexicon(voices.OFFICIAL_WORDS)
_OFFICIAL_OF = Lexicon(voices.OFFICIAL_OF)
_PERSONA = Lexicon(voices.PERSONA_WORDS)
_PERSONA_PHRASES = Phrases(voices.PERSONA_PHRASES)
_RUNS = Phrases(voices.RUNS_THE_ACCOUNT)
_RUN_BY = Phrases(voices.RUN_BY)
_TEAM = Lexicon(voices.TEAM_WORDS)
_TEAM_BEHIND = Phrases(voices.TEAM_BEHIND)
_TEAM_BYLINES = Phrases(voices.TEAM_BYLINES)
_PERSONAL = Phrases(voices.PERSONAL_ACCOUNT)
_EVENTS = Lexicon(voices.EVENT_WORDS)
_EVENT_DETAILS = Lexicon(voices.EVENT_DETAILS)
_SERVICE = Lexicon(voices.SERVICE_WORDS)
_SERVERS = Lexicon(voices.SERVER_WORDS)
_FANS = Lexicon((*voices.FAN_WORDS, *people.PERSON_ROLES))
_UNOFFICIAL_WORDS = Lexicon(voices.UNOFFICIAL_WORDS)
_NOT = Lexicon((*consent.REFUSAL_WORDS, "gayri", "غير", "غیر", "si"))
_UNOFFICIAL = ("非公式", "非官方", "非官方的", "非正式")

#: A dash, slash or tilde that starts a signature: "— the Fikaplan team".
_SIGN_OFF = re.compile(r"(?<!\S)[—–~/-]\s*([^\n—–~]{1,60})")
#: A year or a range of days, as events announce them: "2027", "23–24", "١٠–١٥".
_DATE = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)|(?<!\d)\d{1,2}\s?[–—-]\s?\d{1,2}(?![\d:.])")
_OFFICIAL_WINDOW = 5
#: A server's name in a display name: "hungary.social", "mastodon.example".
_DOMAIN = re.compile(r"(?<![\w@])[a-z0-9-]{2,63}\.[a-z]{2,24}(?![\w.])")


@dataclass(frozen=True, slots=True)
class _Texts:
    name: str
    bio: str  # the note and the fields
    name_toks: list[str]
    bio_toks: list[str]
    singular: int  # "I/my" in the bio

    @classmethod
    def of(cls, s: Subject) -> _Texts:
        return _texts(strip_invisible(s.account.display_name), s.account.profile_text)

    @property
    def all_toks(self) -> list[str]:
        return [*self.name_toks, "\n", *self.bio_toks]

    def personal(self) -> bool:
        """A person's own account, or a fan's "unofficial" one, in so many words."""
        return bool(_PERSONAL.spans(self.bio_toks)) or bool(
            _UNOFFICIAL_WORDS.positions(self.all_toks)
        )


@lru_cache(maxsize=256)
def _texts(name: str, bio: str) -> _Texts:
    """The three rules here read the same profile: tokenise it once."""
    return _Texts(name, bio, tokens(name), tokens(bio), grammatical_person(bio)[0])


def _first_person_near(toks: list[str], i: int) -> bool:
    window = " ".join(toks[max(0, i - 6) : i + 8])
    return grammatical_person(window)[0] > 0


def _negated(toks: list[str], i: int) -> bool:
    before = toks[max(0, i - 4) : i]
    after = toks[i + 1 : i + 3]
    return any(_NOT.match(t) for t in (*before, *after)) or any(u in toks[i] for u in _UNOFFICIAL)


def _official_account(t: _Texts) -> str | None:
    """ "The official … account", with a name in between (not "unofficial", and not a
    person's joke: "the official account of me, myself and I")."""
    toks = t.all_toks
    for i in _OFFICIAL.positions(toks):
        if _negated(toks, i) or _first_person_near(toks, i):
            continue
        window = toks[max(0, i - _OFFICIAL_WINDOW) : i + _OFFICIAL_WINDOW + 1]
        if _OFFICIAL_OF.positions(window) or _PERSONA.positions(window):
            return " ".join(toks[i : i + 3])
    return None


def _named_from(t: _Texts, domain: str) -> str | None:
    """A display name "Pim from Spaarbank …" where the "from" part is an organisation:
    a kind of one ("… Bank", "… Library"), or the name of the account's own server."""
    toks = t.name_toks
    for i, token in enumerate(toks[1:4], start=1):
        if token not in voices.FROM_WORDS:
            continue
        rest = toks[i + 1 :]
        if _KINDS.positions(rest) or any(len(w) >= 5 and w in domain for w in rest):
            return " ".join(toks[: i + 1 + len(rest)][:6])
    return None


def _persona(t: _Texts, domain: str) -> str | None:
    """A mascot, a character or a brand's virtual assistant: "I'm Pim from … Bank"."""
    found = _PERSONA_PHRASES.found(t.all_toks)
    if found:
        return found[0]
    persona = _PERSONA.found(t.all_toks)
    if persona and (_OFFICIAL.positions(t.all_toks) or _KINDS.positions(t.all_toks)):
        return persona[0]
    return _named_from(t, domain)


def _runs_the_account(t: _Texts) -> str | None:
    """ "I run the account for Café …", on an account that is the café's own; or "this
    account is run by the communications team", said of the account."""
    for sentence in re.findall(r"[^.!?。！？\n]+", t.bio[:3000]):
        toks = tokens(sentence)
        for start, _end, said in _RUN_BY.spans(toks):
            negated = any(_NOT.match(w) for w in toks[max(0, start - 2) : start])
            if not negated and not grammatical_person(sentence)[0]:  # "not on behalf of …"
                return said
    found = _RUNS.found(t.bio_toks)
    if not found:
        return None
    bio = fold(t.bio)
    named = any(
        (w in bio if not is_spaced(w) else w in t.bio_toks) for w in t.name_toks if len(w) > 1
    )
    return found[0] if _KINDS.positions(t.name_toks) or named else None


def _team(t: _Texts) -> str | None:
    """A team's sign-off or byline, or "the team behind …" (not "I'm on the team…")."""
    for match in _SIGN_OFF.finditer(t.bio[:3000]):
        if _TEAM.positions(tokens(match.group(1))[:3]):
            return "signed by a team"
    bylines = _TEAM_BYLINES.found(t.bio_toks)
    if bylines:
        return bylines[0]
    behind = _TEAM_BEHIND.found(t.bio_toks)
    if behind and not t.singular:
        return behind[0]
    return None


def organisation_voice(s: Subject) -> Evidence | None:
    """A profile that speaks for an organisation, even in the first person."""
    t = _Texts.of(s)
    if t.personal():
        return None
    signs = [
        sign
        for sign in (
            _official_account(t),
            _persona(t, (s.account.domain or s.policy.local_domain).lower()),
            _runs_the_account(t),
            _team(t),
        )
        if sign
    ]
    if not signs:
        return None
    detail = f"speaks for an organisation: {quote(signs)}"
    return Evidence(RuleId.ORGANISATION_VOICE, Effect.SOFT_VETO, Category.COMPANY, detail)


def _subject(words: Lexicon, toks: list[str]) -> str | None:
    """A word of ``words`` that is what the text is about, not what someone likes or does:
    "Festival Musica 2027", not "music festival lover" or "festival photographer"."""
    for i in words.positions(toks):
        following = toks[i + 1 : i + 2]
        if not (following and _FANS.match(following[0])):
            return toks[i]
    return None


def _first_sentence(text: str) -> str:
    return re.split(r"[.!?。！？\n]", text, maxsplit=1)[0]


def event_account(s: Subject) -> Evidence | None:
    """A conference, festival or meetup, with its dates, tickets or call for papers."""
    t = _Texts.of(s)
    if t.singular or t.personal():
        return None
    lead = tokens(_first_sentence(s.account.note))[:4]
    event = _subject(_EVENTS, t.name_toks) or _subject(_EVENTS, lead)
    if not event:
        return None
    dated = bool(_DATE.search(f"{t.name}\n{t.bio}"[:3000]))
    details = _EVENT_DETAILS.found(t.bio_toks)
    if not dated and not details:
        return None
    what = "its dates" if dated else f"“{details[0]}”"
    detail = f"an event's account: “{event[0]}”, with {what}"
    return Evidence(RuleId.EVENT_ACCOUNT, Effect.SOFT_VETO, Category.COMPANY, detail)


def service_account(s: Subject) -> Evidence | None:
    """A server's own status, announcement or maintenance account (it may still say
    "connect to me" further on: what it is, it says first)."""
    t = _Texts.of(s)
    if t.personal():
        return None
    first = _first_sentence(s.account.note)
    lead = tokens(first)
    service = _SERVICE.found(t.name_toks) or _SERVICE.found(lead)
    if not service or grammatical_person(first)[0]:
        return None
    domain = (s.account.domain or s.policy.local_domain).lower()
    here = fold(f"{t.name}\n{_first_sentence(s.account.note)}")
    own_server = bool(domain) and (domain in here or domain.split(".")[0] in t.all_toks)
    own_server = own_server or bool(_DOMAIN.search(fold(t.name)))  # "tooot.im – status"
    named = s.account.username.lower() in voices.SERVICE_USERNAMES
    if not (_SERVERS.positions([*t.name_toks, *lead]) or own_server or named):
        return None
    detail = f"a server's own account: “{service[0]}”"
    return Evidence(RuleId.SERVICE_ACCOUNT, Effect.SOFT_VETO, Category.COMPANY, detail)
