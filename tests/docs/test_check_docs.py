"""The docs check itself: it passes a right page and reports every kind of mistake on a wrong one
(an output that differs, an exit status, a doctest, a broken link or anchor, a command other than
submeter), and the helpers behave at their edges. Run by ctest (docs.checker) with CLI=<submeter>."""
import os
import pathlib

import check_docs as c

HERE = pathlib.Path(__file__).resolve().parent
SOURCE = HERE.parent.parent
CLI = os.environ["SUBMETER_CLI"]


def test_a_right_page_passes():
    assert c.check_page(HERE / "fixtures" / "right.md", SOURCE, CLI, update=False) == []


def test_every_mistake_is_reported():
    failures = "\n".join(c.check_page(HERE / "fixtures" / "mistakes.md", SOURCE, CLI, update=False))
    assert "-ok: Test Plaza: 2 tariffs, 2 meters, 2 tenants, 5 readings" in failures
    assert "+ok: Test Plaza: 2 tariffs, 2 meters, 2 tenants, 4 readings" in failures
    assert "exit status 1, documented 0" in failures
    assert "Expected:\n    3\nGot:\n    2" in failures
    assert "broken link to nowhere.md" in failures
    assert "no heading #nowhere" in failures
    assert "only 'submeter ...' commands run" in failures


def test_ellipsis_lines_match_any_run_of_lines():
    assert c.matches(["a", "...", "d"], ["a", "b", "c", "d"])
    assert c.matches(["a", "...", "d"], ["a", "d"])
    assert not c.matches(["a", "...", "d"], ["a", "b"])
    assert c.matches(["..."], [])
    assert not c.matches([], ["x"])


def test_github_anchors():
    assert c.slug("Bills as JSON (`--format json`)") == "bills-as-json---format-json"
    assert c.slug("3. Adding a meter model without recompiling") == (
        "3-adding-a-meter-model-without-recompiling")
    assert c.slug("转供电 compliance") == "转供电-compliance"


def test_update_rewrites_console_outputs(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("# P\n\n```console\n$ submeter validate tests/data/sites/good\nwrong\n```\n",
                    encoding="utf-8")
    assert c.check_page(page, SOURCE, CLI, update=True) == []
    assert "4 readings" in page.read_text(encoding="utf-8")
    assert c.check_page(page, SOURCE, CLI, update=False) == []


def test_the_help_tree_finds_nested_subcommands():
    tree = list(c.command_tree(CLI))
    assert () in tree and ("ledger", "open") in tree and ("decode", "dlt645") in tree
