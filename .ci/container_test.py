"""Prove the container image: build it with buildah and run it against the sandbox.

``make container-test`` runs this with the project's virtual environment. It

1. installs buildah and debootstrap from Debian's packages when they are missing;
2. makes a Debian base image with debootstrap (cached under ``$WELCOMEBOT_CI_CACHE``,
   default ``/var/tmp/welcomebot-ci``), so nothing comes from a container registry;
3. builds the project's ``Dockerfile`` on that base with ``buildah bud --isolation chroot``;
4. checks the image's metadata: non-root user, entrypoint, ``/data`` volume, healthcheck;
5. starts the sandbox on 127.0.0.1 and runs the image's ``welcomebot`` with the config
   mounted read-only, the token as a secret file and a host directory as ``/data``:
   ``check-config``, ``once``, ``health``, a second ``once``, then the image's default
   command (``run``) stopped by SIGTERM;
6. asserts that the decisions landed in the mounted database, that the sandbox saw the
   follows and DMs exactly once, that the process ran as UID 10001, and that the token
   never appeared in any output.

Every failed check exits non-zero with one line saying what was expected.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(os.environ.get("WELCOMEBOT_CI_CACHE", "/var/tmp/welcomebot-ci"))
SUITE = os.environ.get("WELCOMEBOT_CI_SUITE", "bookworm")
MIRROR = os.environ.get("WELCOMEBOT_CI_MIRROR", "http://deb.debian.org/debian")
BASE_PACKAGES = ("python3", "python3-venv", "ca-certificates")
CA_BUNDLE = Path("/etc/ssl/certs/ca-certificates.crt")
IMAGE = "localhost/welcomebot:ci"
BOT_UID = 10001
BUILDAH = ["buildah", "--storage-driver", "vfs"]
_outputs: list[str] = []  # everything the container printed, checked for the token


class CheckFailed(Exception):
    pass


def step(message: str) -> None:
    print(f"container-test: {message}", flush=True)


def check(condition: bool, message: str) -> None:
    if not condition:
        raise CheckFailed(message)


def sh(
    args: Sequence[str],
    *,
    timeout: float = 900,
    check_rc: bool = True,
) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(list(args), capture_output=True, text=True, timeout=timeout, check=False)
    if check_rc and proc.returncode != 0:
        tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-25:])
        raise CheckFailed(f"{' '.join(args[:4])} ... exited {proc.returncode}:\n{tail}")
    return proc


def retry(args: Sequence[str], attempts: int = 3, timeout: float = 900) -> None:
    """Network steps (apt, debootstrap) get a few tries before failing the run."""
    for attempt in range(1, attempts):
        proc = sh(args, timeout=timeout, check_rc=False)
        if proc.returncode == 0:
            return
        step(f"{' '.join(args[:3])} failed (try {attempt} of {attempts}), exit {proc.returncode}")
        time.sleep(5 * attempt)
    sh(args, timeout=timeout)  # the last try fails the run, with the tail of its output


# ---------------------------------------------------------------------- tools and images
def ensure_tools() -> None:
    missing = [tool for tool in ("buildah", "debootstrap") if shutil.which(tool) is None]
    if not missing:
        return
    check(
        os.geteuid() == 0,
        f"{', '.join(missing)} missing and not root: install them (apt-get install "
        "buildah debootstrap) or run as root",
    )
    step(f"installing {' '.join(missing)} from Debian's packages")
    env_apt = ["env", "DEBIAN_FRONTEND=noninteractive"]
    retry([*env_apt, "apt-get", "update", "-q"])
    retry([*env_apt, "apt-get", "install", "-y", "-q", "--no-install-recommends", *missing])


def image_exists(name: str) -> bool:
    return sh([*BUILDAH, "inspect", "--type", "image", name], check_rc=False).returncode == 0


def base_image() -> str:
    """A Debian image made by debootstrap, tagged by suite and package list."""
    key = hashlib.sha256(f"{SUITE} {MIRROR} {' '.join(BASE_PACKAGES)}".encode()).hexdigest()[:12]
    name = f"localhost/welcomebot-base:{SUITE}-{key}"
    if image_exists(name):
        step(f"base image {name} (cached)")
        return name
    context = CACHE / f"base-{SUITE}-{key}"  # the build context: rootfs.tar + Containerfile
    tarball = context / "rootfs.tar"
    if not tarball.exists():
        context.mkdir(parents=True, exist_ok=True)
        rootfs = context / "rootfs"
        shutil.rmtree(rootfs, ignore_errors=True)
        step(f"debootstrap {SUITE} from {MIRROR} (about a minute)")
        started = time.monotonic()
        retry(
            [
                "debootstrap",
                "--variant=minbase",
                f"--include={','.join(BASE_PACKAGES)}",
                SUITE,
                str(rootfs),
                MIRROR,
            ],
            timeout=1200,
        )
        # The image needs none of apt's caches or the documentation.
        for junk in ("var/cache/apt", "var/lib/apt/lists", "usr/share/doc", "usr/share/man"):
            shutil.rmtree(rootfs / junk, ignore_errors=True)
            (rootfs / junk).mkdir(parents=True, exist_ok=True)
        partial = context / "rootfs.tar.partial"
        sh(["tar", "--numeric-owner", "-C", str(rootfs), "-cf", str(partial), "."])
        partial.rename(tarball)
        shutil.rmtree(rootfs)
        step(f"debootstrap done in {time.monotonic() - started:.0f} s")
    (context / "Containerfile").write_text(
        'FROM scratch\nADD rootfs.tar /\nENV LANG=C.UTF-8\nCMD ["/bin/bash"]\n'
    )
    (context / ".dockerignore").write_text("rootfs\n*.partial\n")
    sh([*BUILDAH, "bud", "--isolation", "chroot", "-t", name, str(context)])
    step(f"base image {name} built")
    return name


def build_image(base: str) -> None:
    if image_exists(IMAGE):
        sh([*BUILDAH, "rmi", "--force", IMAGE], check_rc=False)
    args = [
        *BUILDAH,
        "bud",
        "--isolation",
        "chroot",
        "--format",
        "docker",  # keeps HEALTHCHECK, which the OCI format drops
        "--build-arg",
        f"BASE_IMAGE={base}",
        "-t",
        IMAGE,
    ]
    if CA_BUNDLE.exists():  # pip inside the build trusts what the host trusts
        args += [
            "--build-arg",
            f"PIP_CERT={CA_BUNDLE}",
            "--volume",
            f"{CA_BUNDLE}:{CA_BUNDLE}:ro",
        ]
    step("building the image from the Dockerfile")
    started = time.monotonic()
    sh([*args, str(ROOT)], timeout=1800)
    sh([*BUILDAH, "rmi", "--prune"], check_rc=False)  # drop dangling layers of old builds
    step(f"image {IMAGE} built in {time.monotonic() - started:.0f} s")


def check_metadata() -> None:
    info = json.loads(sh([*BUILDAH, "inspect", "--type", "image", IMAGE]).stdout)
    config = info.get("Docker", {}).get("config", {}) or info["OCIv1"]["config"]
    check(config.get("User") == f"{BOT_UID}:{BOT_UID}", f"image user {config.get('User')!r}")
    check(config.get("Entrypoint") == ["welcomebot"], f"entrypoint {config.get('Entrypoint')}")
    check(config.get("Cmd") == ["run"], f"cmd {config.get('Cmd')}")
    env = config.get("Env") or []
    check("WELCOMEBOT_CONFIG=/config/config.yaml" in env, f"env {env}")
    check("/data" in (config.get("Volumes") or {}), "no /data volume")
    health = config.get("Healthcheck") or {}
    check("health" in (health.get("Test") or []), f"healthcheck {health}")
    listing = json.loads(sh([*BUILDAH, "images", "--json", IMAGE]).stdout)
    size = listing[0].get("size") if listing else None
    step(
        f"image metadata: user {config['User']}, entrypoint {config['Entrypoint']}, "
        f"volume /data, healthcheck {' '.join(health['Test'][1:])}" + (f"; {size}" if size else "")
    )


# ---------------------------------------------------------------------- running it
class Container:
    """A buildah working container with the bot's mounts; commands run as the image user."""

    def __init__(self, workdir: Path) -> None:
        self.name = sh([*BUILDAH, "from", IMAGE]).stdout.strip().splitlines()[-1]
        # buildah run mounts the image's own VOLUME over a --volume bind of the same path
        # (Docker and Podman give the bind precedence), so drop the declaration from this
        # working container; check_metadata() has already seen it in the image.
        sh([*BUILDAH, "config", "--volume", "/data-", self.name])
        self.mounts = [
            "--volume",
            f"{workdir / 'data'}:/data",
            "--volume",
            f"{workdir / 'config'}:/config:ro",
            "--volume",
            f"{workdir / 'secrets'}:/run/secrets:ro",
        ]

    def command(self, args: Sequence[str], env: Mapping[str, str] | None = None) -> list[str]:
        env_args = [f"--env={key}={value}" for key, value in (env or {}).items()]
        return [
            *BUILDAH,
            "run",
            "--isolation",
            "chroot",
            *self.mounts,
            *env_args,
            self.name,
            "--",
            *args,
        ]

    def run(self, *args: str, expect_rc: int = 0, env: Mapping[str, str] | None = None) -> str:
        proc = sh(self.command(args, env), check_rc=False, timeout=300)
        output = proc.stdout + proc.stderr
        _outputs.append(output)
        check(
            proc.returncode == expect_rc,
            f"`{' '.join(args)}` exited {proc.returncode}, expected {expect_rc}:\n{output[-3000:]}",
        )
        return output

    def written_outside_data(self, since: float) -> list[str]:
        """Files in the container's own filesystem changed since ``since``.

        The mounts (/data, /config, /run/secrets) are not part of it, so an empty list
        means the bot can run with a read-only root filesystem (compose's read_only).
        """
        root = Path(sh([*BUILDAH, "mount", self.name]).stdout.strip().splitlines()[-1])
        try:
            changed = []
            for directory, subdirs, files in os.walk(root):
                rel = Path(directory).relative_to(root)
                if rel.parts[:1] in {("proc",), ("sys",), ("dev",)}:
                    subdirs.clear()
                    continue
                for name in files:
                    path = Path(directory) / name
                    with contextlib.suppress(OSError):
                        if path.lstat().st_mtime >= since:
                            changed.append(f"/{rel / name}")
            return sorted(changed)
        finally:
            sh([*BUILDAH, "umount", self.name], check_rc=False)

    def remove(self) -> None:
        sh([*BUILDAH, "rm", self.name], check_rc=False)


def bot_processes(ancestor: int) -> list[int]:
    """PIDs below ``ancestor`` run by the bot's UID (chroot isolation shares the PID space).

    Walks every process's PPid rather than ``/proc/PID/task/*/children``, which only
    lists the children of one thread and misses those forked by buildah's other threads.
    """
    parents: dict[int, int] = {}
    owners: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        parents[int(entry.name)] = int(fields.get("PPid", "0").strip() or 0)
        owners[int(entry.name)] = int(fields.get("Uid", "-1").split()[0])
    found = []
    for pid, uid in owners.items():
        if uid != BOT_UID:
            continue
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        if b"welcomebot" not in cmdline or b"buildah" in cmdline:
            continue
        up, hops = parents.get(pid, 0), 0
        while up > 1 and up != ancestor and hops < 64:
            up, hops = parents.get(up, 0), hops + 1
        if up == ancestor:
            found.append(pid)
    return found


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def write_setup(workdir: Path, url: str, token: str, metrics_port: int) -> None:
    for sub in ("data", "config", "secrets"):
        (workdir / sub).mkdir()
    os.chown(workdir / "data", BOT_UID, BOT_UID)
    body = (
        "  request_timeout: 10s\n"
        "storage:\n"
        "  database: sqlite:////data/welcomebot.sqlite3\n"
        "schedule:\n"
        "  poll_interval: 10s\n"
        "follow_back:\n"
        "  delay: 0s\n"
        "logging:\n"
        "  format: auto\n"  # JSON lines, because a container's output is not a terminal
        "metrics:\n"
        f"  port: {metrics_port}\n"
    )
    head = f"# written by .ci/container_test.py\ninstance:\n  url: {url}\n"
    (workdir / "config" / "config.yaml").write_text(
        head + "  access_token_file: /run/secrets/welcomebot_token\n" + body
    )
    # The same without a token file: the token comes from WELCOMEBOT_ACCESS_TOKEN.
    (workdir / "config" / "env-token.yaml").write_text(head + body)
    token_file = workdir / "secrets" / "welcomebot_token"
    fd = os.open(token_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(token + "\n")
    os.chown(token_file, BOT_UID, BOT_UID)  # like a Docker secret owned by the bot user


def database_counts(path: Path) -> dict[str, int]:
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
        check(db.execute("PRAGMA integrity_check").fetchone()[0] == "ok", "integrity_check")
        return {
            "followers": db.execute("SELECT count(*) FROM followers").fetchone()[0],
            "judged": db.execute("SELECT count(DISTINCT account_id) FROM decisions").fetchone()[0],
            "follow_decisions": db.execute(
                "SELECT count(DISTINCT account_id) FROM decisions WHERE action = 'follow'"
            ).fetchone()[0],
            "follows_done": db.execute(
                "SELECT count(*) FROM actions WHERE kind = 'follow' AND status = 'done'"
            ).fetchone()[0],
            "dms_done": db.execute(
                "SELECT count(*) FROM actions WHERE kind = 'welcome_dm' AND status = 'done'"
            ).fetchone()[0],
        }


def stored_follower_ids(path: Path) -> set[str]:
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
        return {row[0] for row in db.execute("SELECT account_id FROM followers")}


@contextlib.contextmanager
def sandbox_server() -> Iterator[object]:
    sys.path.insert(0, str(ROOT))
    from bot.sandbox import Sandbox

    sandbox = Sandbox.from_scenario("demo")
    sandbox.start()
    try:
        yield sandbox
    finally:
        sandbox.stop()


def prove_against_sandbox() -> None:
    with tempfile.TemporaryDirectory(prefix="welcomebot-ct-") as tmp, sandbox_server() as sb:
        from bot.sandbox import Sandbox

        assert isinstance(sb, Sandbox)
        workdir = Path(tmp)
        os.chmod(workdir, 0o755)
        metrics_port = free_port()
        write_setup(workdir, sb.url, sb.token, metrics_port)
        followers = set(sb.followers_of_bot()) | set(sb.follow_requests_to_bot())
        container = Container(workdir)
        since = time.time() - 1
        try:
            uid = container.run("id", "-u").strip()
            check(uid == str(BOT_UID), f"the container runs as uid {uid}, expected {BOT_UID}")
            step(f"container user: uid {uid} (non-root)")

            out = container.run("welcomebot", "check-config", "--config", "/config/config.yaml")
            step(f"check-config, token from the secret file: {out.strip().splitlines()[-1][:80]}")
            env_config = ("welcomebot", "check-config", "--config", "/config/env-token.yaml")
            out = container.run(*env_config, env={"WELCOMEBOT_ACCESS_TOKEN": sb.token})
            step(f"check-config, token from the environment: {out.strip().splitlines()[-1][:80]}")
            out = container.run(
                *env_config, expect_rc=2, env={"WELCOMEBOT_ACCESS_TOKEN": "not-" + sb.token}
            )
            check(sb.token not in out, "a rejected token was echoed")
            errors = [line for line in out.splitlines() if line.startswith("welcomebot: error")]
            check(
                len(errors) == 1 and "token" in errors[0],
                f"a wrong token should give one error line about the token:\n{out[-2000:]}",
            )
            step(f"check-config, a wrong token: exit 2, {errors[0][:90]}")

            container.run("welcomebot", "once", "--config", "/config/config.yaml")
            db_path = workdir / "data" / "welcomebot.sqlite3"
            check(db_path.exists(), "no database in the mounted /data")
            owner = db_path.stat().st_uid
            check(owner == BOT_UID, f"/data database owned by uid {owner}, not {BOT_UID}")
            counts = database_counts(db_path)
            stored = stored_follower_ids(db_path)
            unknown = stored - followers
            check(len(stored) >= 10, f"only {len(stored)} followers stored")
            check(not unknown, f"stored followers the sandbox does not have: {sorted(unknown)}")
            check(
                counts["judged"] == len(stored),
                f"{counts['judged']} of {len(stored)} stored followers have a decision",
            )
            followed = len(sb.following_of_bot()) + len(sb.pending_follow_requests_from_bot())
            dms = [s for s in sb.statuses_by_bot() if s.get("visibility") == "direct"]
            check(counts["follows_done"] > 0, "no follow was done")
            check(
                counts["follows_done"] == followed == counts["follow_decisions"],
                f"follows: {counts['follows_done']} done in the database, {followed} on the "
                f"server, {counts['follow_decisions']} decided",
            )
            check(
                counts["dms_done"] == len(dms) > 0,
                f"DMs: {counts['dms_done']} done in the database, {len(dms)} on the server",
            )
            step(
                f"once: {counts['followers']} followers judged into /data (owned by uid "
                f"{owner}), {followed} followed, {len(dms)} welcome DMs"
            )

            container.run("welcomebot", "health", "--config", "/config/config.yaml")
            step("health: exit 0 after a successful poll")

            container.run("welcomebot", "once", "--config", "/config/config.yaml")
            again = database_counts(db_path)
            dms_after = [s for s in sb.statuses_by_bot() if s.get("visibility") == "direct"]
            check(
                again["follows_done"] == counts["follows_done"] and len(dms_after) == len(dms),
                "a second once acted again",
            )
            step("second once: nothing done twice")

            judged = run_until_sigterm(container, metrics_port)
            check(
                judged == len(stored),
                f"metrics say {judged} followers judged, the database has {len(stored)}",
            )
            step(
                f"run: started, polled, served /metrics ({judged:.0f} judged), "
                "stopped on SIGTERM with exit 0"
            )
            written = container.written_outside_data(since)
            check(not written, f"the bot wrote outside /data: {written[:20]}")
            step("nothing was written outside /data: a read-only root filesystem will do")
        finally:
            container.remove()
        leaked = [out for out in _outputs if sb.token in out]
        check(not leaked, "the access token appeared in the container's output")
        step(f"the token appeared in none of {len(_outputs)} outputs")


def scrape_judged(port: int) -> float:
    """The sum of ``welcomebot_followers_judged`` from the bot's metrics endpoint."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10) as reply:
        text = reply.read().decode()
    return sum(
        float(line.rsplit(" ", 1)[1])
        for line in text.splitlines()
        if line.startswith("welcomebot_followers_judged{")
    )


def run_until_sigterm(container: Container, metrics_port: int) -> float:
    """The image's default command, ``welcomebot run``, then SIGTERM to the bot process.

    Returns the followers judged as the run's metrics endpoint reported them.
    """
    proc = subprocess.Popen(
        container.command(["welcomebot", "run", "--config", "/config/config.yaml"]),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: list[str] = []
    stdout = proc.stdout
    check(stdout is not None, "no pipe to the run's output")
    assert stdout is not None
    reader = threading.Thread(target=lambda: lines.extend(iter(stdout.readline, "")))
    reader.start()
    try:
        deadline = time.monotonic() + 90
        pids: list[int] = []
        while time.monotonic() < deadline and proc.poll() is None:
            pids = pids or bot_processes(proc.pid)
            if pids and any('"cycle_done"' in line for line in list(lines)):
                break
            time.sleep(0.2)
        check(bool(pids), f"welcomebot run did not start: {''.join(lines)[-2000:]}")
        check(all(Path(f"/proc/{p}").stat().st_uid == BOT_UID for p in pids), "run as root")
        judged = scrape_judged(metrics_port)
        for pid in pids:
            os.kill(pid, signal.SIGTERM)
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:  # a failed check: leave no bot running behind buildah
            for pid in bot_processes(proc.pid):
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)
            proc.kill()
            proc.wait()
        reader.join(timeout=10)
    output = "".join(lines)
    _outputs.append(output)
    events = []
    for line in output.splitlines():
        with contextlib.suppress(ValueError):
            events.append(json.loads(line))
    names = [e.get("event") for e in events if isinstance(e, dict)]
    check(proc.returncode == 0, f"run exited {proc.returncode} after SIGTERM:\n{output[-3000:]}")
    check(
        "started" in names,
        f"no 'started' event in the run's log: with logging.format auto and no terminal the "
        f"log should be JSON lines:\n{output[-2000:]}",
    )
    check("cycle_done" in names, f"no poll cycle completed before SIGTERM: {names}")
    check(
        names[-1] == "stopped" and "stopping" in names,
        f"the run did not log stopping/stopped last: {names[-4:]}",
    )
    return judged


def main() -> int:
    started = time.monotonic()
    try:
        ensure_tools()
        base = base_image()
        build_image(base)
        check_metadata()
        prove_against_sandbox()
    except CheckFailed as exc:
        print(f"container-test: FAILED: {exc}", file=sys.stderr)
        return 1
    except subprocess.TimeoutExpired as exc:
        print(f"container-test: FAILED: timed out: {' '.join(map(str, exc.cmd))}", file=sys.stderr)
        return 1
    step(f"passed in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
