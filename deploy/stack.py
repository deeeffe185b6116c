"""The production-like stack on one machine, for `make stack` and the stack tests.

Varnish (deploy/varnish.vcl) in front of two gunicorn app nodes with production settings,
the scheduler and an RQ worker, on PostgreSQL (or a SQLite file), Redis and moto's S3
server, everything bound to 127.0.0.1. `python deploy/stack.py` starts it with the demo
content and stops everything it started on Ctrl-C; `python deploy/stack.py vcl HOST:PORT…`
prints the VCL for the given app nodes (what a real host's Varnish loads).
"""

import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
VCL_TEMPLATE = ROOT / "deploy" / "varnish.vcl"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def vcl_for(nodes: list[tuple[str, int]]) -> str:
    """deploy/varnish.vcl with one backend per app node."""
    backends = "\n".join(
        f'backend node{number} {{ .host = "{host}"; .port = "{port}"; .probe = health; }}'
        for number, (host, port) in enumerate(nodes)
    )
    additions = "\n".join(f"    nodes.add_backend(node{number});" for number in range(len(nodes)))
    text = VCL_TEMPLATE.read_text()
    text = text.replace("# @BACKENDS@", backends + "\n#")
    return text.replace("    # @ADD_BACKENDS@", additions + "\n    #")


def wait_until_answers(
    url: str, timeout: float = 120, accept=(200, 301, 302, 404), alive=lambda: True
) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if not alive():
            raise RuntimeError(f"the process behind {url} stopped")
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                if answer.status in accept:
                    return
        except urllib.error.HTTPError as error:
            if error.code in accept:
                return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"{url} did not answer within {timeout} s")
        time.sleep(0.2)


@dataclass
class Stack:
    workdir: Path
    env: dict
    varnish_port: int
    node_ports: dict[str, int]
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.varnish_port}"

    def node_url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.node_ports[name]}"

    def manage(self, *args: str, settings: str | None = None) -> subprocess.CompletedProcess:
        """A management command in the stack's environment (a process of its own, as cron's)."""
        env = dict(self.env)
        if settings:
            env["DJANGO_SETTINGS_MODULE"] = settings
        return subprocess.run(
            [PYTHON, "manage.py", *args],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )

    def _spawn(self, name: str, command: list[str], env: dict | None = None) -> None:
        log = open(self.workdir / f"{name}.log", "ab")  # noqa: SIM115 (the process owns it)
        self.processes[name] = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env or self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def start_node(self, name: str) -> None:
        env = dict(self.env, GUNICORN_BIND=f"127.0.0.1:{self.node_ports[name]}")
        env.setdefault("GUNICORN_WORKERS", "2")
        self._spawn(name, [GUNICORN, "-c", "deploy/gunicorn.conf.py", "config.wsgi"], env)
        self.wait_for(name, f"{self.node_url(name)}/robots.txt")

    def wait_for(self, name: str, url: str) -> None:
        """Until the process answers; its log in the error if it died instead."""
        try:
            wait_until_answers(url, alive=lambda: self.processes[name].poll() is None)
        except RuntimeError as error:
            log = (self.workdir / f"{name}.log").read_text(errors="replace")[-2000:]
            raise RuntimeError(f"{error}\n--- {name}.log ---\n{log}") from None

    def start_varnish(self) -> None:
        # Varnish reads its files as its own unprivileged user: outside workdir, world-readable.
        vcl = Path(f"/tmp/cpme-varnish-{self.varnish_port}.vcl")  # noqa: S108
        vcl.write_text(vcl_for([("127.0.0.1", port) for port in self.node_ports.values()]))
        vcl.chmod(0o644)
        self._spawn(
            "varnish",
            [
                "varnishd",
                "-F",
                "-a",
                f"127.0.0.1:{self.varnish_port}",
                "-T",
                "none",
                "-f",
                str(vcl),
                "-n",
                f"/tmp/cpme-varnish-{self.varnish_port}",  # noqa: S108 (Varnish creates it)
                "-s",
                "malloc,64m",
                "-p",
                "ban_lurker_sleep=0.01",
            ],
        )
        self.wait_for("varnish", f"{self.url}/robots.txt")

    def stop(self, name: str) -> None:
        process = self.processes.pop(name, None)
        if process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()

    def stop_all(self) -> None:
        for name in list(self.processes):
            self.stop(name)


def stack_environment(database_url: str, workdir: Path, redis_db: int, s3_url: str = "") -> dict:
    varnish_port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(48),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        # No TLS on 127.0.0.1: the redirect and secure cookies are for the real hosts.
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": database_url,
        "REDIS_URL": f"redis://127.0.0.1:6379/{redis_db}",
        "RQ_REDIS_URL": f"redis://127.0.0.1:6379/{redis_db + 1}",
        "EMAIL_HOST": "127.0.0.1",
        "SHARED_CACHE_PURGE_URLS": f"http://127.0.0.1:{varnish_port}/",
        "DJANGO_TRUSTED_PROXY_COUNT": "1",
        "STACK_VARNISH_PORT": str(varnish_port),
    }
    if s3_url:
        env.update(
            AWS_STORAGE_BUCKET_NAME="cpme-stack",
            AWS_S3_ENDPOINT_URL=s3_url,
            AWS_ACCESS_KEY_ID="stack",
            AWS_SECRET_ACCESS_KEY="stack",
            AWS_S3_REGION_NAME="us-east-1",
        )
    return env


def start(database_url: str, workdir: Path, *, redis_db: int = 12, s3: bool = False) -> Stack:
    """Migrate, then start the app nodes, Varnish, the scheduler and a worker."""
    stack = Stack(
        workdir=workdir,
        env={},
        varnish_port=0,
        node_ports={"node_a": free_port(), "node_b": free_port()},
    )
    s3_url = ""
    try:
        if s3:
            s3_port = free_port()
            s3_url = f"http://127.0.0.1:{s3_port}"
            stack._spawn(
                "s3",
                [
                    str(ROOT / ".venv" / "bin" / "moto_server"),
                    "-H",
                    "127.0.0.1",
                    "-p",
                    str(s3_port),
                ],
                dict(os.environ),
            )
            wait_until_answers(s3_url)
            import boto3

            boto3.client(
                "s3",
                endpoint_url=s3_url,
                aws_access_key_id="stack",
                aws_secret_access_key="stack",
                region_name="us-east-1",
            ).create_bucket(Bucket="cpme-stack")
        stack.env = stack_environment(database_url, workdir, redis_db, s3_url)
        stack.varnish_port = int(stack.env["STACK_VARNISH_PORT"])
        subprocess.run(
            ["redis-cli", "-n", str(redis_db), "flushdb"], check=False, capture_output=True
        )
        stack.manage("migrate", "--no-input")
        stack.manage("collectstatic", "--no-input", "-v", "0")
        for name in stack.node_ports:
            stack.start_node(name)
        stack.start_varnish()
        stack._spawn("scheduler", [PYTHON, "manage.py", "run_scheduler", "--interval", "60"])
        stack._spawn(
            "worker",
            [PYTHON, "manage.py", "rqworker", "default", "mail", "imports",
             "--job-class",
             "django_tasks_rq.Job", "--with-scheduler"],
        )  # fmt: skip
    except BaseException:
        stack.stop_all()  # nothing left running when a step fails
        raise
    return stack


def main() -> None:
    if sys.argv[1:2] == ["vcl"]:
        nodes = [(host, int(port)) for host, port in (arg.split(":") for arg in sys.argv[2:])]
        print(vcl_for(nodes))
        return
    database_url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cpme_stack")
    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-c", "CREATE DATABASE cpme_stack"],
        check=False,
        capture_output=True,
    )
    workdir = Path(tempfile.mkdtemp(prefix="cpme-stack-"))
    stack = start(database_url, workdir, s3=True)
    try:
        stack.manage("seed_demo", settings="config.settings.dev")
        nodes = ", ".join(map(stack.node_url, stack.node_ports))
        print(f"Site (Varnish) : {stack.url}/   nœuds : {nodes}")
        print(f"Journaux : {workdir}   Ctrl-C arrête tout.")
        while all(process.poll() is None for process in stack.processes.values()):
            time.sleep(1)
        print("Un processus s'est arrêté : voir les journaux.", file=sys.stderr)
    except KeyboardInterrupt:
        pass
    finally:
        stack.stop_all()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
