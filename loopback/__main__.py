"""``python -m loopback``: the ``loopback`` command."""

import sys

from ._cli import main

sys.exit(main())
