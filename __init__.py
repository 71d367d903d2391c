"""stemfoot: evidence extraction and meta-analysis for cell therapy in diabetic foot."""

__version__ = "0.1.0"
