"""``welcomebot demo``: the real bot against the built-in sandbox server.

Starts a local Mastodon-compatible sandbox on 127.0.0.1 seeded with a scenario,
runs two poll cycles of the real bot against it (the second shows that nothing
is done twice), and prints each follower's decision, reasons and welcome DM.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import click

from bot.config import FollowBackConfig, config_from_mapping, format_duration
from bot.cycle.context import CycleReport
from bot.logs import setup_logging
from bot.report import print_overview
from bot.wiring import build_app

if TYPE_CHECKING:
    from bot.sandbox import Sandbox

#: The demo follows back at once; a real bot waits (follow_back.delay).
DEMO_DELAY = "0s"


def real_delay_note() -> str:
    """What the demo does not show: the real default delay, and how to see the plan."""
    default = format_duration(FollowBackConfig().delay)
    return (
        f"The demo ran with follow_back.delay {DEMO_DELAY}, so everything happened at once. "
        f"A real bot waits {default} (the default), then looks at each newcomer again "
        "before it follows and welcomes them; `welcomebot once --dry-run` shows who and when."
    )


def newcomers(report: CycleReport) -> str:
    """ "13 new followers", or "2 new followers and 5 sign-ups" for a greeter."""
    followers = f"{report.new_followers} new followers"
    return f"{followers} and {report.new_signups} sign-ups" if report.new_signups else followers


def print_runs(sandbox: Sandbox, first: CycleReport, second: CycleReport) -> None:
    """What the two runs did, as the server saw it: the second one does nothing."""
    followed = len(sandbox.following_of_bot()) + len(sandbox.pending_follow_requests_from_bot())
    dms = [s for s in sandbox.statuses_by_bot() if s.get("visibility") == "direct"]
    outcomes = ", ".join(f"{k} {v}" for k, v in sorted(first.outcomes.items()))
    click.echo(
        f"first run: {newcomers(first)} judged ({outcomes}) in {first.requests} requests; "
        f"{followed} followed back, {len(dms)} welcome DMs."
    )
    click.echo(
        f"second run: {newcomers(second)}, "
        f"{sum(second.actions.values())} actions, {second.requests} request(s): "
        "nobody is followed or messaged twice."
    )


def run_demo(scenario: str, keep_dir: Path | None = None) -> int:
    from bot.sandbox import Sandbox, load_scenario

    setup_logging("WARNING", "text")
    with tempfile.TemporaryDirectory(prefix="welcomebot-demo-") as tmp:
        workdir = keep_dir or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        try:
            loaded = load_scenario(scenario)
            sandbox = Sandbox(loaded)
        except (OSError, ValueError, KeyError) as exc:
            click.echo(f"welcomebot: error: scenario {scenario!r}: {exc}", err=True)
            return 2
        with sandbox:
            click.echo(f"sandbox: a local Mastodon-compatible server at {sandbox.url}")
            config = config_from_mapping(
                {
                    "instance": {"url": sandbox.url, "request_timeout": "10s"},
                    "storage": {"database": str(workdir / "demo.sqlite3")},
                    "follow_back": {"delay": DEMO_DELAY},
                    # a scenario with sign-ups shows the instance greeter at work
                    "greet": "both" if loaded.signups else "followers",
                },
                base_dir=workdir,
            )
            app = build_app(config, token=sandbox.token)
            try:
                first = app.bot.run_cycle()
                second = app.bot.run_cycle()
                rows = app.store.overview()
            finally:
                app.close()
            print_overview(
                rows,
                title=f"welcomebot demo: {len(rows)} followers judged",
                labels=sandbox.labels(),
            )
            print_runs(sandbox, first, second)
            click.echo(real_delay_note())
            if keep_dir:
                click.echo(f"database kept in {workdir / 'demo.sqlite3'}")
    return 0
