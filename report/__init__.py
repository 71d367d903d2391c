"""Outputs of an analysis for other tools (RevMan, R metafor, plain CSV)."""
