"""Filing followed newcomers into the owner's private lists."""

from __future__ import annotations

import logging

from bot.cycle.context import CycleContext, log
from bot.logs import event
from bot.outbox import ActionView
from bot.ports import Forbidden, NotFound, Rejected, Transient

LISTS_UNSUPPORTED_KEY = "lists.unsupported"


class Later(Exception):
    """Not yet: try this action again on a later cycle (not a failure)."""

    def __init__(self, why: str) -> None:
        super().__init__(why)
        self.why = why


def add_to_list(ctx: CycleContext, action: ActionView) -> dict[str, object]:
    if ctx.store.get_state(LISTS_UNSUPPORTED_KEY):
        raise Rejected("this server has no lists")
    rel = ctx.gateway.relationships([action.account_id]).get(action.account_id)
    if rel is None or not rel.following:
        raise Later("the follow is not accepted yet")
    list_id = list_id_for(ctx, action.target)
    try:
        ctx.gateway.add_to_list(list_id, action.account_id)
    except Rejected as exc:
        if exc.status == 422:  # already in the list
            return {"list_id": list_id, "already": True}
        raise
    except NotFound:
        raise Later("the server does not see the follow yet") from None
    return {"list_id": list_id}


def list_id_for(ctx: CycleContext, title: str) -> str:
    key = f"list:{title}"
    cached = ctx.store.get_state(key)
    if cached:
        if cached in ctx.lists_checked or ctx.gateway.list_title(cached) == title:
            ctx.lists_checked.add(cached)  # once per process: one request per list
            return cached
        # snac gives lists made in the same second one id: this one is not ours any more
        ctx.store.delete_state(key)
        event(log, "list_id_dropped", logging.WARNING, title=title)
        if ctx.list_ids is not None:
            ctx.list_ids.pop(title, None)
    if ctx.list_ids is None:
        ctx.list_ids = ctx.gateway.lists()
    list_id = ctx.list_ids.get(title)
    if list_id is None:
        try:
            list_id = ctx.gateway.create_list(title)
        except Transient as exc:
            raise Later(f"the list could not be made as asked ({exc})") from exc
        except (NotFound, Rejected, Forbidden):
            ctx.store.set_state(LISTS_UNSUPPORTED_KEY, "1")
            event(
                log,
                "lists_unsupported",
                logging.WARNING,
                detail="this server does not support lists; list rules are skipped",
            )
            raise Rejected("this server has no lists") from None
        ctx.list_ids[title] = list_id
    ctx.store.set_state(key, list_id)
    ctx.lists_checked.add(list_id)  # create_list proved its id and title
    return list_id
