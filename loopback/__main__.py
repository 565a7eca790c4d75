"""``python -m loopback``: the ``loopback`` command."""

import sys

from loopback._cli import main

sys.exit(main())
