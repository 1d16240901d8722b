"""The contract's own cases: inputs refused since before the corpus (a malformed site, a missing
directory), so that the harness is known to pass a good refusal and to catch a bad one."""
import pathlib

import pytest

import hostile as h


def test_malformed_site_json_is_located_and_nothing_written(tmp_path):
    site = h.site_copy(tmp_path, "bad-json")
    h.expect_refused(["bill", site, "--period", "2026-07"], tmp_path, "parse",
                     names=["site.json", "line=8, column=5"])


def test_a_missing_site_directory_is_named(tmp_path):
    h.expect_refused(["bill", tmp_path / "nowhere", "--period", "2026-07"], tmp_path,
                     "not_found", names=["nowhere"])


def test_the_harness_sees_a_write(tmp_path):
    # A good run writes its HTML bills: the snapshot must notice, so a refusal that writes fails.
    site = h.site_copy(tmp_path, "good")
    before = h.snapshot(tmp_path)
    h.expect_ok(["bill", site, "--period", "2026-07", "--format", "html", "--out", tmp_path / "o"],
                tmp_path)
    assert h.snapshot(tmp_path) != before


def test_the_harness_sees_a_wrong_exception_kind():
    with pytest.raises(AssertionError, match="raised RuntimeError"):
        h.python_raises("raise RuntimeError('x')")


def test_the_harness_sees_a_dead_interpreter():
    with pytest.raises(AssertionError, match="the interpreter died"):
        h.python_raises("import os; os.abort()")


def test_python_refuses_a_float_with_type_error():
    h.python_raises("submeter.load_site(1.5)", allowed=("TypeError",))
