"""The layering checker itself: a tree that keeps the table passes; an upward include, a sibling
include, a forbidden library and an unknown area are each reported with file and line. Run by
ctest (layering.checker)."""
import pathlib
import subprocess
import sys

HERE = pathlib.Path(__file__).resolve().parent
CHECK = [sys.executable, str(HERE / "check_layering.py")]


def tree(tmp_path, files):
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return subprocess.run(CHECK + [str(tmp_path)], capture_output=True, text=True)


GOOD = {
    "include/submeter/core/decimal.hpp": "#pragma once\n#include <cstdint>\n",
    "include/submeter/bill/line.hpp": '#pragma once\n#include "submeter/core/decimal.hpp"\n',
    "include/submeter/tariff/rate.hpp": '#pragma once\n#include "submeter/bill/line.hpp"\n',
    "include/submeter/tariff.hpp": '#pragma once\n#include "submeter/tariff/rate.hpp"\n',
    "include/submeter/submeter.hpp": '#pragma once\n#include "submeter/tariff.hpp"\n',
    "meters/include/submeter/meters/bcd.hpp": '#include <submeter/core/decimal.hpp>\n',
}


def test_a_tree_that_keeps_the_table_passes(tmp_path):
    r = tree(tmp_path, GOOD)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "6 headers, every include edge allowed" in r.stdout


def test_a_planted_upward_include_fails_naming_file_and_line(tmp_path):
    files = dict(GOOD)
    files["include/submeter/bill/line.hpp"] = (
        '#pragma once\n#include "submeter/core/decimal.hpp"\n'
        '#include "submeter/tariff/rate.hpp"  // upward\n')
    r = tree(tmp_path, files)
    assert r.returncode == 1
    line = str(tmp_path / "include/submeter/bill/line.hpp") + ":3: bill -> tariff"
    assert line in r.stdout
    assert "1 edge(s) against the table" in r.stdout


def test_an_upward_include_of_an_umbrella_header_fails(tmp_path):
    files = dict(GOOD)
    files["include/submeter/core/decimal.hpp"] = '#include <submeter/tariff.hpp>\n'
    r = tree(tmp_path, files)
    assert r.returncode == 1
    assert "decimal.hpp:1: core -> tariff (submeter/tariff.hpp)" in r.stdout


def test_a_sibling_include_fails(tmp_path):
    files = dict(GOOD)
    files["include/submeter/ledger/account.hpp"] = '#include "submeter/tariff/rate.hpp"\n'
    r = tree(tmp_path, files)
    assert r.returncode == 1
    assert "account.hpp:1: ledger -> tariff" in r.stdout


def test_meters_may_not_use_the_tariff_engine(tmp_path):
    files = dict(GOOD)
    files["meters/include/submeter/meters/tou.hpp"] = '#include "submeter/tariff/rate.hpp"\n'
    r = tree(tmp_path, files)
    assert r.returncode == 1
    assert "tou.hpp:1: meters -> tariff" in r.stdout


def test_a_sub_area_has_its_own_edges(tmp_path):
    files = dict(GOOD)
    files["meters/include/submeter/meters/settings/plan.hpp"] = (
        '#include "submeter/tariff/rate.hpp"\n#include "submeter/meters/bcd.hpp"\n')
    assert tree(tmp_path, files).returncode == 0
    files["meters/include/submeter/meters/bcd.hpp"] = '#include "submeter/meters/settings/plan.hpp"\n'
    r = tree(tmp_path, files)
    assert r.returncode == 1
    assert "bcd.hpp:1: meters -> meters/settings" in r.stdout


def test_io_libraries_are_forbidden_in_the_core(tmp_path):
    files = dict(GOOD)
    files["include/submeter/tariff/load.hpp"] = "#include <fstream>\n#include <nlohmann/json.hpp>\n"
    r = tree(tmp_path, files)
    assert r.returncode == 1
    assert "load.hpp:1: tariff includes <fstream>" in r.stdout
    assert "load.hpp:2: tariff includes <nlohmann/json.hpp>" in r.stdout


def test_an_area_missing_from_the_table_fails(tmp_path):
    files = dict(GOOD)
    files["include/submeter/billing/x.hpp"] = "#pragma once\n"
    r = tree(tmp_path, files)
    assert r.returncode == 1
    assert "area 'billing' is not in the allowed-edges table" in r.stdout


def test_an_empty_tree_is_an_error_not_a_pass(tmp_path):
    r = tree(tmp_path, {"README": "nothing here\n"})
    assert r.returncode == 2
