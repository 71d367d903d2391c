"""Review tools: risk of bias (rob), GRADE certainty (grade), two-stage screening (screening)."""
