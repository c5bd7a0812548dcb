"""POSIX-only calls stay in the modules that choose between platforms.

The program runs on Windows, macOS and Linux. A call that exists only on POSIX
systems (os.posix_spawn, os.fork, fcntl, select on pipes, os.kill as a probe…)
belongs in the render-worker links (pdf/worker_channel*.py) or the file-lock
module (storage/os_lock.py), each of which offers a way that works elsewhere.
The source is read with ast, so a comment or a string never counts.
"""

from __future__ import annotations

import ast
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[1] / "src" / "poemsreader"
PLATFORM_MODULES = {"pdf/worker_channel.py", "storage/os_lock.py"}
PLATFORM_PREFIXES = ("pdf/worker_channel_",)

POSIX_ONLY_MODULES = {"fcntl", "termios", "tty", "pty", "resource", "grp", "pwd", "posix"}
POSIX_ONLY_ATTRIBUTES = {
    "os": {
        "posix_spawn",
        "posix_spawnp",
        "POSIX_SPAWN_OPEN",
        "POSIX_SPAWN_CLOSE",
        "POSIX_SPAWN_DUP2",
        "memfd_create",
        "MFD_CLOEXEC",
        "fork",
        "forkpty",
        "openpty",
        "nice",
        "setsid",
        "setpgid",
        "getpgid",
        "killpg",
        "kill",
        "pipe",
        "pipe2",
        "mkfifo",
        "mknod",
        "WNOHANG",
        "wait3",
        "wait4",
        "getuid",
        "geteuid",
        "getgid",
        "setuid",
        "sched_setaffinity",
        "sched_getaffinity",
        "sysconf",
        "statvfs",
        "getloadavg",
    },
    "select": {"select", "poll", "epoll", "kqueue", "devpoll"},
    "signal": {
        "SIGKILL",
        "SIGHUP",
        "SIGUSR1",
        "SIGUSR2",
        "SIGCHLD",
        "SIGALRM",
        "SIGPIPE",
        "alarm",
        "setitimer",
        "pause",
        "pthread_kill",
        "pthread_sigmask",
    },
}
FORK_CONTEXTS = {"fork", "forkserver"}


def posix_only_uses(source: str) -> list[str]:
    """'line: what' for each POSIX-only call or import in `source`."""
    tree = ast.parse(source)
    aliases: dict[str, str] = {}  # local name -> module, for `import os as x`
    found = [use for node in ast.walk(tree) for use in _imported(node, aliases)]
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            module = aliases.get(node.value.id)
            if module and node.attr in POSIX_ONLY_ATTRIBUTES.get(module, ()):
                found.append(f"{node.lineno}: {module}.{node.attr}")
        elif isinstance(node, ast.Call) and _asks_for_fork(node):
            found.append(f"{node.lineno}: a fork start method")
    return sorted(set(found), key=lambda entry: int(entry.split(":")[0]))


def _imported(node: ast.AST, aliases: dict[str, str]) -> list[str]:
    """The POSIX-only imports of an import statement; records `import` aliases."""
    found = []
    if isinstance(node, ast.Import):
        for name in node.names:
            aliases[name.asname or name.name] = name.name
            if name.name.split(".")[0] in POSIX_ONLY_MODULES:
                found.append(f"{node.lineno}: import {name.name}")
    elif isinstance(node, ast.ImportFrom) and node.module:
        if node.module.split(".")[0] in POSIX_ONLY_MODULES:
            found.append(f"{node.lineno}: from {node.module} import …")
        for name in node.names:
            if name.name in POSIX_ONLY_ATTRIBUTES.get(node.module, ()):
                found.append(f"{node.lineno}: from {node.module} import {name.name}")
    return found


def _asks_for_fork(call: ast.Call) -> bool:
    """multiprocessing.get_context("fork") or set_start_method("forkserver")."""
    name = call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")
    if name not in ("get_context", "set_start_method"):
        return False
    return any(isinstance(a, ast.Constant) and a.value in FORK_CONTEXTS for a in call.args)


def _is_platform_module(relative: str) -> bool:
    return relative in PLATFORM_MODULES or relative.startswith(PLATFORM_PREFIXES)


def test_the_scan_finds_each_kind_of_posix_only_call() -> None:
    source = (
        "import os as system\nimport fcntl\nfrom select import poll\nimport signal\n"
        "import multiprocessing\n"
        "system.posix_spawn('x', [], {})\nsignal.SIGKILL\n"
        "multiprocessing.get_context('fork')\n"
        "# os.fork() in a comment\ntext = 'os.memfd_create'\nsystem.getpid()\n"
    )
    assert posix_only_uses(source) == [
        "2: import fcntl",
        "3: from select import poll",
        "6: os.posix_spawn",
        "7: signal.SIGKILL",
        "8: a fork start method",
    ]


def test_only_the_platform_modules_make_posix_only_calls() -> None:
    offenders = []
    for path in sorted(SOURCE.rglob("*.py")):
        relative = path.relative_to(SOURCE).as_posix()
        if _is_platform_module(relative):
            continue
        for use in posix_only_uses(path.read_text(encoding="utf-8")):
            offenders.append(f"{relative}:{use}")
    assert offenders == [], "POSIX-only calls outside the platform modules:\n" + "\n".join(
        offenders
    )


def test_the_platform_modules_exist_and_are_what_the_scan_exempts() -> None:
    for relative in PLATFORM_MODULES:
        assert (SOURCE / relative).is_file(), relative
    assert posix_only_uses((SOURCE / "pdf" / "worker_channel_posix.py").read_text("utf-8"))
