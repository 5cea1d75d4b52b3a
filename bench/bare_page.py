"""The baseline for Step 5's benchmark: a bare Streamlit page drawing one Altair chart of 100 points."""

import altair as alt
import pandas as pd
import streamlit as st

frame = pd.DataFrame({"x": range(100), "y": [(i * 37) % 100 for i in range(100)]})
st.altair_chart(alt.Chart(frame).mark_line(point=True).encode(x="x:Q", y="y:Q"))
