"""Judging a follower: small pure rules, combined into one explainable decision.

``judge(account, statuses, relationship, policy, now, talked_with_bot=False)``
is a pure function. Each rule looks at one thing and returns ``Evidence`` (a
stable rule id, an effect, a category and a plain-language detail) or
``None``. The ids are stored with every decision, shown by ``welcomebot
explain`` and meant to be grepped for.

- ``ids``: ``RuleId`` and ``Category``, the values that are stored;
- ``policy``: the part of the config judging depends on;
- ``evidence``: what a rule sees (``Subject``) and returns (``Evidence``);
- ``rules/``: the rules by theme, and their order (``RULES``);
- ``vocabulary/``: every word list the rules read;
- ``engine``: how evidence becomes an outcome (see its docstring), and ``judge``.
"""

from __future__ import annotations

from bot.judge.engine import RULES_VERSION, combine, judge
from bot.judge.evidence import Effect, Evidence, Rule, Subject, first_of
from bot.judge.ids import Category, RuleId
from bot.judge.policy import Policy
from bot.judge.rules import RULES

__all__ = [
    "RULES",
    "RULES_VERSION",
    "Category",
    "Effect",
    "Evidence",
    "Policy",
    "Rule",
    "RuleId",
    "Subject",
    "combine",
    "first_of",
    "judge",
]
