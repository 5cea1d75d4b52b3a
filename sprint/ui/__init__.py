"""The only Streamlit-aware code outside app.py and pages/: the cached store, session keys, shared
widgets and the shell (sidebar, messages). Pages call these and `sprint`; they hold no rules or SQL."""
