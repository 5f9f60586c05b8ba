"""Markets and prices: double-auction clearing (uniform, discriminatory, McAfee, Huang; zonal under
transformer limits), the bidding strategies that price orders, the green market and its
certificates, retail tariffs, critical-peak days, price response, settlement, and demand response
(``dr/``)."""
