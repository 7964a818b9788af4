"""The Matrix layer: the wrapped client, sync loop, incoming events, direct rooms, formatting."""
