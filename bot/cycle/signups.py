"""The instance greeter: new sign-ups on the bot's own server, as a second source of newcomers.

With ``greet: signups`` (or ``both``) the cycle takes newcomers from three places:

- ``admin.sign_up`` notifications, on the pages ``ingest`` reads (``from_page``):
  each account is looked up in the admin API, for its state and its locale;
- the admin API's list of local, active accounts, once per ``signups.reconcile_every``,
  back to ``signups.window`` (``maybe_reconcile_signups``): whoever a dismissed
  notification or a stopped bot let slip;
- the sign-ups that were not greetable yet (pending approval, e-mail not confirmed),
  looked at again every ``signups.recheck_pending`` until they are, or until the
  window has passed (``recheck_waiting``).

A greetable sign-up is judged like a follower (``judging.judge_batch``: the same
rules, the same store, the same outbox, so one welcome per account id ever, whatever
the source) with ``type`` ``signup``: it need not follow the bot, and is greeted with
the sign-up templates. Only accounts that signed up after the greeter was first
started (a day's grace, as servers report the day) are greeted. The admin API is
only read, never written.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta

from bot.config_greet import SIGNUP_SOURCE
from bot.cycle.context import CycleContext, CycleReport, FatalError, log
from bot.cycle.judging import judge_batch, note_judgements
from bot.logs import event
from bot.model import AccountSnapshot, FollowEvent
from bot.outbox import ActionView, Judgement
from bot.ports import Forbidden, MissingScope, NotFound, SignUp, SignUpPage
from bot.signup_book import SETTLED, SignupStatus

SIGNUPS_RECONCILE_KEY = "signups.reconcile.last_at"
#: When the greeter first ran: sign-ups from before it (a day's grace) are not greeted.
SIGNUPS_SINCE_KEY = "signups.since"
SIGNUPS_NO_API_KEY = "signups.no_admin_api_warned"
#: Mastodon reports some dates as the day only: a sign-up of "today" is not before us.
GRACE = timedelta(days=1)


def admin_refusal(ctx: CycleContext, exc: MissingScope | Forbidden) -> FatalError:
    """The one line for an admin API that refuses the bot (missing scope or permission)."""
    return FatalError(admin_refusal_line(ctx.identity().acct, exc))


def admin_refusal_line(acct: str, exc: MissingScope | Forbidden) -> str:
    if isinstance(exc, MissingScope):
        return (
            "greet: signups needs a token with the scope `admin:read:accounts`, and this "
            "token lacks it: run `welcomebot login --signups` for a new token (it asks for that "
            "scope)"
        )
    return (
        f"greet: signups needs the Manage Users permission, and @{acct} lacks it: give the "
        "account a role with Manage Users (Administration → Roles; on GoToSocial, make it an "
        "admin), or greet followers only"
    )


def since(ctx: CycleContext, now: datetime) -> datetime:
    """When the greeter first ran (stored on first sight)."""
    stored = ctx.store.get_state(SIGNUPS_SINCE_KEY)
    if stored:
        return datetime.fromisoformat(stored)
    if not ctx.dry_run:
        ctx.store.set_state(SIGNUPS_SINCE_KEY, now.isoformat())
    return now


def cutoff(ctx: CycleContext, now: datetime) -> datetime:
    """Sign-ups registered before this are left alone."""
    return max(now - ctx.config.signups.window, since(ctx, now) - GRACE)


def _events(signups: Sequence[SignUp]) -> list[FollowEvent]:
    return [
        FollowEvent(
            notification_id="",
            type=SIGNUP_SOURCE,
            account=s.account,
            account_json=s.account_json,
            created_at=s.created_at,
            locale=s.locale,
        )
        for s in signups
    ]


def _sort(ctx: CycleContext, found: Sequence[SignUp], now: datetime, found_by: str) -> list[SignUp]:
    """Note each sign-up that cannot be greeted (too old, or waiting); the greetable ones."""
    limit = cutoff(ctx, now)
    recheck_at = now + ctx.config.signups.recheck_pending
    greetable = []
    for signup in found:
        if signup.created_at is not None and signup.created_at < limit:
            if not ctx.dry_run:
                ctx.book.note(signup, SignupStatus.OUTSIDE_WINDOW, now, found_by=found_by)
            event(log, "signup_outside_window", acct=signup.account.acct)
            continue
        if signup.greetable:
            greetable.append(signup)
            continue
        if not ctx.dry_run:
            ctx.book.note(
                signup, SignupStatus.WAITING, now, found_by=found_by, next_check_at=recheck_at
            )
        event(log, "signup_waiting", acct=signup.account.acct, reason=signup.waiting_reason)
    return greetable


def judge_signups(
    ctx: CycleContext, found: Sequence[SignUp], now: datetime, found_by: str
) -> list[Judgement]:
    """Judge the greetable ones among these sign-ups (to be recorded by the caller); note
    the others. Sign-ups the store has judged already (as a follower too) are left out."""
    me = ctx.identity()
    found = [s for s in found if s.account.id != me.id]
    judged = ctx.store.judged_account_ids(s.account.id for s in found)
    greetable = _sort(ctx, [s for s in found if s.account.id not in judged], now, found_by)
    return judge_batch(ctx, _events(greetable), now)


def note_judged(ctx: CycleContext, judged: Sequence[Judgement], found_by: str) -> None:
    """After the judgements are recorded: the book says they were judged."""
    if ctx.dry_run or not judged:
        return
    ctx.book.mark_judged((j.event for j in judged), ctx.clock(), found_by=found_by)


def look_up(ctx: CycleContext, account_ids: Sequence[str]) -> Iterator[SignUp]:
    """The admin API's view of each of these accounts; the deleted ones are skipped."""
    for account_id in account_ids:
        try:
            yield ctx.gateway.admin_account(account_id)
        except NotFound:
            event(log, "signup_gone", account_id=account_id)
        except (MissingScope, Forbidden) as exc:
            raise admin_refusal(ctx, exc) from exc


def gate(
    ctx: CycleContext, due: Sequence[ActionView], now: datetime, report: CycleReport
) -> list[ActionView]:
    """Before a sign-up's follow or welcome is looked at again: is it still there and still
    greetable in the admin API? What is not is called off; the rest goes on."""
    ids = list(dict.fromkeys(a.account_id for a in due if a.source == SIGNUP_SOURCE))
    if not ids:
        return list(due)
    found = {s.account.id: s for s in look_up(ctx, ids)}
    stopped = set()
    for account_id in ids:
        signup = found.get(account_id)
        if signup is not None and signup.greetable:
            continue
        why = (
            "the account is gone"
            if signup is None
            else f"no longer greetable ({signup.waiting_reason})"
        )
        cancelled = ctx.store.cancel_open(account_id, now, f"re-checked: {why}")
        report.actions["signup:called_off"] += 1
        event(
            log,
            "called_off",
            account_id=account_id,
            category="signup",
            detail=why,
            cancelled=cancelled,
        )
        stopped.add(account_id)
    return [a for a in due if a.account_id not in stopped]


def from_page(
    ctx: CycleContext, accounts: Sequence[AccountSnapshot], now: datetime
) -> list[Judgement]:
    """For ``ingest``: the sign-ups notified on one page, judged if greetable (the caller
    records them with the page, so the cursor moves with them), else noted as waiting."""
    if not ctx.config.greets_signups or not accounts:
        return []
    ids = list(dict.fromkeys(a.id for a in accounts))
    known = ctx.book.statuses(ids)
    judged = ctx.store.judged_account_ids(ids)
    fresh = [i for i in ids if i not in judged and known.get(i) not in SETTLED]
    return judge_signups(ctx, list(look_up(ctx, fresh)), now, "notification")


def recheck_waiting(ctx: CycleContext, report: CycleReport) -> None:
    """Look again at the waiting sign-ups that are due: greet them, let them wait on, or
    (registered before the window) leave them alone."""
    now = ctx.clock()
    due = ctx.book.due_waiting(now)
    if not due:
        return
    found = {s.account.id: s for s in look_up(ctx, [w.account_id for w in due])}
    for waiting in due:
        if waiting.account_id not in found:
            ctx.book.settle(waiting.account_id, SignupStatus.GONE, now)
    _record(ctx, list(found.values()), now, report, "recheck")


def _record(
    ctx: CycleContext, found: Sequence[SignUp], now: datetime, report: CycleReport, trigger: str
) -> int:
    judged = judge_signups(ctx, found, now, trigger)
    ctx.store.record_batch(judged, now=now, trigger=trigger, dry_run=ctx.dry_run, cursor=None)
    note_judged(ctx, judged, trigger)
    note_judgements(ctx, judged, now, report)
    return len(judged)


def maybe_reconcile_signups(ctx: CycleContext, report: CycleReport) -> None:
    """Once per ``signups.reconcile_every`` (and on the first run), walk the list."""
    if not ctx.config.greets_signups:
        return
    recheck_waiting(ctx, report)
    last = ctx.store.get_state(SIGNUPS_RECONCILE_KEY)
    now = ctx.clock()
    if last is not None and now - datetime.fromisoformat(last) < ctx.config.signups.reconcile_every:
        return
    reconcile_signups(ctx, report)


def reconcile_signups(ctx: CycleContext, report: CycleReport | None = None) -> dict[str, int]:
    """Walk the local, active accounts newest first, back to the window: judge every
    greetable sign-up never judged (the waiting ones included), note the others."""
    report = report or CycleReport()
    now = ctx.clock()
    limit = cutoff(ctx, now)
    judged_new = pages = 0
    try:
        for page in ctx.gateway.admin_signups():
            pages += 1
            judged_new += _record(
                ctx, _in_window(ctx, page, limit), ctx.clock(), report, "reconcile"
            )
            if _reaches_back(page, limit) or not page.complete:
                break
            if page.next_max_id and ctx.should_stop(report):
                event(log, "signups_reconcile_paused", judged=judged_new)
                return {"new": judged_new, "paused": 1}
    except (MissingScope, Forbidden) as exc:
        raise admin_refusal(ctx, exc) from exc
    except NotFound:
        _warn_no_admin_api(ctx)
    ctx.store.set_state(SIGNUPS_RECONCILE_KEY, ctx.clock().isoformat())
    event(log, "signups_reconciled", pages=pages, new=judged_new)
    return {"new": judged_new, "paused": 0}


def _in_window(ctx: CycleContext, page: SignUpPage, limit: datetime) -> list[SignUp]:
    """The page's sign-ups of known date within the window that need a look."""
    dated = [s for s in page.signups if s.created_at is not None and s.created_at >= limit]
    known = ctx.book.statuses(s.account.id for s in dated)
    return [s for s in dated if known.get(s.account.id) not in SETTLED]


def _reaches_back(page: SignUpPage, limit: datetime) -> bool:
    return any(s.created_at is not None and s.created_at < limit for s in page.signups)


def _warn_no_admin_api(ctx: CycleContext) -> None:
    if ctx.store.get_state(SIGNUPS_NO_API_KEY):
        return
    ctx.store.set_state(SIGNUPS_NO_API_KEY, "1")
    event(
        log,
        "signups_unavailable",
        logging.WARNING,
        detail="this server has no Mastodon admin API for accounts (404): sign-ups can "
        "be found only through admin.sign_up notifications, if it sends them",
    )
