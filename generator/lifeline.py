"""Worker processes never outlive the command that started them, however it ends.

The build's workers are forked by a fork server (parallel.py). Python's fork server leaves when the
command's end of a pipe closes, which happens however the command dies, but only once it has loaded
the engines (seconds, on a busy machine); its workers wait on a task queue whose other end they
hold themselves, so a command killed with SIGKILL would leave them waiting for ever. So

- the fork server asks Linux to kill it when the command dies (`guard_fork_server`, run as it
  starts, before it loads the engines: parallel.py preloads lifeline_fork_server first), and
- each worker

  - asks Linux to kill it when its parent, the fork server, dies (prctl PR_SET_PDEATHSIG), and
  - keeps a watchdog thread that ends it within a second of the fork server or the command going
    (the same everywhere, and the only guard where prctl does not exist).

Ctrl+C reaches the whole process group. The fork server is started with SIGINT ignored (Python
keeps a signal ignored at its start ignored, and the fork server gives its workers the handlers it
started with), so every worker ignores it from its first instruction; only the command decides what
stops, and says so in one line.

`in_worker` runs first in every worker (the pool's initializer); the command never calls it.
"""
from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
WATCH_EVERY = 0.5  # seconds
COMMAND_PID = "SCHOOLPOLICY_COMMAND_PID"  # set by the command for the fork server it starts

def ignore_interrupts() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def die_with_parent() -> None:
    """Linux: SIGKILL this process when the thread that made it ends. Elsewhere: nothing (the watchdog)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        # The running program's own symbols hold libc's: no search (ctypes.util.find_library may run a
        # C compiler to look, which a killed build could leave half-done in TMPDIR).
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # no libc to call: the watchdog still guards
        pass


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # the pid was taken by another user's process: ours is gone
        return False
    return True


def orphaned(parent: int, command: int) -> bool:
    return os.getppid() != parent or not alive(command)


def watch(parent: int, command: int) -> None:
    while not orphaned(parent, command):
        time.sleep(WATCH_EVERY)
    os._exit(1)  # no clean-up to do: the command that wanted the result is gone


def in_worker(command: int) -> None:
    """First thing in a worker: leave when its parent (the fork server) or the `command` goes."""
    ignore_interrupts()
    parent = os.getppid()
    die_with_parent()
    if orphaned(parent, command):  # it went before prctl was set: nothing would signal us now
        os._exit(1)
    threading.Thread(target=watch, args=(parent, command), name="schoolpolicy-lifeline", daemon=True).start()


def guard_fork_server() -> None:
    """In the fork server, as it starts: die with the command that started it. The command starts it
    from its main thread (Linux's 'parent' is the thread), and says so by setting COMMAND_PID.
    No thread here: the fork server forks, and forking a process that runs threads is unsafe."""
    command = os.environ.pop(COMMAND_PID, "")
    if not command.isdigit():
        return
    die_with_parent()
    if os.getppid() != int(command):  # it went before prctl was set
        os._exit(1)
