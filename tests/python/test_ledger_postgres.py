"""BillsPart.post on PostgreSQL (issue 20): the same call as for an SQLite file, with a
postgresql:// URI, against a throw-away server (tests/support/pg_server.py). A server that cannot
start fails the test."""

import subprocess
import sys

import pytest

import submeter
from conftest import SOURCE_DIR

sys.path.insert(0, str(SOURCE_DIR / "tests" / "support"))
import pg_server  # noqa: E402


@pytest.fixture(scope="module")
def part():
    """The example site's July bills, in one part."""
    site = submeter.load_site(SOURCE_DIR / "examples" / "site")
    usage = site.usage_part("2026-07", 0, len(site.tenants))
    q = usage.quantities()
    (shares,) = site.totals("2026-07", q).split_shares([q.billed])
    return site.bill_part("2026-07", usage, shares)


def psql(info, sql):
    return subprocess.run(
        [f"{pg_server.BIN}/psql", "-tA", "-h", info["host"], "-p", str(info["port"]), "-U",
         info["user"], "-d", "postgres", "-c", sql],
        check=True, capture_output=True, text=True, env=pg_server._server_env()).stdout.strip()


def test_bills_post_to_postgres_exactly_once_as_to_sqlite(part, tmp_path):
    on_sqlite = part.post(tmp_path / "ledger.db")
    with pg_server.server() as pg:
        uri = pg_server.uri(pg)
        first = part.post(uri)
        again = part.post(uri)
        assert first == on_sqlite
        assert first["applied"] > 0 and first["duplicates"] == 0
        assert again == {"opened": 0, "applied": 0, "duplicates": first["applied"]}
        # Every bill key and credit note key (PAY-5) once; each balance (a BIGINT mantissa) is
        # the opening balance plus the sum of the entries.
        assert psql(pg, "SELECT COUNT(*), COUNT(DISTINCT (account, key)) FROM submeter_entries "
                        "WHERE key LIKE 'bill/%' OR key LIKE 'credit_note/%'") == \
            f"{first['applied']}|{first['applied']}"
        assert psql(pg, "SELECT COUNT(*) FROM submeter_accounts") == str(first["opened"])
        assert psql(pg, "SELECT COUNT(*) FROM submeter_accounts a WHERE balance <> "
                        "(a.opening::json->>'balance')::numeric * 10000 + "
                        "(SELECT COALESCE(SUM(balance_delta), 0) FROM submeter_entries e "
                        "WHERE e.account = a.id)") == "0"


def test_a_bad_uri_and_an_unreachable_server_are_submeter_errors(part):
    with pytest.raises(submeter.Error) as e:
        part.post("postgresql://u@127.0.0.1:notaport/db")
    assert e.value.code == "parse"
    with pytest.raises(submeter.Error) as e:
        part.post("postgresql://u:secret@127.0.0.1:1/db")
    assert e.value.code == "not_found"
    assert "secret" not in str(e.value)
