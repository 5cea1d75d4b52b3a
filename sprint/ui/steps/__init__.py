"""The Streamlit side of the five steps, one folder per step named by its address slug, mirroring sprint/steps/."""
