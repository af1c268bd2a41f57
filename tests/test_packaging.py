"""A plain (non-editable) install carries the ontology, queries and templates."""
import subprocess
import sys

from conftest import ROOT


def test_plain_install_finds_package_data(tmp_path):
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
                    "--target", str(target), str(ROOT)], check=True, capture_output=True, cwd=tmp_path)
    code = ("import kg.resources as r, kg.query as q, pathlib;"
            "print(r.ontology_path()); print(sorted(q.saved_queries()));"
            "print((pathlib.Path(r.__file__).parent / 'templates' / 'graph.html').is_file())")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True,
                         cwd=tmp_path, env={"PYTHONPATH": str(target), "PATH": ""}).stdout.splitlines()
    assert out[0] == str(target / "kg" / "ontology" / "kg.ttl")
    assert {"officials", "meetings", "representation", "entity"} <= set(eval(out[1]))
    assert out[2] == "True"
    assert (target / "kg" / "extract" / "data" / "countries.tsv").is_file()
    assert (target / "kg" / "extract" / "data" / "cities.txt").is_file()
    assert (target / "kg" / "models" / "officialOf.json").is_file()


def test_a_fresh_venv_with_the_bundled_pip_reads_web_pages(tmp_path):
    """`python -m venv v && v/bin/pip install .` with the pip that Python ships (no upgrade),
    then a build of an .html file: every module kg's readers import must be declared."""
    import shutil

    source = tmp_path / "src"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        ".git", ".venv", "kg-store", "build", "out", "*.egg-info", "__pycache__", ".pytest_cache", ".hypothesis"))
    base = getattr(sys, "_base_executable", sys.executable)
    subprocess.run([base, "-m", "venv", str(tmp_path / "v")], check=True, capture_output=True)
    pip = subprocess.run([str(tmp_path / "v" / "bin" / "pip"), "--version"], check=True, capture_output=True, text=True)
    # --no-compile: no bytecode for the dependencies' every module (the build compiles what it imports)
    subprocess.run([str(tmp_path / "v" / "bin" / "pip"), "install", "--quiet", "--disable-pip-version-check",
                    "--no-compile", str(source)], check=True, capture_output=True, cwd=tmp_path)
    (tmp_path / "page.html").write_text(
        "<html><head><title>Talks in Lisbon</title></head><body><article><h1>Talks in Lisbon</h1>"
        "<p>Norvex Group Chairman Karel Dvorak met Ana Lind, the Mayor of Lisbon, on Monday. They discussed "
        "the new harbour and the plans for the coming year in some detail.</p></article></body></html>",
        encoding="utf-8")
    done = subprocess.run([str(tmp_path / "v" / "bin" / "kg"), "build", "page.html", "--store", "s"],
                          capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0 and "Traceback" not in done.stderr, (pip.stdout, done.stderr[-2000:])
    assert done.stdout.startswith("Built 1 document"), done.stdout
