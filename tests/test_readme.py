"""Every command the README shows is run, and its output compared with what it prints."""
import os
import re
import shlex
import shutil
import subprocess
import sys

from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _console_blocks():
    return re.findall(r"```console\n(.*?)```", README, re.DOTALL)


def _run(command, store, cwd=ROOT):
    env = dict(os.environ, KG_STORE=str(store))
    args = shlex.split(command)[1:]
    proc = subprocess.run([sys.executable, "-m", "kg", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, check=True)
    return proc.stdout


def test_kg_commands_print_what_the_readme_shows(seed_store):
    checked = 0
    for block in _console_blocks():
        parts = re.split(r"^\$ (kg [^\n]*)\n", block, flags=re.MULTILINE)
        for command, expected in zip(parts[1::2], parts[2::2]):
            if not expected.strip():
                continue
            assert _run(command, seed_store).strip() == expected.strip(), command
            checked += 1
    assert checked >= 2


def test_make_run_query_answers_match_the_readme(seed_store, tmp_path):
    block = next(b for b in _console_blocks() if "== kg query" in b)
    sections = re.split(r"^== (kg query \w+)\n", block, flags=re.MULTILINE)
    assert len(sections) == 7
    for command, expected in zip(sections[1::2], sections[2::2]):
        assert _run(command, seed_store).strip() == expected.strip(), command
    summary = re.search(r"^Built .*$", block, re.MULTILINE).group(0)
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    assert _run("kg build seeds/ --store kg-store", "unused", cwd=tmp_path).strip() == summary


def test_python_examples_run(tmp_path):
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    for code in re.findall(r"```python\n(.*?)```", README, re.DOTALL):
        subprocess.run([sys.executable, "-c", code], cwd=tmp_path, check=True, capture_output=True)
    assert (tmp_path / "out" / "graph.trig").stat().st_size > 0
    assert (tmp_path / "out" / "graph.html").stat().st_size > 0
