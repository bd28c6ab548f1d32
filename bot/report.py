"""Human-readable output for the CLI: decision tables and explanations (rich, lazily)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.domain import AccountSnapshot, Decision
from bot.store import FollowerOverview


def _console() -> Any:
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False)


def print_overview(
    rows: Sequence[FollowerOverview], *, title: str, labels: dict[str, str] | None = None
) -> None:
    from rich.table import Table

    table = Table(title=title, show_lines=True, expand=False)
    table.add_column("follower", overflow="fold", max_width=34)
    if labels is not None:
        table.add_column("scenario label", overflow="fold", max_width=16)
    table.add_column("decision")
    table.add_column("category", overflow="fold", max_width=18)
    table.add_column("reasons", overflow="fold", max_width=48)
    table.add_column("follow / DM", overflow="fold", max_width=14)
    table.add_column("DM sent", overflow="fold", max_width=48)
    style = {"follow": "green", "skip": "red", "hold": "yellow", "review": "cyan"}
    for row in rows:
        reasons = "\n".join(f"{r.get('rule')}: {r.get('detail')}" for r in row.reasons)
        acts = (
            " / ".join(row.actions.get(kind, "-") for kind in ("follow", "welcome_dm"))
            if row.actions
            else "-"
        )
        cells = [row.acct]
        if labels is not None:
            cells.append(labels.get(row.account_id, ""))
        cells += [
            f"[{style.get(row.action, 'white')}]{row.action}[/]"
            + (" (dry run)" if row.dry_run else ""),
            row.category,
            _escape(reasons),
            acts,
            _escape(row.dm_text or ""),
        ]
        table.add_row(*cells)
    _console().print(table)


def print_explanation(account: AccountSnapshot, decision: Decision) -> None:
    console = _console()
    style = {"follow": "green", "skip": "red", "hold": "yellow", "review": "cyan"}
    console.print(
        f"[bold]{_escape(account.acct)}[/]: "
        f"[{style.get(decision.action.value, 'white')}]{decision.action.value}[/] "
        f"(category {decision.category}, rules v{decision.rules_version})"
    )
    for reason in decision.reasons:
        console.print(f"  - {reason.rule}: {_escape(reason.detail)}")


def _escape(text: str) -> str:
    from rich.markup import escape

    return str(escape(text))
