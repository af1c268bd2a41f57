"""The command line: help with examples, clear one-line errors."""
import pytest

from conftest import run_kg

COMMANDS = ["build", "query", "export", "viz", "eval", "train"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command):
    out = run_kg(command, "--help").stdout
    assert "Example:" in out and f"kg {command}" in out


def test_top_level_help_lists_commands():
    out = run_kg("--help").stdout
    assert all(c in out for c in COMMANDS)


def test_reading_a_store_that_does_not_exist_says_how_to_make_one(tmp_path):
    proc = run_kg("query", "officials", "--store", tmp_path / "nowhere", check=False)
    assert proc.returncode == 2
    assert proc.stderr.strip() == (f"kg: error: {tmp_path / 'nowhere'}: no store here yet; "
                                   f"build one first with 'kg build PATH --store {tmp_path / 'nowhere'}'")


def test_unknown_model_is_a_one_line_error(tmp_path):
    (tmp_path / "a.txt").write_text("Alpha met Beta.")
    proc = run_kg("build", tmp_path / "a.txt", "--store", tmp_path / "s", "--model", "xx_no_such_model",
                  check=False)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "xx_no_such_model is not installed" in proc.stderr


def test_python_dash_m_kg_works():
    assert "kg" in run_kg("--version").stdout


def test_ctrl_c_that_breaks_a_pipe_to_a_worker_is_still_an_interruption(monkeypatch, capsys, tmp_path):
    """A BrokenPipeError raised while Ctrl-C is being handled means 'interrupted' (exit 130),
    not the quiet exit kept for a reader that went away (kg query ... | head)."""
    from kg import cli

    def interrupted(args):
        try:
            raise KeyboardInterrupt
        except KeyboardInterrupt:
            raise BrokenPipeError(32, "Broken pipe")

    def reader_gone(args):
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(cli, "_list", interrupted)
    assert cli.main(["list", "--store", str(tmp_path)]) == 130
    assert capsys.readouterr().err == "kg: interrupted; documents already written are kept\n"
    monkeypatch.setattr(cli, "_list", reader_gone)
    assert cli.main(["list", "--store", str(tmp_path)]) == 0
    assert capsys.readouterr().err == ""


def test_a_build_logged_to_a_file_reports_progress_in_plain_lines():
    """Output going to a file (nohup kg build ... > build.log) gets a plain line now and
    then instead of a progress bar, which would be one endless line of redraws."""
    import io

    from kg.cli import LogProgress

    now = [0.0]
    out = io.StringIO()
    progress = LogProgress(out, every=60, clock=lambda: now[0])
    for _ in range(10):  # 640 documents in 30 s: too soon for a line
        now[0] += 3
        progress.update(64)
    assert out.getvalue() == ""
    for _ in range(10):
        now[0] += 3
        progress.update(64)
    progress.write("kg: skipped bad.txt: not UTF-8")
    assert out.getvalue() == ("kg: 1,280 documents built so far (21 a second)\n"
                              "kg: skipped bad.txt: not UTF-8\n")


def test_kg_build_into_a_file_writes_no_progress_bar(tmp_path):
    (tmp_path / "a.txt").write_text("Anna Berg, the President of the Chess Federation, met Omar Silva in Oslo.")
    proc = run_kg("build", tmp_path / "a.txt", "--store", tmp_path / "s")
    assert proc.stderr == "" and "\r" not in proc.stdout
    assert proc.stdout.startswith("Built 1 document into")


def test_commands_that_read_a_store_start_without_the_language_model(seed_store):
    """`kg query`, `kg export` and `kg --help` never need spaCy (nor the HTML view's
    libraries), so they must not pay seconds to import it; one-line errors still work."""
    import subprocess
    import sys

    code = ("import sys\nfrom kg.cli import main\ntry:\n    status = main(sys.argv[1:])\n"
            "except SystemExit as stop:\n    status = stop.code\n"
            "print(status, sorted(m for m in ('spacy', 'pyvis', 'networkx', 'datasketch') if m in sys.modules))")
    for args in (["--help"], ["query", "officials", "--store", str(seed_store)],
                 ["export", "--store", str(seed_store), "--format", "nquads"],
                 ["query", "no-such-query", "--store", str(seed_store)]):
        out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True)
        assert out.stdout.splitlines()[-1].endswith(" []"), (args, out.stdout[-300:], out.stderr[-300:])
    assert out.stdout.splitlines()[-1] == "2 []" and "no-such-query" in out.stderr and "Traceback" not in out.stderr
