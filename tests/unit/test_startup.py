"""Start-up against a server that is not there yet, with fakes and an injected sleeper:
what is retried (network, timeout, 5xx, 429), what is not (a rejected token, a config
mistake), the back-off, and the daemon's quicker retry after a cycle's server trouble."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.config import ConfigError, Token, TokenSource, config_from_mapping
from bot.cycle import CycleReport, FatalError
from bot.gateway import Forbidden, GatewayError, NotFound, RateLimited, Transient, Unauthorized
from bot.gateway_json import Identity
from bot.scheduler import Backoff, Stopped, _Poll, waiting_check
from bot.wiring import ServerUnreachable, check_server

CONFIG = config_from_mapping({"instance": {"url": "https://social.example"}})
TOKEN = Token("a-token-for-tests", TokenSource.GIVEN)


class FakeGateway:
    """Answers verify_credentials with the given errors, then succeeds."""

    def __init__(self, *errors: GatewayError) -> None:
        self.errors = list(errors)
        self.calls = 0

    def verify_credentials(self) -> tuple[Any, dict[str, Any]]:
        self.calls += 1
        if self.errors:
            raise self.errors.pop(0)
        return Identity("1", "welcome", "Welcome", False), {}


class FakeSleeper:
    def __init__(self, stop_after: int | None = None) -> None:
        self.waits: list[float] = []
        self.stop_after = stop_after

    def __call__(self, seconds: float) -> bool:
        self.waits.append(seconds)
        return self.stop_after is not None and len(self.waits) >= self.stop_after


def test_backoff_doubles_up_to_its_limit_and_starts_over_on_reset() -> None:
    backoff = Backoff(first=1.0, limit=20.0)
    assert [backoff.next_delay() for _ in range(7)] == [1, 2, 4, 8, 16, 20, 20]
    backoff.reset()
    assert backoff.next_delay() == 1
    assert Backoff(first=1.0, limit=0.5).next_delay() == 0.5


@pytest.mark.parametrize(
    "error",
    [
        Transient("verify_credentials: network error (connection refused)"),
        Transient("verify_credentials: server error (503)", status=503),
        Transient("verify_credentials: network error (timed out)"),
        RateLimited("verify_credentials: rate limited"),
    ],
    ids=["refused", "503", "timeout", "429"],
)
def test_trouble_on_the_way_is_server_unreachable(error: GatewayError) -> None:
    with pytest.raises(ServerUnreachable) as caught:
        check_server(CONFIG, FakeGateway(error), TOKEN)  # type: ignore[arg-type]
    message = str(caught.value)
    assert message.startswith("instance.url: cannot reach https://social.example now")
    assert "try again later" in message and "\n" not in message


@pytest.mark.parametrize(
    "error",
    [
        Unauthorized("verify_credentials: rejected (401)", status=401),
        NotFound("verify_credentials: not found (404)", status=404),
        Forbidden("verify_credentials: not allowed (403)", status=403),
    ],
    ids=["401", "404", "403"],
)
def test_what_a_person_must_fix_is_a_config_error(error: GatewayError) -> None:
    with pytest.raises(ConfigError):
        check_server(CONFIG, FakeGateway(error), TOKEN)  # type: ignore[arg-type]


def test_the_daemon_waits_for_the_server_with_backoff() -> None:
    gateway = FakeGateway(*(Transient("network error") for _ in range(4)))
    sleep = FakeSleeper()
    check = waiting_check(sleep, Backoff(first=1.0, limit=5.0))
    check(CONFIG, gateway, TOKEN)  # type: ignore[arg-type]
    assert gateway.calls == 5
    assert sleep.waits == [1, 2, 4, 5]


def test_a_rejected_token_is_not_waited_for() -> None:
    gateway = FakeGateway(Transient("network error"), Unauthorized("401", status=401))
    sleep = FakeSleeper()
    with pytest.raises(ConfigError):
        waiting_check(sleep, Backoff())(CONFIG, gateway, TOKEN)  # type: ignore[arg-type]
    assert gateway.calls == 2 and sleep.waits == [1]


def test_a_stop_request_ends_the_wait() -> None:
    gateway = FakeGateway(*(Transient("network error") for _ in range(10)))
    sleep = FakeSleeper(stop_after=3)
    with pytest.raises(Stopped):
        waiting_check(sleep, Backoff())(CONFIG, gateway, TOKEN)  # type: ignore[arg-type]
    assert gateway.calls == 3


class FakeScheduler:
    running = True

    def __init__(self) -> None:
        self.next_runs: list[datetime] = []
        self.shut_down = False

    def modify_job(self, job_id: str, *, next_run_time: datetime) -> None:
        assert job_id == "poll"
        self.next_runs.append(next_run_time)

    def shutdown(self, wait: bool = True) -> None:
        self.shut_down = True


class FakeBot:
    def __init__(self, *outcomes: str | None | Exception) -> None:
        self.outcomes = list(outcomes)
        self.stopped = False

        class _Event:
            @staticmethod
            def is_set() -> bool:
                return False

        self.stop_requested = _Event()

    def run_cycle(self) -> CycleReport:
        outcome = self.outcomes.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        return CycleReport(stopped=outcome)

    def request_stop(self) -> None:
        self.stopped = True


class FakeApp:
    def __init__(self, bot: FakeBot) -> None:
        self.bot = bot


def test_a_cycle_that_met_server_trouble_is_retried_sooner_with_backoff() -> None:
    bot = FakeBot("server_trouble", "server_trouble", "server_trouble", None, "server_trouble")
    scheduler = FakeScheduler()
    poll = _Poll(FakeApp(bot), scheduler, interval=300)  # type: ignore[arg-type]
    soonest: list[timedelta] = []
    for _ in range(5):
        before = datetime.now(UTC)
        count = len(scheduler.next_runs)
        poll()
        if len(scheduler.next_runs) > count:
            soonest.append(scheduler.next_runs[-1] - before)
    # 1 s, 2 s, 4 s after the troubled cycles; the success starts the back-off over
    assert [round(d.total_seconds()) for d in soonest] == [1, 2, 4, 1]
    assert poll.exit_code == 0


def test_no_quicker_retry_beyond_the_poll_interval() -> None:
    bot = FakeBot(*(["server_trouble"] * 4))
    scheduler = FakeScheduler()
    poll = _Poll(FakeApp(bot), scheduler, interval=3)  # type: ignore[arg-type]
    for _ in range(4):
        poll()
    assert len(scheduler.next_runs) == 2  # after 1 s and 2 s; then the interval itself


def test_a_fatal_cycle_stops_the_daemon_with_2() -> None:
    bot = FakeBot(FatalError("the server rejected the access token"))
    scheduler = FakeScheduler()
    poll = _Poll(FakeApp(bot), scheduler, interval=300)  # type: ignore[arg-type]
    poll()
    assert poll.exit_code == 2 and scheduler.shut_down and bot.stopped


# --------------------------------------------------------------------------- clock steps


class SteppedClocks:
    """A wall clock and a monotonic one; ``step`` moves only the wall clock."""

    def __init__(self) -> None:
        self.wall_s = 1_800_000_000.0
        self.steady_s = 1000.0

    def tick(self, seconds: float) -> None:
        self.wall_s += seconds
        self.steady_s += seconds

    def step(self, seconds: float) -> None:
        self.wall_s += seconds


def test_a_clock_step_is_told_from_the_passing_of_time() -> None:
    from bot.scheduler import ClockWatch

    clocks = SteppedClocks()
    watch = ClockWatch(wall=lambda: clocks.wall_s, steady=lambda: clocks.steady_s)
    clocks.tick(3600)
    assert watch.jump() == 0.0  # an hour passed: no step
    clocks.step(-86400)
    assert watch.jump() == -86400
    clocks.tick(30)
    assert watch.jump() == 0.0
    clocks.step(2)  # NTP slews of a few seconds are not steps
    assert watch.jump() == 0.0


class StopAfter:
    def __init__(self, waits: int, clocks: SteppedClocks) -> None:
        self.left = waits
        self.clocks = clocks

    def wait(self, seconds: float) -> bool:
        self.clocks.tick(seconds)
        if self.left == 2:
            self.clocks.step(-86400)  # NTP steps the clock back a day
        self.left -= 1
        return self.left < 0


def test_after_the_clock_steps_back_the_daemon_polls_at_once() -> None:
    from bot.scheduler import ClockWatch, watch_the_clock

    clocks = SteppedClocks()
    watch = ClockWatch(wall=lambda: clocks.wall_s, steady=lambda: clocks.steady_s)
    scheduler = FakeScheduler()
    watch_the_clock(watch, scheduler, StopAfter(4, clocks), every=30)  # type: ignore[arg-type]
    assert len(scheduler.next_runs) == 1  # one poll at once, not a day later
