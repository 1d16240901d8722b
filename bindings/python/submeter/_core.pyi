"""Stubs of submeter._core, the compiled module: one submodule per area.

Each submodule of _core holds exactly what the thin module of the same name re-exports (the
Python-only helpers aside: calendar.china_calendar, tariff.shipped_tou_schedule), so their stubs
are those of the thin modules.
"""

from typing import Dict

from . import allocation as allocation
from . import bill as bill
from . import calendar as calendar
from . import ledger as ledger
from . import metering as metering
from . import meters as meters
from . import rerate as rerate
from . import site as site
from . import tariff as tariff
from . import vee as vee

__version__: str

class Error(ValueError):
    code: str
    message: str
    context: Dict[str, str]
