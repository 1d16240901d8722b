"""One submodule per area of include/submeter, as boost-histogram has one per area: each thin
module re-exports its submodule of submeter._core exactly, and its docstring examples run."""
import doctest
import importlib

import pytest

import submeter
from conftest import SOURCE_DIR

AREAS = ["allocation", "bill", "calendar", "ledger", "metering", "meters", "rerate", "site",
         "tariff", "vee"]
# Written in Python over the bound functions (package data paths).
PYTHON_ONLY = {"calendar": {"china_calendar"}, "tariff": {"shipped_tou_schedule"}}


def test_every_area_of_the_library_has_a_submodule():
    areas = {p.name for p in (SOURCE_DIR / "include" / "submeter").iterdir() if p.is_dir()}
    areas -= {"core"}  # decimals, time and errors cross as Decimal, str and submeter.Error
    areas |= {"meters", "site"}  # meters/include/submeter/meters; the whole-site run
    assert sorted(areas) == AREAS
    assert [a for a in AREAS if a in submeter.__all__] == AREAS


@pytest.mark.parametrize("area", AREAS)
def test_thin_module_re_exports_its_core_submodule(area):
    module = importlib.import_module(f"submeter.{area}")
    assert module is getattr(submeter, area)
    core = getattr(submeter._core, area)
    bound = {n for n in dir(core) if not n.startswith("_")}
    assert sorted(module.__all__) == sorted(bound | PYTHON_ONLY.get(area, set()))
    for name in bound:
        assert getattr(module, name) is getattr(core, name)


def test_from_imports_work():
    from submeter.allocation import share_lines  # noqa: PLC0415
    from submeter.tariff import flat_tariff  # noqa: PLC0415
    assert share_lines is submeter._core.allocation.share_lines
    assert flat_tariff is submeter._core.tariff.flat_tariff


@pytest.mark.parametrize("name", ["submeter"] + [f"submeter.{a}" for a in AREAS])
def test_docstring_examples(name, monkeypatch):
    monkeypatch.chdir(SOURCE_DIR)  # the examples read examples/site
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
