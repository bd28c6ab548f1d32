"""A local Mastodon-compatible HTTP server for demos, tests and benchmarks.

``Sandbox`` serves a faithful subset of the Mastodon client API (and the quirks of
GoToSocial, Akkoma, snac and Takahē) on 127.0.0.1, seeded from YAML scenarios, with
fault injection, per-token rate limits and a request log.  Standard library + PyYAML.
"""

from bot.sandbox.faults import Fault, RequestRecord
from bot.sandbox.flavours import FLAVOURS
from bot.sandbox.sandbox import Sandbox
from bot.sandbox.scenario import Scenario, bundled_scenarios, load_scenario

__all__ = [
    "FLAVOURS",
    "Fault",
    "RequestRecord",
    "Sandbox",
    "Scenario",
    "bundled_scenarios",
    "load_scenario",
]
