"""Human-readable output for the CLI: decision tables and explanations (rich, lazily).

Every value shown comes from the server or the database, so every one goes through
:func:`_escape`: control characters and bidi overrides are written out inert
(:func:`bot.text.terminal_safe`), then rich markup is escaped. Emoji shortcodes are
left as typed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from bot.model import AccountSnapshot, Decision
from bot.store import FollowerOverview
from bot.text import terminal_safe

if TYPE_CHECKING:
    from bot.replay import ReplayResult

OUTCOME_STYLE = {"follow": "green", "skip": "red", "hold": "yellow", "review": "cyan"}


def _console() -> Any:
    from rich.console import Console

    return Console(highlight=False, emoji=False)


def _escape(value: object) -> str:
    """Server text as a safe rich cell: no terminal controls, no markup."""
    from rich.markup import escape

    return str(escape(terminal_safe(value)))


def print_overview(
    rows: Sequence[FollowerOverview], *, title: str, labels: dict[str, str] | None = None
) -> None:
    """One row per follower: decision, category, the rules that fired, what was done."""
    from rich.table import Table

    console = _console()
    table = Table(title=title, title_justify="left")
    table.add_column("follower", overflow="fold")
    if labels is not None:
        table.add_column("scenario", overflow="fold", style="dim")
    table.add_column("decision")
    table.add_column("category", overflow="fold")
    table.add_column("reasons (rule ids)", overflow="fold")
    table.add_column("follow", overflow="fold")
    table.add_column("DM", overflow="fold")
    for row in rows:
        cells = [_escape(row.acct)]
        if labels is not None:
            cells.append(_escape(labels.get(row.account_id, "")))
        style = OUTCOME_STYLE.get(row.outcome, "white")
        cells += [
            f"[{style}]{_escape(row.outcome)}[/]" + (" (dry run)" if row.dry_run else ""),
            _escape(row.category),
            _escape(", ".join(str(r.get("rule")) for r in row.reasons)),
            _escape(row.actions.get("follow", "-")),
            _escape(row.actions.get("welcome_dm", "-")),
        ]
        table.add_row(*cells)
    console.print(table)
    console.print("[bold]Why[/] (every reason, as `welcomebot explain` shows it):")
    for row in rows:
        details = "; ".join(f"{r.get('rule')}: {r.get('detail')}" for r in row.reasons)
        console.print(f"  {_escape(row.acct)} → {_escape(row.outcome)}: {_escape(details)}")
    sent = [row for row in rows if row.dm_text]
    if sent:
        console.print("[bold]Welcome DMs sent[/] (visibility direct, one mention each):")
        for row in sent:
            console.print(f"  to {_escape(row.acct)}: {_escape(row.dm_text or '')}")


def print_explanation(account: AccountSnapshot, decision: Decision) -> None:
    console = _console()
    style = OUTCOME_STYLE.get(decision.outcome.value, "white")
    console.print(
        f"[bold]{_escape(account.acct)}[/]: [{style}]{decision.outcome.value}[/] "
        f"(category {_escape(decision.category)}, rules v{_escape(decision.rules_version)})"
    )
    for reason in decision.reasons:
        console.print(f"  - {_escape(reason.rule)}: {_escape(reason.detail)}")


def print_replay(result: ReplayResult) -> None:
    from rich.table import Table

    console = _console()
    if not result.changes:
        console.print(f"{result.total} stored followers judged again: no decision would change.")
        return
    table = Table(title=f"{len(result.changes)} of {result.total} decisions would change")
    for column in ("follower", "before", "after", "reasons now"):
        table.add_column(column, overflow="fold")
    for change in result.changes:
        before = _escape(f"{change.before['action']} ({change.before['category']})")
        style = OUTCOME_STYLE.get(change.after.outcome.value, "white")
        after = f"[{style}]{change.after.outcome.value}[/] ({_escape(change.after.category)})"
        reasons = "; ".join(f"{r.rule}: {r.detail}" for r in change.after.reasons)
        table.add_row(_escape(change.acct), before, after, _escape(reasons))
    console.print(table)
    summary = ", ".join(f"{a} → {b}: {n}" for (a, b), n in sorted(result.transitions.items()))
    console.print(f"changes: {_escape(summary)}")


def print_reviews(followers: Sequence[Any]) -> None:
    from rich.table import Table

    table = Table(title=f"{len(followers)} followers wait for your review")
    for column in ("follower", "category", "reasons"):
        table.add_column(column, overflow="fold")
    for f in followers:
        reasons = "; ".join(f"{r.get('rule')}: {r.get('detail')}" for r in f.decision["reasons"])
        table.add_row(_escape(f.acct), _escape(f.decision["category"]), _escape(reasons))
    console = _console()
    console.print(table)
    console.print("approve with `welcomebot review approve @user@host`, or `reject`")


def print_history(rows: Sequence[dict[str, Any]]) -> None:
    from rich.table import Table

    table = Table(title=f"{len(rows)} decisions, newest first")
    for column in ("when (UTC)", "follower", "decision", "category", "trigger", "rules"):
        table.add_column(column, overflow="fold")
    for row in rows:
        style = OUTCOME_STYLE.get(row["action"], "white")
        table.add_row(
            f"{row['decided_at']:%Y-%m-%d %H:%M}",
            _escape(row["acct"]),
            f"[{style}]{_escape(row['action'])}[/]" + (" (dry run)" if row["dry_run"] else ""),
            _escape(row["category"]),
            _escape(row["trigger"]),
            _escape(", ".join(str(r.get("rule")) for r in row["reasons"])),
        )
    _console().print(table)


def print_stats(numbers: dict[str, Any]) -> None:
    console = _console()
    console.print(f"followers known: {_escape(numbers['followers'])}")
    outcomes = ", ".join(f"{k} {v}" for k, v in sorted(numbers["decisions_by_outcome"].items()))
    console.print(f"decisions: {_escape(outcomes or 'none')}")
    for kind, by_status in sorted(numbers["actions"].items()):
        parts = ", ".join(f"{k} {v}" for k, v in sorted(by_status.items()))
        console.print(_escape(f"{kind}: {parts}"))
    queue = ", ".join(f"{k} {v}" for k, v in sorted(numbers["queue"].items()))
    console.print(f"queue: {_escape(queue or 'empty')}")
    console.print(f"do-not-contact: {_escape(numbers['do_not_contact'])}")
    console.print(f"last successful poll: {_escape(numbers['last_poll'] or 'never')}")
