import sys

from sprint.cli import main

sys.exit(main())
