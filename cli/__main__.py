"""`python -m bilateral.cli`: the same as the `bilateral` command."""

import sys

from bilateral.cli.main import main

sys.exit(main())
