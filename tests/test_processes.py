"""A build's worker processes and fork server never outlive it, however it ends; Ctrl+C and SIGTERM
stop it with one line, never a traceback from any process."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
from conftest import ROOT, copy_project

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="walks /proc (Linux)")]

MARK = "SCHOOLPOLICY_TEST_PROCESS_MARK"


def marked(mark: str) -> list[str]:
    """Every process still running with our mark in its environment (it is inherited by children,
    grandchildren and the fork server's workers), with its command line."""
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            environ = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
            command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            state = next((line for line in Path(f"/proc/{pid}/status").read_text().splitlines()
                          if line.startswith("State:")), "")
        except OSError:  # gone, or not ours to read
            continue
        if f"{MARK}={mark}".encode() in environ and "zombie" not in state:
            found.append(f"{pid} {command[:150]}")
    return found


def left_behind(mark: str, wait: float = 10.0) -> list[str]:
    deadline = time.monotonic() + wait
    while (found := marked(mark)) and time.monotonic() < deadline:
        time.sleep(0.2)
    return found


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return copy_project(tmp_path_factory.mktemp("processes") / "project", ["demo", "demo-wales"])


def start_build(project: Path, mark: str) -> subprocess.Popen:
    """A build with work for its workers (no cache), in a process group of its own, as a terminal runs it."""
    return subprocess.Popen([sys.executable, "-m", "generator", "build", "--jobs", "2", "--no-cache",
                             "--out", str(project / f"out-{mark}")], cwd=project,
                            env=os.environ | {MARK: mark}, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)


def wait_for_workers(mark: str, build: subprocess.Popen, timeout: float = 120) -> None:
    """Until the fork server has forked a worker (the fork server and two more processes carry the mark)."""
    deadline = time.monotonic() + timeout
    while len(marked(mark)) < 4 and build.poll() is None and time.monotonic() < deadline:
        time.sleep(0.2)


@pytest.mark.parametrize("seconds", [1, 3, 6])
def test_a_build_killed_leaves_no_process_behind(project, seconds):
    mark = uuid.uuid4().hex
    build = start_build(project, mark)
    try:
        time.sleep(seconds)
        build.kill()  # SIGKILL: nothing of the build runs after this
        build.communicate(timeout=30)
        assert left_behind(mark) == []
    finally:
        for line in marked(mark):  # never leave them to the next test
            os.kill(int(line.split()[0]), signal.SIGKILL)


def test_a_build_killed_while_its_workers_render_leaves_no_process_behind(project):
    mark = uuid.uuid4().hex
    build = start_build(project, mark)
    try:
        wait_for_workers(mark, build)
        assert build.poll() is None, "the build ended before its workers started"
        build.kill()
        build.communicate(timeout=30)
        assert left_behind(mark) == []
    finally:
        for line in marked(mark):
            os.kill(int(line.split()[0]), signal.SIGKILL)


@pytest.mark.parametrize("how, code, said", [
    ("ctrl-c", 130, "schoolpolicy build: interrupted; nothing half-built was left in the output folder."),
    ("sigterm", 143, "schoolpolicy build: stopped (SIGTERM); nothing half-built was left in the output folder."),
])
def test_ctrl_c_and_sigterm_say_one_line(project, how, code, said):
    mark = uuid.uuid4().hex
    build = start_build(project, mark)
    try:
        wait_for_workers(mark, build)
        assert build.poll() is None, "the build ended before its workers started"
        if how == "ctrl-c":
            os.killpg(build.pid, signal.SIGINT)  # as the terminal does: the whole process group
        else:
            build.terminate()  # as `kill` or a CI runner does: the command alone
        _, err = build.communicate(timeout=60)
        assert build.returncode == code
        assert err.strip().splitlines() == [said]
        assert left_behind(mark) == []
        assert not (project / f"out-{mark}").exists()
    finally:
        for line in marked(mark):
            os.kill(int(line.split()[0]), signal.SIGKILL)


def serving(project: Path, mark: str) -> subprocess.Popen:
    """`serve demo`, marked, once it serves with its PDFs rendering in the background."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    serve = subprocess.Popen([sys.executable, "-m", "generator", "serve", "demo", "--port", str(port)], cwd=project,
                             env=os.environ | {MARK: mark}, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, start_new_session=True)
    try:
        lines = []
        while not any(line.startswith("Serving") for line in lines) and serve.poll() is None:
            lines.append(serve.stdout.readline())
        assert any("rendering in the background" in line for line in lines), lines
    except BaseException:
        for line in marked(mark):
            os.kill(int(line.split()[0]), signal.SIGKILL)
        raise
    return serve


def test_ctrl_c_stops_serve_while_pdfs_render_in_the_background(project):
    """serve renders PDFs behind the preview; Ctrl+C then cuts them short without a word from them."""
    mark = uuid.uuid4().hex
    serve = serving(project, mark)
    try:
        os.killpg(serve.pid, signal.SIGINT)
        _, err = serve.communicate(timeout=60)
        assert err.strip().splitlines() == ["schoolpolicy serve: stopped."]
        assert left_behind(mark) == []
    finally:
        for line in marked(mark):
            os.kill(int(line.split()[0]), signal.SIGKILL)


def paused(mark: str) -> list[str]:
    """Our marked processes that are stopped (serve pauses its PDF workers while it rebuilds the page)."""
    found = []
    for line in marked(mark):
        try:
            if "(stopped)" in Path(f"/proc/{line.split()[0]}/status").read_text():
                found.append(line)
        except OSError:
            continue
    return found


def test_a_save_pauses_the_background_pdfs_and_ctrl_c_during_the_rebuild_stops_everything(project):
    """While serve rebuilds the page after a save, its PDF workers wait (stopped), and go on after;
    Ctrl+C in the middle of a rebuild still says one line and leaves no process, stopped or not."""
    mark = uuid.uuid4().hex
    school = project / "data" / "schools" / "demo.yml"
    original = school.read_text(encoding="utf-8")
    serve = serving(project, mark)
    try:
        seen_paused: list[str] = []
        watching = threading.Event()

        def watch() -> None:
            while not watching.is_set():
                seen_paused.extend(paused(mark))
                time.sleep(0.01)

        for n in range(2):  # a save; then, after the renders went on, another, stopped part way
            school.write_text(original.replace("  name: ", f"  name: Renamed {n} ", 1), encoding="utf-8")
            while not (line := serve.stdout.readline()).endswith("building demo...\n"):
                assert line, "serve stopped"
            if n == 0:
                watcher = threading.Thread(target=watch)
                watcher.start()
                while "site rebuilt" not in (line := serve.stdout.readline()):
                    assert line and "failed" not in line, line
                watching.set()
                watcher.join()
                assert seen_paused, "the PDF workers went on while the page was rebuilt"
                time.sleep(0.5)
                assert paused(mark) == [], "the PDF workers did not go on after the rebuild"
        os.killpg(serve.pid, signal.SIGINT)
        _, err = serve.communicate(timeout=60)
        assert err.strip().splitlines() == ["schoolpolicy serve: stopped."]
        assert left_behind(mark) == []
    finally:
        school.write_text(original, encoding="utf-8")
        for line in marked(mark):
            os.kill(int(line.split()[0]), signal.SIGKILL)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="prctl is Linux's; elsewhere the watchdog guards")
def test_a_worker_asks_linux_to_kill_it_with_its_parent():
    probe = ("import ctypes; from generator.lifeline import die_with_parent; die_with_parent(); "
             "v = ctypes.c_int(); ctypes.CDLL(None).prctl(2, ctypes.byref(v), 0, 0, 0); print(v.value)")  # PR_GET_PDEATHSIG
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == str(int(signal.SIGKILL))


HALF_A_RESULT = '''
import gc, os, pathlib, struct, time
from multiprocessing.queues import SimpleQueue


def send_half(flag):
    """As a worker killed while sending its result leaves it: the head of a message, not the rest."""
    results = next(found for found in gc.get_objects() if isinstance(found, SimpleQueue))
    os.write(results._writer.fileno(), struct.pack("!i", 1_000_000) + b"x" * 100)
    pathlib.Path(flag).touch()
    time.sleep(120)
'''

CANCEL_AFTER_HALF_A_RESULT = '''
import pathlib, sys, time
from generator.parallel import Workers
from halfway import send_half

if __name__ == "__main__":
    flag = pathlib.Path(sys.argv[1])
    workers = Workers(2)
    workers.submit(send_half, str(flag))
    while not flag.exists():
        time.sleep(0.01)
    time.sleep(0.3)  # the pool's manager thread is now reading the rest of the message
    workers.close(cancel=True)
    print("closed", flush=True)
'''


def test_a_command_ends_when_a_worker_was_stopped_half_way_through_sending_its_result(tmp_path):
    """Ctrl+C can stop a worker while it sends a finished PDF back; the command must still end, not wait
    for ever for the rest of the message (as `serve` once did, after saying it had stopped)."""
    (tmp_path / "halfway.py").write_text(HALF_A_RESULT, encoding="utf-8")
    mark = uuid.uuid4().hex
    env = os.environ | {MARK: mark, "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT)])}
    command = subprocess.Popen([sys.executable, "-c", CANCEL_AFTER_HALF_A_RESULT, str(tmp_path / "sent")], cwd=ROOT,
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    try:
        out, err = command.communicate(timeout=60)
        assert command.returncode == 0 and out == "closed\n", err
        assert left_behind(mark) == []
    finally:
        for line in marked(mark):
            os.kill(int(line.split()[0]), signal.SIGKILL)
