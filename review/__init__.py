"""Curation: reviewer decisions, interactive review, the sheet round trip, effective values, screening, risk of bias and GRADE."""
