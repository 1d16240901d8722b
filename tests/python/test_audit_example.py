"""examples/python/audit.py under ctest: a clean month, and an altered copy of the issued bills
(T-12 billed at 0.75 instead of 0.73, T-14's first flat line dropped) with a price change re-rated."""
import importlib.util
import pathlib

import pytest


@pytest.fixture
def audit(example_site_dir):
    path = example_site_dir.parent / "python" / "audit.py"
    spec = importlib.util.spec_from_file_location("audit", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_issued_bills_match_the_rebill(audit, example_site_dir, capsys):
    rc = audit.main([str(example_site_dir), "2026-07",
                     str(example_site_dir / "expected" / "bills-2026-07.json")])
    assert rc == 0
    assert "43 bills re-billed, 0 differences" in capsys.readouterr().out


def test_every_difference_is_explained(audit, example_site_dir, sites_dir, tmp_path, capsys):
    altered = sites_dir.parent / "issued-bills-2026-07-altered.json"
    change = example_site_dir / "price-change-flat-2026-07-16.json"
    csv = tmp_path / "diff.csv"
    rc = audit.main([str(example_site_dir), "2026-07", str(altered), "--price-change", str(change),
                     "--csv", str(csv)])
    out = capsys.readouterr().out
    assert rc == 1
    assert "3 differences" in out
    assert "T-14 M-014 energy r3: missing from the issued bill" in out
    assert "T-12 M-012 energy r0: price differs: issued 0.75 → re-billed 0.73" in out
    assert "T-12 M-012 energy r0: amount differs: issued 7185.00 → re-billed 6993.40" in out
    assert "3 adjustment lines, net -1252.14" in out
    pandas = pytest.importorskip("pandas")
    frame = pandas.read_csv(csv)
    assert list(frame["what"]) == ["price differs", "amount differs", "missing from the issued bill"]
