"""The docs check itself: it passes a right page and reports every kind of mistake on a wrong one
(an output that differs, an exit status, a doctest, a broken link or anchor, a command other than
submeter), and the helpers behave at their edges. Run by ctest (docs.checker) with
SUBMETER_CLI=<the submeter program>."""
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


def test_the_reference_checks_name_what_is_missing_or_gone(tmp_path):
    python_md = (SOURCE / "docs/reference/python.md").read_text(encoding="utf-8")
    page = tmp_path / "python.md"
    page.write_text(python_md.replace("| `submeter.allocation.share` |",
                                      "| `submeter.allocation.share_all` |")
                    .replace("`register_at(time, calendar)`", "`register_on(time, calendar)`")
                    .replace("| `submeter.flat_tariff` | `submeter.tariff.flat_tariff` |\n", "")
                    .replace("| `submeter.cos_phi` | `submeter.tariff.cos_phi` |",
                             "| `submeter.cos_phi` | `submeter.metering.cos_phi` |"),
                    encoding="utf-8")
    failures = "\n".join(c.check_python_reference(page))
    assert "`submeter.allocation.share` is public (dir(submeter)) but not on the page" in failures
    assert ("documents `submeter.allocation.share_all`, which `import submeter` does not have"
            in failures)
    assert "the row of `submeter.tariff.TouSchedule` names `register_on`" in failures
    assert ("`submeter.tariff.TouSchedule.register_at` is public but its row does not name it"
            in failures)
    assert "`submeter.flat_tariff` is deprecated (submeter._deprecated) but not on the page" \
        in failures
    assert "the row of deprecated `submeter.cos_phi` does not name `submeter.tariff.cos_phi`" \
        in failures

    headers_md = (SOURCE / "docs/reference/headers.md").read_text(encoding="utf-8")
    page = tmp_path / "headers.md"
    page.write_text(headers_md.replace("`submeter/core/split.hpp`", "`submeter/core/splits.hpp`"),
                    encoding="utf-8")
    failures = "\n".join(c.check_headers_reference(page, SOURCE))
    assert "header <submeter/core/split.hpp> is not on the page" in failures
    assert "lists <submeter/core/splits.hpp>, which does not exist" in failures

    cli_md = (SOURCE / "docs/reference/cli.md").read_text(encoding="utf-8")
    page = tmp_path / "cli.md"
    page.write_text(cli_md.replace("$ submeter ledger refund --help",
                                   "$ submeter ledger refnd --help"), encoding="utf-8")
    failures = "\n".join(c.check_cli_reference(page, CLI))
    assert "`submeter ledger refund` is not documented. Add it" in failures
    assert "```console\n$ submeter ledger refund --help\nPost a refund 退费" in failures
    assert "documents `submeter ledger refnd`, which does not exist" in failures
