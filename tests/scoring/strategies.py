"""Shared hypothesis strategies for the engine's properties."""

from hypothesis import strategies as st

subjects = st.lists(st.sampled_from([f"村{i}" for i in range(12)]), min_size=1, max_size=8,
                    unique=True)
scores = st.integers(min_value=0, max_value=1000).map(lambda n: n / 10)   # 0.0 .. 100.0
counts = st.integers(min_value=0, max_value=30)
rates = st.integers(min_value=0, max_value=1500).map(lambda n: n / 1000)  # 0 .. 1.5

deduct_items = st.builds(
    lambda m, p: {"code": "X", "text": "t", "method": "deduct", "max": m, "per": p},
    st.integers(1, 100), st.integers(1, 20))
ratio_items = st.builds(
    lambda m, t, z: {"code": "X", "text": "t", "method": "ratio", "max": m, "target": t,
                     "zero_below": z},
    st.integers(1, 100), st.sampled_from([0.5, 0.85, 1.0]), st.sampled_from([0, 0.3, 0.8]))
steps_items = st.builds(
    lambda m, per, step: {"code": "X", "text": "t", "method": "steps", "max": m, "target": 1.0,
                          "step": step, "per": per},
    st.integers(1, 20), st.sampled_from([1, 2, -1, 0.5]), st.sampled_from([0.001, 0.01, 0.1]))
