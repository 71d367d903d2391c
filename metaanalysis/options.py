"""Names of the measures, methods and tests (no heavy imports: the CLI reads these)."""
from __future__ import annotations

RANDOM_METHODS = ("DL", "REML", "ML", "PM", "HE", "SJ", "HS", "EB")
METHODS = RANDOM_METHODS + ("FE",)  # inverse-variance models (rma_uni)
ALL_METHODS = METHODS + ("MH", "PETO")  # + pooling from 2x2 counts
MEASURES = ("RR", "OR", "RD", "MD", "SMD", "GEN")
TESTS = ("z", "knha")
