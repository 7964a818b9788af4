"""Persistence: the async engine, ORM models, one repository per aggregate, migrations."""
