"""Human-readable output for the CLI: decision tables and explanations (rich, lazily).

Every value shown comes from the server or the database, so every one goes through
:func:`_escape`: control characters and bidi overrides are written out inert
(:func:`bot.text.terminal_safe`), then rich markup is escaped. Emoji shortcodes are
left as typed.

Tables fit the terminal (80 columns when there is none): short words such as
outcomes, categories and times never wrap, so they are never broken inside a word;
only free text (reasons, handles, labels) folds, in the room the ratios give it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Literal

from bot.model import AccountSnapshot, Decision
from bot.readmodels import DoNotContactEntry, HistoryEntry, OutboxEntry, Stats, WelcomedEntry
from bot.store import FollowerOverview, StoredFollower
from bot.text import terminal_safe

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

    from bot.replay import ReplayResult

OUTCOME_STYLE = {"follow": "green", "skip": "red", "hold": "yellow", "review": "cyan"}


def _console() -> Console:
    from rich.console import Console

    return Console(highlight=False, emoji=False)


def _escape(value: object) -> str:
    """Server text as a safe rich cell: no terminal controls, no markup."""
    from rich.markup import escape

    return str(escape(terminal_safe(value)))


@dataclass(frozen=True, slots=True)
class Col:
    """A column: ``word`` never wraps (ids, outcomes, categories, times); ``text`` wraps
    at spaces and folds a word only when the word alone is wider than the column."""

    header: str
    kind: Literal["word", "text"] = "word"
    ratio: int | None = None
    style: str | None = None
    want: int | None = None  # a text column's width if the terminal has the room


def _table(title: str, columns: Sequence[Col], console: Console) -> Table:
    from rich import box
    from rich.table import Table

    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    for col in columns:
        if col.kind == "word":
            table.add_column(col.header, no_wrap=True, style=col.style)
            continue
        # A fixed width, not min_width: rich crops instead of wrapping the other columns
        # when a min_width squeezes them.
        width = min(col.want, max(16, console.width // 4)) if col.want else None
        table.add_column(col.header, overflow="fold", ratio=col.ratio, style=col.style, width=width)
    return table


def handles(header: str, accts: Sequence[str]) -> Col:
    """A column of handles (the table's first): as wide as the longest, up to a quarter of
    the terminal; a longer handle goes on two lines, user and @server (``_handle``)."""
    longest = max((len(terminal_safe(a)) for a in accts), default=0)
    return Col(header, "text", want=max(longest, len(header)))


def _handle(acct: str, table: Table, column: int = 0) -> str:
    """A handle for a column made by ``handles``: split before its @server if too wide."""
    text = terminal_safe(acct)
    width = table.columns[column].width
    user, at, host = text.partition("@")
    if width is not None and len(text) > width and at and user:
        return f"{_escape(user)}\n@{_escape(host)}"
    return _escape(text)


def counted(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


_TRIGGERS = {
    "notification": "",
    "reconcile": "by reconcile",
    "recheck": "re-check",
    "owner": "by you",
}


def _decision_cell(outcome: str, category: str, trigger: str = "", dry_run: bool = False) -> str:
    """The outcome (and what made the decision, if not a new follow), its category below."""
    how = _TRIGGERS.get(trigger, trigger)
    first = _outcome(outcome, dry_run=dry_run) + (f" {_escape(how)}" if how else "")
    return f"{first}\n[dim]{_escape(category)}[/]"


def _outcome(outcome: str, *, dry_run: bool = False) -> str:
    style = OUTCOME_STYLE.get(outcome, "white")
    return f"[{style}]{_escape(outcome)}[/]" + ("*" if dry_run else "")


def when(at: datetime | None, now: datetime | None = None) -> str:
    """A time in UTC, short: ``08:34`` today, ``12-03 08:34`` this year, else the date."""
    if at is None:
        return "-"
    if now is not None and at.date() == now.date():
        return f"{at:%H:%M}"
    if now is not None and at.year == now.year:
        return f"{at:%m-%d %H:%M}"
    return f"{at:%Y-%m-%d %H:%M}"


#: A terminal this wide has room for the demo's scenario column.
WIDE = 110


def print_overview(
    rows: Sequence[FollowerOverview], *, title: str, labels: dict[str, str] | None = None
) -> None:
    """One row per follower: decision, category, the rules that fired, what was done.

    The demo's scenario labels get a column of their own on a wide terminal, and go
    with the reasons below the table on a narrow one."""
    console = _console()
    label_column = labels is not None and console.width >= WIDE
    columns = [handles("follower", [r.acct for r in rows])]
    if label_column:
        columns.append(Col("scenario", "text", style="dim"))
    columns += [Col("decision"), Col("rules", "text"), Col("follow"), Col("DM")]
    table = _table(title, columns, console)
    for row in rows:
        cells = [_handle(row.acct, table)]
        if label_column and labels is not None:
            cells.append(_escape(labels.get(row.account_id, "")))
        cells += [
            _decision_cell(row.outcome, row.category, dry_run=row.dry_run),
            _escape(", ".join(str(r.get("rule")) for r in row.reasons)),
            _escape(row.actions.get("follow", "-")),
            _escape(row.actions.get("welcome_dm", "-")),
        ]
        table.add_row(*cells)
    console.print(table)
    if any(row.dry_run for row in rows):
        console.print("* a dry run's decision: nothing was done about it")
    console.print("[bold]Why[/] (every reason, as `welcomebot explain` shows it):")
    for row in rows:
        details = "; ".join(f"{r.get('rule')}: {r.get('detail')}" for r in row.reasons)
        label = labels.get(row.account_id, "") if labels is not None and not label_column else ""
        who = _escape(row.acct) + (f" [dim]({_escape(label)})[/]" if label else "")
        console.print(f"  {who} → {_escape(row.outcome)}: {_escape(details)}")
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
    console = _console()
    if not result.changes:
        console.print(f"{result.total} stored followers judged again: no decision would change.")
        return
    title = f"{len(result.changes)} of {result.total} decisions would change"
    columns = [
        handles("follower", [c.acct for c in result.changes]),
        Col("before"),
        Col("after"),
        Col("reasons now", "text"),
    ]
    console = _console()
    table = _table(title, columns, console)
    for change in result.changes:
        before = _decision_cell(str(change.before["action"]), str(change.before["category"]))
        after = _decision_cell(change.after.outcome.value, change.after.category)
        reasons = "; ".join(f"{r.rule}: {r.detail}" for r in change.after.reasons)
        table.add_row(_handle(change.acct, table), before, after, _escape(reasons))
    console.print(table)
    summary = ", ".join(f"{a} → {b}: {n}" for (a, b), n in sorted(result.transitions.items()))
    console.print(f"changes: {_escape(summary)}")


def print_reviews(followers: Sequence[StoredFollower]) -> None:
    title = counted(len(followers), "follower waits", "followers wait") + " for your review"
    columns = [handles("follower", [f.acct for f in followers]), Col("category")]
    console = _console()
    table = _table(title, [*columns, Col("reasons", "text")], console)
    for f in followers:
        reasons = "; ".join(f"{r.get('rule')}: {r.get('detail')}" for r in f.decision["reasons"])
        table.add_row(_handle(f.acct, table), _escape(f.decision["category"]), _escape(reasons))
    console.print(table)
    console.print("approve with `welcomebot review approve @user@host`, or `reject`")


def print_history(rows: Sequence[HistoryEntry], now: datetime | None = None) -> None:
    columns = [
        Col("when (UTC)"),
        handles("follower", [r.acct for r in rows]),
        Col("decision"),
        Col("rules", "text"),
    ]
    console = _console()
    table = _table(f"{counted(len(rows), 'decision')}, newest first", columns, console)
    for row in rows:
        table.add_row(
            when(row.decided_at, now),
            _handle(row.acct, table, 1),
            _decision_cell(row.outcome, row.category, row.trigger, row.dry_run),
            _escape(", ".join(r.rule for r in row.reasons)),
        )
    console.print(table)
    if any(row.dry_run for row in rows):
        console.print("* a dry run's decision: nothing was done about it")


def action_cell(action: OutboxEntry | None, now: datetime) -> str:
    """Whether and when an action happened: its time, ``due <time>``, or why not."""
    if action is None:
        return "-"
    if action.status == "done":
        return when(action.done_at, now)
    if action.status in ("pending", "in_flight"):
        return f"due {when(action.due_at, now)}"
    return {"cancelled": "called off", "failed": "failed"}.get(action.status, action.status)


def print_welcomed(rows: Sequence[WelcomedEntry], now: datetime, *, title: str) -> None:
    columns = [
        handles("follower", [r.acct for r in rows]),
        Col("decision"),
        Col("followed"),
        Col("welcome DM"),
    ]
    console = _console()
    table = _table(title, columns, console)
    for row in rows:
        d = row.decision
        table.add_row(
            _handle(row.acct, table),
            _decision_cell(d.outcome, d.category, d.trigger, d.dry_run),
            _escape(action_cell(row.follow, now)),
            _escape(action_cell(row.dm, now)),
        )
    console.print(table)
    console.print(f"times in UTC; today is {now:%Y-%m-%d}")


def print_story(entry: WelcomedEntry, decisions: Sequence[HistoryEntry], now: datetime) -> None:
    """What happened to one follower: every decision, then the follow and the DM."""
    console = _console()
    console.print(f"[bold]{_escape(entry.acct)}[/], first seen {when(entry.first_seen_at)} UTC")
    for d in reversed(decisions):
        reasons = "; ".join(f"{r.rule}: {r.detail}" for r in d.reasons)
        dry = ", a dry run" if d.dry_run else ""
        console.print(
            f"  {when(d.decided_at)} {_outcome(d.outcome)} ({_escape(d.category)}, "
            f"from {_escape(d.trigger)}{dry}): {_escape(reasons)}"
        )
    for label, action in (("follow-back", entry.follow), ("welcome DM", entry.dm)):
        console.print(f"  {label}: {_escape(_action_story(action, now))}")
    if entry.dm is not None and entry.dm.payload:
        console.print("  the DM's text:")
        for line in entry.dm.payload.splitlines():
            console.print(f"  │ {_escape(line)}")


def _action_story(action: OutboxEntry | None, now: datetime) -> str:
    if action is None:
        return "none planned"
    if action.status == "done":
        return f"done {when(action.done_at)} UTC"
    if action.status in ("pending", "in_flight"):
        return f"due {when(action.due_at)} UTC"
    why = f" ({action.note})" if action.note else ""
    return {"cancelled": "called off", "failed": "failed"}.get(action.status, action.status) + why


def print_stats(stats: Stats, now: datetime, *, since: datetime | None = None) -> None:
    console = _console()
    period = f" since {when(since)} UTC" if since is not None else ""
    console.print(f"followers known: {stats.followers}")
    outcomes = ", ".join(f"{k} {v}" for k, v in sorted(stats.by_outcome.items()))
    console.print(f"followers by latest decision{period}: {_escape(outcomes or 'none')}")
    console.print(f"decisions made{period}: {stats.decisions} (re-checks and yours included)")
    for kind, by_status in sorted(stats.actions.items()):
        parts = ", ".join(f"{k} {v}" for k, v in sorted(by_status.items()))
        console.print(_escape(f"{kind}: {parts}"))
    queue = ", ".join(f"{k} {v}" for k, v in sorted(stats.queue.items()))
    console.print(f"queue: {_escape(queue or 'empty')}")
    if stats.next_due is not None:
        due = stats.next_due
        console.print(
            _escape(f"next due: {due.kind} for {due.acct} at {when(due.due_at, now)} UTC")
        )
    console.print(f"do-not-contact: {stats.do_not_contact}")
    if stats.signups_waiting:
        console.print(
            f"sign-ups waiting (approval, e-mail confirmation or a suspension): "
            f"{stats.signups_waiting}"
        )
    console.print(f"last successful poll: {_escape(stats.last_poll or 'never')}")


def print_do_not_contact(rows: Sequence[DoNotContactEntry]) -> None:
    columns = [
        handles("account", [r.acct for r in rows]),
        Col("reason"),
        Col("added (UTC)"),
        Col("detail", "text"),
    ]
    title = f"{counted(len(rows), 'account')} the bot never follows or messages"
    console = _console()
    table = _table(title, columns, console)
    for row in rows:
        table.add_row(
            _handle(row.acct, table),
            _escape(row.reason),
            f"{row.created_at:%Y-%m-%d}",
            _escape(row.detail or ""),
        )
    console.print(table)
