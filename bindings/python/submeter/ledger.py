"""submeter.ledger: prepaid and postpaid accounts (include/submeter/ledger).

    >>> from submeter import ledger
    >>> acc = ledger.Account("A-101", [("E-101", "electricity")], alarm1="50", alarm2="20")
    >>> acc.recharge("2026-07-01 09:00", "E-101", 1, "200").status
    'ok'
    >>> acc.balance
    Decimal('200.00')

An :class:`Account` posts events and returns a :class:`Posting`; balances come back as
``Decimal``, levels and relay states as names (``"ok"``, ``"alarm1"``, ``"open"``, …).

:class:`Prepaid` is live prepaid in memory (docs/prepaid.md): a site's prepaid tenants, each
reading deducted as it comes, ``ingest(readings)`` returning each reading's status, postings and
outbox rows (the batch runs without the GIL).
"""

from . import _core

_m = _core.ledger

Account = _m.Account
Posting = _m.Posting
Prepaid = _m.Prepaid
Notification = _m.Notification
Statement = _m.Statement
RelayDecision = _m.RelayDecision

__all__ = [
    "Account",
    "Notification",
    "Posting",
    "Prepaid",
    "RelayDecision",
    "Statement",
]
