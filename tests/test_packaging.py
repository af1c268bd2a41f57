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
