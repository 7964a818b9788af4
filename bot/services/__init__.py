"""The features: one module per workflow family, each built once by the application."""
