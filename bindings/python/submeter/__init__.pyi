import pathlib

from . import allocation as allocation
from . import bill as bill
from . import calendar as calendar
from . import distributed as distributed
from . import ledger as ledger
from . import metering as metering
from . import meters as meters
from . import rerate as rerate
from . import site as site
from . import tariff as tariff
from . import vee as vee
from ._core import Error as Error
from .site import Site as Site
from .site import load_site as load_site

__version__: str
data_dir: pathlib.Path
