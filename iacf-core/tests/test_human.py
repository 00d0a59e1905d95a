"""Human output: colour and a spinner on a terminal only; plain, throttled progress lines elsewhere."""

from __future__ import annotations

import io
import re
import subprocess
import sys

import pytest

from iacf_core.app import human


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture(autouse=True)
def _terminal_env(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")


def test_colour_only_on_a_terminal_without_no_color(monkeypatch):
    assert human.use_color(Tty()) and not human.use_color(io.StringIO())
    monkeypatch.setenv("NO_COLOR", "1")
    assert not human.use_color(Tty())
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("TERM", "dumb")
    assert not human.use_color(Tty())


def test_printer_styles_on_a_terminal_and_prints_plain_text_elsewhere():
    tty, plain = Tty(), io.StringIO()
    for stream in (tty, plain):
        human.Printer(stream).line("  ", human.status("failed", 8), " gate [mcp] ", ("x", human.NAME))
    assert plain.getvalue() == "  FAILED   gate [mcp] x\n"
    assert "\x1b[" in tty.getvalue() and "gate [mcp] " in tty.getvalue()  # brackets are text, not markup


def test_plain_progress_prints_each_step_and_throttles_its_updates(monkeypatch):
    clock = iter([0.0, 1.0, 2.0, 3.0, 15.0, 16.0, 17.0])
    monkeypatch.setattr(human.time, "monotonic", lambda: next(clock))
    stream = io.StringIO()
    progress = human.Activity(stream=stream)
    for message in ("[main] terraform apply (3 resources)", "[main] terraform apply: 1/3 resources",
                    "[main] terraform apply: 2/3 resources", "[main] terraform apply: 3/3 resources",
                    "[main] terraform destroy: 1/3 resources", "[main] terraform destroy: 2/3 resources",
                    "checkov"):
        progress(message)
    assert stream.getvalue().splitlines() == [
        "… [main] terraform apply (3 resources)", "… [main] terraform apply: 1/3 resources",
        "… [main] terraform apply: 3/3 resources", "… [main] terraform destroy: 1/3 resources", "… checkov"]


def test_quiet_progress_prints_nothing():
    stream = Tty()
    with human.Activity(quiet=True, stream=stream) as progress:
        progress("terraform plan")
    assert stream.getvalue() == ""


def test_terminal_progress_keeps_finished_steps_as_lines():
    stream = Tty()
    with human.Activity(stream=stream) as progress:
        progress("terraform init: Initializing modules...")
        progress("terraform init: Initializing provider plugins...")
        progress("terraform apply: 1/2 resources")
        progress("terraform apply: 2/2 resources")
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", stream.getvalue())
    assert "✓ terraform init: Initializing provider plugins..." in text
    assert "✓ terraform apply: 2/2 resources" in text
    assert "✓ terraform init: Initializing modules..." not in text  # an update of the same step


def test_failed_command_does_not_mark_its_last_step_done():
    stream = Tty()
    with pytest.raises(RuntimeError), human.Activity(stream=stream) as progress:
        progress("terraform apply: 1/2 resources")
        raise RuntimeError
    assert "✓" not in stream.getvalue()


def test_rich_is_not_imported_for_plain_output():
    code = ("import contextlib, io, sys\n"
            "from iacf_core.app.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()): main(['version']); main(['generate', '--help'])\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'rich'))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_verify_without_an_emulator_says_nothing_was_deployed():
    from iacf_core import VerifyReport, VerifyRoot, VerifyStage

    def report(emulator: str) -> VerifyReport:
        return VerifyReport(cloud="gcp", emulator=emulator, endpoint="(none)", roots=[VerifyRoot(
            root="modules/kms", ok=True, message="2 run(s) passed, 0 failed",
            stages=[VerifyStage(name="test", status="passed", seconds=3.0)])])

    out = io.StringIO()
    human.print_verify(human.Printer(out), report("none: no emulator of gcp exists; mocked terraform test"))
    text = out.getvalue()
    assert text.startswith("Not deployed (cloud gcp): no emulator of gcp exists; mocked terraform test\n")
    assert "applied" not in text and "Verified on" not in text
    assert "Root module modules/kms: OK" in text and "2 run(s) passed" in text
    out = io.StringIO()
    human.print_verify(human.Printer(out), report("moto 5.2.5"))
    assert out.getvalue().startswith("Verified on moto 5.2.5 at (none) (cloud gcp)")
    assert "applied 0, planned only 0" in out.getvalue()
