"""Outputs of the chain: forest and funnel plots, the HTML report, exports (JSONL/CSV, RevMan, metafor), queries, PRISMA and risk-of-bias figures, Datasette metadata."""
