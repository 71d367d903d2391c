"""Report figures and tables: PRISMA 2020 flow diagram (prisma), risk-of-bias plots (rob_plot)."""
