"""Production Sprint: the domain package.

Everything here is plain Python over plain data and DuckDB; nothing in this package (except
``sprint.ui``) imports Streamlit, so the rules can be tested, scripted and reused without a browser.
"""

__version__ = "0.1.0"

import os as _os

# openpyxl switches to lxml whenever lxml is installed (a test tool or another package may bring it), and its
# lxml writer then writes numbers with fewer digits (0.1 + 0.2 comes back 0.3) and can't take the cells the
# snapshot writes as XML itself. The snapshot is the same file, exact to the bit, whatever else is installed.
_os.environ.setdefault("OPENPYXL_LXML", "False")
