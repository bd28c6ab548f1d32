"""A naive follow-back bot, written the way existing tools work.

Every poll it reads the whole follower list and the whole following list, and
follows whoever is in the first and not the second (cathelijne/mastobot's
``followback.py``, rhiever's ``auto_follow_followers``). It is here only to be
measured side by side with welcomebot.
"""

from __future__ import annotations

from mastodon import Mastodon


def naive_poll(api: Mastodon, me_id: str) -> int:
    """One poll: the full diff, then follow the difference. Returns follows made."""
    followers = api.fetch_remaining(api.account_followers(me_id, limit=80))
    following = api.fetch_remaining(api.account_following(me_id, limit=80))
    missing = {a["id"] for a in followers} - {a["id"] for a in following}
    for account_id in missing:
        api.account_follow(account_id)
    return len(missing)
