"""Run the sandbox standalone: ``python -m bot.sandbox --scenario demo --port 8080``.

Prints ``url=...`` and ``token=...`` as the first two lines of stdout, then serves in
the foreground until SIGINT or SIGTERM.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from types import FrameType

from bot.sandbox.sandbox import Sandbox


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.sandbox", description=__doc__)
    parser.add_argument("--scenario", default="demo", help="bundled scenario name or YAML path")
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (0 = any free)")
    parser.add_argument(
        "--print-token",
        action="store_true",
        help="print the token (always printed; kept for compatibility)",
    )
    parser.add_argument("--token-file", help="also write the bot token to this file (mode 0600)")
    parser.add_argument(
        "--no-rate-limit", action="store_true", help="disable the per-token rate limit"
    )
    args = parser.parse_args(argv)

    sandbox = Sandbox.from_scenario(args.scenario)
    if args.no_rate_limit:
        sandbox.rate_limit = None
    sandbox.start(port=args.port)
    stop = threading.Event()

    def _on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGINT, _on_signal)
    signal.signal(signal.SIGTERM, _on_signal)
    try:
        if args.token_file:
            fd = os.open(args.token_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w") as fh:
                fh.write(sandbox.token + "\n")
            os.chmod(args.token_file, 0o600)
        print(f"url={sandbox.url}")
        print(f"token={sandbox.token}")
        print(f"bot_account_id={sandbox.bot_account_id}")
        print(f"flavour={sandbox.flavour} scenario={sandbox.scenario.name}")
        sys.stdout.flush()
        while not stop.wait(0.5):
            pass
    finally:
        sandbox.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
