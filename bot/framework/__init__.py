"""The command framework: registry, dispatcher, context, errors, catalogue, permissions, timers."""
