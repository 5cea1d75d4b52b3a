"""Production Sprint: the domain package.

Everything here is plain Python over plain data and DuckDB; nothing in this package (except
``sprint.ui``) imports Streamlit, so the rules can be tested, scripted and reused without a browser.
"""

__version__ = "0.1.0"
