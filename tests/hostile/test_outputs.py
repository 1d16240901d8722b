"""What the CLI writes: HTML bill files named from tenant ids, CSV cells, the HTML chart, option
combinations that would be ignored, and a closed stdout (issue 16 #3 #6 #7 #10 #17, and "output
file names derived from ids safely, under the output folder, never shared")."""
import csv
import io
import os
import pathlib
import subprocess

import hostile as h

# A tenant id the site loader may refuse itself (the identifier rule) or let through to the HTML
# writer, which refuses it on its own: either way exit 1, located, nothing written.
ID_REFUSALS = ("invalid_argument", "parse")


def set_ids(site, first, second):
    """Sets tenant T-1's id (and its meter's tenant) to `first`, T-2's to `second`."""
    def change(j):
        j["tenants"][0]["id"] = j["meters"][0]["tenant"] = first
        j["tenants"][1]["id"] = j["meters"][1]["tenant"] = second
    h.edit_json(site / "site.json", change)


def html(site, out):
    return ["bill", site, "--period", "2026-07", "--format", "html", "--out", out]


def refused_with_one_of(codes, argv, cwd, names=(), watch=()):
    err = h.expect_refused(argv, cwd, "", names=names, watch=watch)
    code = err[len("submeter: error: "):].split(":", 1)[0]
    assert code in codes, f"code {code!r}, want one of {codes}: {err}"
    return err


def test_html_ids_that_leave_the_output_folder_are_refused(tmp_path):
    """issue 16 #3: `../../pwned` and an absolute id wrote outside --out (exit 0)."""
    site = h.site_copy(tmp_path)
    absolute = tmp_path / "abs_pwned"
    set_ids(site, "../../pwned", str(absolute))
    out = tmp_path / "o" / "p"
    refused_with_one_of(ID_REFUSALS, html(site, out), tmp_path, names=["site.json", "pwned"])
    assert not (tmp_path / "pwned-2026-07.html").exists()
    assert not pathlib.Path(f"{absolute}-2026-07.html").exists()
    assert not out.exists()


def test_html_ids_with_nul_never_share_a_file(tmp_path):
    """issue 16 #3: an id with NUL was truncated by ofstream; two tenants shared one file (one
    bill lost, "wrote 2" printed)."""
    site = h.site_copy(tmp_path)
    set_ids(site, "T\u0000one", "T\u0000two")
    out = tmp_path / "out"
    out.mkdir()
    (out / "kept.html").write_text("an earlier bill")
    err = refused_with_one_of(ID_REFUSALS, html(site, out), tmp_path, names=["site.json"],
                              watch=[out])
    assert "\u0000" not in err, "the id must be shown escaped"


def test_html_id_with_a_slash_fails_before_any_page_is_written(tmp_path):
    """issue 16 #3: an id with '/' failed half-way (exit 3, earlier pages already written)."""
    site = h.site_copy(tmp_path)
    set_ids(site, "T-1", "shop/2")
    out = tmp_path / "out"
    refused_with_one_of(ID_REFUSALS, html(site, out), tmp_path, names=["site.json", "shop/2"])
    assert not out.exists()


def test_html_control_characters_and_hidden_names_are_refused(tmp_path):
    """issue 16 #3, probe class control characters: ESC, a newline and a leading '.'."""
    for first, second in (("T\u001b[2J", "T-2"), ("T-1", "T\n2"), (".hidden", "T-2")):
        site = h.site_copy(tmp_path, to=f"site-{len(list(tmp_path.iterdir()))}")
        set_ids(site, first, second)
        refused_with_one_of(ID_REFUSALS, html(site, tmp_path / "out"), tmp_path,
                            names=["site.json"])
        assert not (tmp_path / "out").exists()


def test_html_two_tenants_one_file_when_case_is_folded(tmp_path):
    """"Two tenants never share a file": 'Shop-A' and 'shop-a' are one file on macOS, Windows or
    a mounted share. Both ids pass any identifier rule: the writer itself refuses."""
    site = h.site_copy(tmp_path)
    set_ids(site, "Shop-A", "shop-a")
    out = tmp_path / "out"
    out.mkdir()
    (out / "Shop-A-2026-07.html").write_text("last month's run")
    h.expect_refused(html(site, out), tmp_path, "duplicate",
                     names=["site.json", "$.tenants[1].id", "Shop-A", "shop-a"], watch=[out])


def test_html_file_linking_out_of_the_output_folder_is_refused(tmp_path):
    """"Checked to stay under the output folder": a bill's name that is a link to a file
    elsewhere is not written through."""
    site = h.site_copy(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    elsewhere = tmp_path / "elsewhere.html"
    elsewhere.write_text("not a bill")
    (out / "T-1-2026-07.html").symlink_to(elsewhere)
    h.expect_refused(html(site, out), tmp_path, "invalid_argument",
                     names=["T-1-2026-07.html", "out"], watch=[out])
    assert elsewhere.read_text() == "not a bill"


def test_html_write_failure_leaves_nothing(tmp_path):
    """issue 16 #3 "nothing written when any page would fail": a file-size limit below one page
    makes a write fail (exit 3, I/O); the staging folder and the output folder it created are
    removed, and an existing output folder keeps its files."""
    site = h.site_copy(tmp_path)
    for out, existed in ((tmp_path / "new" / "out", False), (tmp_path / "old", True)):
        if existed:
            out.mkdir()
            (out / "T-1-2026-07.html").write_text("last run")
        before = h.snapshot(tmp_path)
        # 4 KiB (dash counts 512-byte blocks) or 8 KiB (bash: KiB): a page is larger.
        r = subprocess.run(["sh", "-c", "trap '' XFSZ; ulimit -f 8; exec \"$0\" \"$@\"", h.CLI,
                            *map(str, html(site, out))], cwd=tmp_path, capture_output=True,
                           timeout=h.TIMEOUT)
        err = r.stderr.decode("utf-8", "replace")
        assert r.returncode == 3, f"exit {r.returncode}: {err}"
        assert r.stdout == b""
        assert "cannot write" in err and "File too large" in err, err
        assert h.snapshot(tmp_path) == before
        assert out.exists() == existed
        if existed:
            assert sorted(p.name for p in out.iterdir()) == ["T-1-2026-07.html"]
        else:
            assert not (tmp_path / "new").exists()


def test_html_good_run_writes_every_page_and_no_staging_folder(tmp_path):
    """The all-or-nothing writer on a good site: the pages and the report, nothing else."""
    site = h.site_copy(tmp_path)
    out = tmp_path / "out"
    stdout, _ = h.expect_ok(html(site, out), tmp_path)
    assert stdout == f"wrote 2 HTML bills and the site report for 2026-07 to {out}\n"
    assert sorted(p.name for p in out.iterdir()) == [
        "T-1-2026-07.html", "T-2-2026-07.html", "site-report-2026-07.txt"]


def test_csv_formula_cells_are_text(tmp_path):
    """issue 16 #6: a tenant id `=1+1` opened as a formula; `=HYPERLINK(...)` as a live link."""
    site = h.site_copy(tmp_path)
    # Ids hold no '/' or '\\' and no control character (the identifier rule, docs/formats.md),
    # so the payloads are the formulas that rule lets through.
    set_ids(site, "=1+1", '=HYPERLINK("evil.example","pay here")')
    stdout, _ = h.expect_ok(["bill", site, "--period", "2026-07", "--format", "csv"], tmp_path)
    assert "\r\n=1+1," not in stdout
    rows = list(csv.reader(io.StringIO(stdout, newline="")))
    tenants = {r[0] for r in rows[1:]}
    assert tenants == {"'=1+1", "'=HYPERLINK(\"evil.example\",\"pay here\")"}, tenants
    for c in "+-@":
        set_ids(site, c + "cmd|' -C calc'!A0", "T-2")
        stdout, _ = h.expect_ok(["bill", site, "--period", "2026-07", "--format", "csv"],
                                tmp_path)
        first = list(csv.reader(io.StringIO(stdout, newline="")))[1]
        assert first[0] == "'" + c + "cmd|' -C calc'!A0", first
    # A tab or CR would open as a formula too; the identifier rule refuses it at load.
    for c in "\t\r":
        set_ids(site, c + "cmd", "T-2")
        h.expect_refused(["bill", site, "--period", "2026-07", "--format", "csv"], tmp_path,
                         "invalid_argument", names=["site.json", "tenant", "\\x"])


def test_csv_numbers_keep_their_sign(tmp_path):
    """issue 16 #6: numeric columns are never prefixed (`-63.72` is a number): a refund re-rated
    as CSV (the bill writer's columns) keeps its negative price and amount."""
    site = h.site_copy(tmp_path)
    bills, _ = h.expect_ok(["bill", site, "--period", "2026-07", "--format", "json"], tmp_path)
    (tmp_path / "bills.json").write_text(bills, encoding="utf-8")
    (tmp_path / "cut.json").write_text(
        '{"format": "submeter-price-change-v1", "tariff": "flat", "version": "v2",'
        ' "effective": "2026-07-16 00:00", "document": "a cut",'
        ' "prices": [{"component": "energy", "register": 0, "tier": 0, "price": "0.63"}]}')
    stdout, _ = h.expect_ok(["rerate", site, "--bills", tmp_path / "bills.json", "--version",
                             tmp_path / "cut.json", "--format", "csv"], tmp_path)
    row = list(csv.reader(io.StringIO(stdout, newline="")))[1]
    assert row[0] == "T-1" and row[14] == "-0.10" and row[-2] == "-63.72", row
    assert not any(cell.startswith("'") for cell in row), row


def test_html_chart_of_a_huge_register_is_drawn(tmp_path):
    """issue 16 #7: a register above 1.54e12 kWh overflowed int64 in register_chart_svg (UB,
    abort under UBSan); text and JSON of the same site were fine. The readers now refuse a
    register of 10^10 kWh or more (docs/formats.md "Limits"), so the largest register the chart
    can meet is drawn, and the reproduction's 2e13 is refused at load."""
    site = h.site_copy(tmp_path)
    readings = ("meter_id,time,total,t1,t2,t3,t4\n"
                "M-1,2026-07-01T00:00,1000.00,0,0,0,0\n"
                "M-2,2026-07-01T00:00,500.00,50.00,150.00,100.00,200.00\n"
                "M-1,2026-08-01T00:00,2234.56,{t1},0,0,0\n"
                "M-2,2026-08-01T00:00,600.50,60.25,180.00,125.00,235.25\n")
    (site / "readings.csv").write_text(readings.format(t1="9999999999.99"))
    h.expect_ok(html(site, tmp_path / "hc"), tmp_path)
    page = (tmp_path / "hc" / "T-1-2026-07.html").read_text(encoding="utf-8")
    assert 'width="300" height="18"' in page
    assert "9,999,999,999.99" in page
    (site / "readings.csv").write_text(readings.format(t1="20000000000000"))
    h.expect_refused(html(site, tmp_path / "hc2"), tmp_path, "invalid_argument",
                     names=["readings.csv", "line=4", "t1"], watch=[tmp_path / "hc2"])


def ledger_with_accounts(tmp_path):
    db = tmp_path / "l.db"
    for account, meter in (("T-1", "M-1"), ("T-2", "M-2")):
        h.expect_ok(["ledger", "open", "--db", db, "--account", account, "--meter", meter],
                    tmp_path)
    return db


def test_html_with_post_is_refused(tmp_path):
    """issue 16 #10: `bill --format html --post DB` posted nothing and exited 0."""
    site = h.site_copy(tmp_path)
    db = ledger_with_accounts(tmp_path)
    out = tmp_path / "o"
    h.expect_refused(html(site, out) + ["--post", db], tmp_path, "invalid_argument",
                     names=["--post", "format=html"], watch=[db])
    assert not out.exists()
    for fmt in ("json", "csv"):
        h.expect_refused(["bill", site, "--period", "2026-07", "--format", fmt, "--post", db],
                         tmp_path, "invalid_argument", names=["--post", f"format={fmt}"],
                         watch=[db])


def test_template_or_out_without_html_is_refused(tmp_path):
    """issue 16 #10: `--template` (and `--out`) without `--format html` were ignored."""
    site = h.site_copy(tmp_path)
    template = tmp_path / "my-bill.html"
    template.write_text("<p>{{tenant_id}}</p>")
    for extra in (["--template", template], ["--out", tmp_path / "o"],
                  ["--format", "csv", "--template", template]):
        h.expect_refused(["bill", site, "--period", "2026-07", *extra], tmp_path,
                         "invalid_argument", names=["--template", "--out"])
    assert not (tmp_path / "o").exists()


def run_with_stdout_closed(argv, cwd):
    return subprocess.run([h.CLI, *map(str, argv)], cwd=cwd, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, timeout=h.TIMEOUT,
                          preexec_fn=lambda: os.close(1))


def test_closed_stdout_is_refused_before_anything_runs(tmp_path):
    """issue 16 #17: `bill … >&-` exited 0 having written the bills into its own unlinked spool
    (mkstemp reused fd 1). Now: exit 1 before the command runs, so `--post` posts nothing."""
    site = h.site_copy(tmp_path)
    db = ledger_with_accounts(tmp_path)
    for argv in (["bill", site, "--period", "2026-07"],
                 ["bill", site, "--period", "2026-07", "--post", db],
                 html(site, tmp_path / "o")):
        before = h.snapshot(tmp_path)
        r = run_with_stdout_closed(argv, tmp_path)
        err = r.stderr.decode("utf-8", "replace")
        assert r.returncode == 1, f"exit {r.returncode}: {err}"
        assert err.startswith("submeter: error: invalid_argument: standard output is closed"), err
        assert h.snapshot(tmp_path) == before, "written although stdout was closed"
    statement = h.expect_ok(["ledger", "statement", "--db", db, "--account", "T-1", "--from",
                             "2026-07-01T00:00", "--to", "2026-09-01T00:00"], tmp_path)[0]
    assert "bill/2026-07" not in statement


def test_closed_stdin_and_stderr_are_harmless(tmp_path):
    """issue 16 #17: with stdin or stderr closed, the spool never takes their number either: the
    bills still reach stdout whole."""
    site = h.site_copy(tmp_path)
    want, _ = h.expect_ok(["bill", site, "--period", "2026-07"], tmp_path)
    for fd in (0, 2):
        r = subprocess.run([h.CLI, "bill", str(site), "--period", "2026-07"], cwd=tmp_path,
                           capture_output=True, timeout=h.TIMEOUT,
                           preexec_fn=lambda fd=fd: os.close(fd))
        assert r.returncode == 0
        assert r.stdout.decode("utf-8") == want
