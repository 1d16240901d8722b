"""Bills in Chinese (issue 22 #11): a bad `--lang` is bad input (exit 1, `submeter: error:
<code>` naming the option and the value, nothing written), in every format that takes it and from
Python; `--lang` where it would be ignored (JSON, --post) is refused like --out without html."""
import csv
import io
import subprocess

import hostile as h


def bill(site, *more):
    return ["bill", site, "--period", "2026-07", *more]


def test_unknown_language_is_refused_naming_the_option(tmp_path):
    site = h.site_copy(tmp_path)
    for fmt in ("text", "csv"):
        err = h.expect_refused(bill(site, "--format", fmt, "--lang", "fr"), tmp_path,
                               "invalid_argument", names=["--lang", "fr", "en, zh or zh-en"])
        assert err.count("\n") == 1, err


def test_unknown_language_writes_no_html(tmp_path):
    site = h.site_copy(tmp_path)
    out = tmp_path / "out"
    h.expect_refused(bill(site, "--format", "html", "--out", out, "--lang", "zh-CN"), tmp_path,
                     "invalid_argument", names=["--lang", "zh-CN"])
    assert not out.exists()


def test_language_where_it_would_be_ignored_is_refused(tmp_path):
    site = h.site_copy(tmp_path)
    h.expect_refused(bill(site, "--format", "json", "--lang", "zh"), tmp_path, "invalid_argument",
                     names=["--lang", "json"])
    db = tmp_path / "ledger.db"
    h.expect_refused(bill(site, "--post", db, "--lang", "zh"), tmp_path, "invalid_argument",
                     names=["--lang", "--post"])
    assert not db.exists()


def test_chinese_csv_keeps_formula_cells_text(tmp_path):
    """The CSV-injection guard (issue 16 #6) holds in every language; a Chinese file starts with a
    UTF-8 byte order mark and the Chinese header."""
    site = h.site_copy(tmp_path)

    def change(j):
        j["tenants"][0]["id"] = j["meters"][0]["tenant"] = "=1+1"
    h.edit_json(site / "site.json", change)
    for lang, header in (("zh", "租户,计费周期,"), ("zh-en", "租户 tenant,计费周期 period,")):
        r = h.run(bill(site, "--format", "csv", "--lang", lang), tmp_path)
        assert r.returncode == 0, r.stderr.decode("utf-8", "replace")
        assert r.stdout.startswith(b"\xef\xbb\xbf"), r.stdout[:40]
        text = r.stdout.decode("utf-8-sig")
        assert text.startswith(header), text[:200]
        rows = list(csv.reader(io.StringIO(text, newline="")))
        assert {row[0] for row in rows[1:]} == {"'=1+1", "T-2"}, rows[:3]


def test_python_refuses_a_bad_language():
    site = repr(str(h.SITES / "good"))
    text = h.python_raises(f"submeter.load_site({site}).render('2026-07', lang='fr')",
                           allowed=("Error",))
    assert "lang" in text and "fr" in text, text
    h.python_raises(f"submeter.load_site({site}).run('2026-07').render(lang=3)",
                    allowed=("TypeError",))
    text = h.python_raises(
        f"submeter.load_site({site}).render('2026-07', format='json', lang='zh')",
        allowed=("Error",))
    assert "lang" in text, text


def test_python_renders_chinese_as_the_cli_prints_it(tmp_path):
    site = h.SITES / "good"
    out, _ = h.expect_ok(bill(site, "--lang", "zh"), tmp_path)
    code = ("import submeter, sys\n"
            f"sys.stdout.write(submeter.load_site({str(site)!r}).render('2026-07', lang='zh'))\n")
    r = subprocess.run([h.PYTHON, "-c", code], capture_output=True, timeout=h.TIMEOUT)
    assert r.returncode == 0, r.stderr.decode("utf-8", "replace")[-2000:]
    assert r.stdout.decode("utf-8") == out
    assert "合计：901.23 元" in out
