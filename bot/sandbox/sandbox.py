"""The :class:`Sandbox` facade: start/stop the server, drive and observe its state.

Tests, the ``welcomebot demo`` command and benchmarks use this class.  Every method
takes the state lock, so it is safe to call while clients talk to the server.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from bot.sandbox.admin_controls import AdminControls
from bot.sandbox.faults import Fault, RequestRecord, _ActiveFault
from bot.sandbox.scenario import Scenario, load_scenario
from bot.sandbox.server import Core, ServerThread
from bot.sandbox.state import Account, State, utc_now


class Sandbox(AdminControls):
    """A local Mastodon-compatible HTTP server seeded from a scenario (its admin side's
    controls: :class:`~bot.sandbox.admin_controls.AdminControls`)."""

    def __init__(
        self,
        scenario: Scenario | Mapping[str, Any] | str | Path,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.scenario = load_scenario(scenario)
        self._state = State(self.scenario, clock or utc_now)
        self._core = Core(self._state)
        self._server: ServerThread | None = None

    @classmethod
    def from_scenario(
        cls, name_or_path: str | Path, clock: Callable[[], datetime] | None = None
    ) -> Sandbox:
        """Build from a bundled scenario name (``"demo"``) or a YAML file path."""
        return cls(load_scenario(name_or_path), clock=clock)

    # ------------------------------------------------------------------ lifecycle
    def start(self, port: int = 0) -> None:
        """Bind 127.0.0.1:``port`` (0 = ephemeral) and serve in a background thread."""
        if self._server is not None:
            raise RuntimeError("sandbox already started")
        server = ServerThread(self._core, port)
        with self._state.lock:
            self._state.base_url = f"http://127.0.0.1:{server.port}"
        server.start()
        self._server = server

    def stop(self) -> None:
        """Stop serving and join all request threads (idempotent)."""
        server, self._server = self._server, None
        if server is not None:
            server.stop()

    @property
    def running(self) -> bool:
        return self._server is not None

    def __enter__(self) -> Sandbox:
        if self._server is None:
            self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def url(self) -> str:
        if self._server is None:
            raise RuntimeError("sandbox not started")
        return self._state.base_url

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("sandbox not started")
        return self._server.port

    @property
    def token(self) -> str:
        return self._state.bot_token

    def issue_token(self, scopes: str, app_name: str = "welcomebot") -> str:
        """A new token of the bot account holding exactly ``scopes`` (space-separated)."""
        token = secrets.token_urlsafe(32)
        with self._state.lock:
            self._state.tokens[token] = (app_name, scopes)
        return token

    @property
    def bot_account_id(self) -> str:
        return self._state.bot.id

    @property
    def flavour(self) -> str:
        return self._state.flavour.name

    # ------------------------------------------------------------------ state access
    def _account(self, account_id: str) -> Account:
        seq = self._state.seq_of(account_id)
        account = self._state.accounts.get(seq) if seq is not None else None
        if account is None:
            raise KeyError(f"unknown account id {account_id!r}")
        return account

    def account_id(self, acct: str) -> str:
        """Id of ``"alice"`` (local), ``"alice@<local domain>"`` or ``"bob@remote"``."""
        with self._state.lock:
            seq = self._state.find_acct(acct)
            if seq is None:
                raise KeyError(f"unknown account {acct!r}")
            return self._state.accounts[seq].id

    def account_json(self, account_id: str) -> dict[str, Any]:
        with self._state.lock:
            return self._state.render_account(self._account(account_id))

    def account_label(self, account_id: str) -> str | None:
        """The scenario's free-form ``label`` of an account."""
        with self._state.lock:
            return self._account(account_id).label

    def labels(self) -> dict[str, str]:
        """account id -> label, for every labelled account."""
        with self._state.lock:
            return {a.id: a.label for a in self._state.accounts.values() if a.label is not None}

    def add_account(self, **spec: Any) -> str:
        with self._state.lock:
            return self._state.add_account(spec).id

    def generate_followers(
        self, count: int, template: Mapping[str, Any] | None = None, prefix: str = "user"
    ) -> list[str]:
        """Create ``count`` similar accounts that follow the bot; returns their ids."""
        with self._state.lock:
            seqs = self._state.generate(count, dict(template or {}), prefix, None)
            return [self._state.accounts[s].id for s in seqs]

    def follow_bot(self, account_id: str, *, notify: bool = True) -> None:
        with self._state.lock:
            self._state.follow_bot(self._account(account_id), notify=notify)

    def unfollow_bot(self, account_id: str) -> None:
        with self._state.lock:
            self._state.unfollow_bot(self._account(account_id))

    def block_bot(self, account_id: str) -> None:
        with self._state.lock:
            self._state.block_bot(self._account(account_id))

    def mention_bot(
        self,
        account_id: str,
        text: str,
        *,
        in_reply_to_id: str | None = None,
        visibility: str = "direct",
    ) -> str:
        """``account_id`` posts a status mentioning the bot; returns the status id."""
        state = self._state
        with state.lock:
            author = self._account(account_id)
            bot_acct = "@" + state.bot.username
            if bot_acct.lower() not in text.lower():
                text = f"{bot_acct} {text}"
            status = state.post_status(
                author,
                {"status": text, "visibility": visibility, "in_reply_to_id": in_reply_to_id},
            )
            if state.bot.seq in status.mentions and not author.blocks_bot:
                state.notify("mention", author, status)
            return status.id

    def post_statuses(self, account_id: str, count: int, text: str = "a post") -> None:
        """``count`` public posts by ``account_id``, for servers that send too many."""
        state = self._state
        with state.lock:
            author = self._account(account_id)
            for i in range(count):
                state.post_status(author, {"status": f"{text} {i}", "visibility": "public"})

    def set_account(self, account_id: str, **changes: Any) -> None:
        with self._state.lock:
            self._state.set_account(self._account(account_id), changes)

    def complete_pending_follows(self) -> int:
        with self._state.lock:
            return self._state.complete_pending_follows()

    def accept_follow_request(self, account_id: str) -> None:
        with self._state.lock:
            self._state.accept_out_request(self._account(account_id))

    def reject_follow_request(self, account_id: str) -> None:
        with self._state.lock:
            self._state.reject_out_request(self._account(account_id))

    def set_notification_policy(self, **policy: str) -> None:
        with self._state.lock:
            for key, value in policy.items():
                if key not in self._state.policy or value not in ("accept", "filter", "drop"):
                    raise ValueError(f"bad notification policy {key}={value!r}")
                self._state.policy[key] = value

    # ------------------------------------------------------------------ observations
    def _ids(self, seqs: Any) -> list[str]:
        return [self._state.accounts[s].id for s in seqs]

    def followers_of_bot(self) -> list[str]:
        """Follower account ids, oldest follow first."""
        with self._state.lock:
            return self._ids(acc for _, acc in self._state.follower_order)

    def following_of_bot(self) -> list[str]:
        with self._state.lock:
            self._state.run_stator()
            order = sorted((f.seq, acc) for acc, f in self._state.following.items())
            return self._ids(acc for _, acc in order)

    def pending_follow_requests_from_bot(self) -> list[str]:
        with self._state.lock:
            self._state.run_stator()
            order = sorted((f.seq, acc) for acc, f in self._state.out_requests.items())
            return self._ids(acc for _, acc in order)

    def follow_requests_to_bot(self) -> list[str]:
        with self._state.lock:
            return self._ids(acc for _, acc in self._state.in_request_order)

    def statuses_by_bot(self) -> list[dict[str, Any]]:
        state = self._state
        with state.lock:
            out = []
            for seq in state.bot.statuses or []:
                status = state.statuses[seq]
                out.append(
                    {
                        "id": status.id,
                        "text": status.text,
                        "visibility": status.visibility,
                        "mentions": self._ids(status.mentions),
                        "idempotency_key": status.idempotency_key,
                        "created_at": status.created_at,
                        "language": status.language,
                        "in_reply_to_id": status.in_reply_to_id,
                    }
                )
            return out

    def direct_recipients(self, status_id: str) -> set[str]:
        """Accounts a status reaches (for ``direct``: exactly its @-mentions)."""
        state = self._state
        with state.lock:
            seq = state.seq_of(status_id)
            status = state.statuses.get(seq) if seq is not None else None
            if status is None:
                raise KeyError(f"unknown status {status_id!r}")
            return set(self._ids(state.recipients(status)))

    def lists(self) -> dict[str, dict[str, Any]]:
        state = self._state
        with state.lock:
            return {
                lst.id: {
                    "title": lst.title,
                    "members": self._ids(
                        a for _, a in sorted((m, a) for a, m in lst.members.items())
                    ),
                }
                for lst in state.lists.values()
            }

    def notifications(self, *, include_dismissed: bool = False) -> list[dict[str, Any]]:
        """Notifications to the bot, oldest first: {id, type, account_id, filtered, dismissed}."""
        state = self._state
        with state.lock:
            return [
                {
                    "id": n.id,
                    "type": n.type,
                    "account_id": state.accounts[n.account_seq].id,
                    "filtered": n.filtered,
                    "dismissed": n.dismissed,
                }
                for n in state.notifications
                if include_dismissed or not n.dismissed
            ]

    @property
    def notification_policy(self) -> dict[str, str]:
        with self._state.lock:
            return dict(self._state.policy)

    # ------------------------------------------------------------------ request log
    @property
    def request_log(self) -> list[RequestRecord]:
        with self._state.lock:
            return list(self._core.log)

    def clear_request_log(self) -> None:
        with self._state.lock:
            self._core.log.clear()

    def requests(
        self, method: str | None = None, path_prefix: str | None = None
    ) -> list[RequestRecord]:
        return [
            r
            for r in self.request_log
            if (method is None or r.method == method.upper())
            and (path_prefix is None or r.path.startswith(path_prefix))
        ]

    # ------------------------------------------------------------------ faults and limits
    def inject(self, fault: Fault) -> None:
        with self._state.lock:
            self._core.faults.append(_ActiveFault(fault))

    def clear_faults(self) -> None:
        with self._state.lock:
            self._core.faults.clear()

    @property
    def rate_limit(self) -> tuple[int, float] | None:
        return self._core.rate_limit

    @rate_limit.setter
    def rate_limit(self, value: tuple[int, float] | None) -> None:
        with self._state.lock:
            if value is not None:
                limit, window = value
                if limit < 0 or window <= 0:
                    raise ValueError("rate_limit must be (limit >= 0, window > 0) or None")
                value = (int(limit), float(window))
            self._core.rate_limit = value
            self._core._buckets.clear()
