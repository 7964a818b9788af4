"""A local Synapse for the demo, the tests and the benchmarks (never used in production)."""
