"""Ctrl+C is never lost in the sanitiser: nh3 calls our attribute filter for every attribute and
cannot pass on what it raises, so a Ctrl+C landing there once kept `serve` running."""
from __future__ import annotations

import signal
import subprocess
import sys
import threading

import pytest

from generator.markup import sanitise
from generator.markup.sanitise import clean_html

SANITISING = """
import sys
from generator.markup.sanitise import clean_html
page = '<p class="a" id="b" title="c"><a href="https://example.org/" class="d">x</a></p>' * 2000
print("ready", flush=True)
while True:
    clean_html(page)
"""


@pytest.mark.skipif(not hasattr(signal, "SIGINT") or sys.platform == "win32", reason="POSIX signals")
def test_ctrl_c_while_sanitising_stops_the_process():
    process = subprocess.Popen([sys.executable, "-c", SANITISING], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    try:
        assert process.stdout is not None and process.stdout.readline() == "ready\n"
        for _ in range(3):  # each lands, almost surely, in the filter: most of the time is spent there
            process.send_signal(signal.SIGINT)
            try:
                _, err = process.communicate(timeout=5)
                break
            except subprocess.TimeoutExpired:
                continue
        else:
            pytest.fail("three Ctrl+C were lost while sanitising")
        assert process.returncode != 0 and "KeyboardInterrupt" in err
        assert "Exception ignored" not in err
    finally:
        process.kill()
        process.wait()


def test_a_mistake_in_the_filter_is_raised_not_printed_and_passed_over(monkeypatch):
    def broken(tag: str, attribute: str, value: str) -> str | None:
        raise ValueError(f"cannot judge {attribute}")

    monkeypatch.setattr("generator.markup.sanitise._keep_attribute", broken)
    with pytest.raises(ValueError, match="cannot judge class"):
        clean_html('<p class="a">x</p>')


def test_what_is_kept_is_unchanged():
    assert clean_html('<div role="region" tabindex="0" onclick="x()"><a href="javascript:x()">a</a>'
                      '<img src="https://tracker.example/p.gif" alt="p"></div>') == \
        '<div role="region" tabindex="0"><a>a</a><img alt="p"></div>'


def test_what_one_thread_s_filter_raised_is_raised_in_that_thread_only(monkeypatch):
    """Two threads sanitising at once: a mistake in one thread's filter is not raised in the other."""
    real = sanitise._keep_attribute

    def broken_in_one_thread(tag: str, attribute: str, value: str) -> str | None:
        if threading.current_thread().name == "broken":
            raise ValueError("cannot judge")
        return real(tag, attribute, value)

    monkeypatch.setattr(sanitise, "_keep_attribute", broken_in_one_thread)
    page = '<p class="a" id="b" title="c">x</p>' * 200
    wrong: list[str] = []

    def sanitise_often(expect_error: bool) -> None:
        for _ in range(200):
            try:
                clean_html(page)
                raised = False
            except ValueError:
                raised = True
            if raised != expect_error:
                wrong.append(f"{threading.current_thread().name}: {'raised' if raised else 'did not raise'}")

    threads = [threading.Thread(target=sanitise_often, args=(name == "broken",), name=name) for name in ("broken", "fine")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert wrong == [], wrong[:5]
