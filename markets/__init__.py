"""Markets and prices: retail tariffs and settlement (the green market and DR come later)."""
