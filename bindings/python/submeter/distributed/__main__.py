"""``python3 -m submeter.distributed``: see :mod:`submeter.distributed.cli`."""

import sys

from .cli import main

sys.exit(main())
