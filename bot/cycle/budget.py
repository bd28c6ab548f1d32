"""The owner's hourly and daily caps (``budgets``), counted once per cycle and kept up to date."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.config import Config
from bot.outbox import KINDS, Budget, Kind, kinds_spending
from bot.store import Store


class Budgets:
    def __init__(self, store: Store, config: Config, now: datetime) -> None:
        b = config.budgets
        hour, day = now - timedelta(hours=1), now - timedelta(days=1)
        caps = {
            Budget.FOLLOWS: (b.follows_per_hour, b.follows_per_day),
            Budget.POSTS: (b.dms_per_hour, b.dms_per_day),
        }
        #: per family: [used, cap] for the last hour and the last day
        self.windows: dict[Budget, list[list[int]]] = {}
        for family, (per_hour, per_day) in caps.items():
            kinds = kinds_spending(family)
            self.windows[family] = [
                [store.count_done(kinds, hour), per_hour],
                [store.count_done(kinds, day), per_day],
            ]

    @staticmethod
    def family(kind: str) -> Budget | None:
        try:
            return KINDS[Kind(kind)].budget
        except ValueError:
            return None

    def allows(self, kind: str) -> bool:
        family = self.family(kind)
        return family is None or all(used < cap for used, cap in self.windows[family])

    def spend(self, kind: str) -> None:
        family = self.family(kind)
        if family is not None:
            for window in self.windows[family]:
                window[0] += 1
