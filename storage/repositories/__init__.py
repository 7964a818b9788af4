"""Repositories: one per aggregate, each the only code that reads and writes its tables."""
