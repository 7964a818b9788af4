"""The network's resource base on the web: FAQ, fiches, focus sessions, directory and figures.

Served by Tisserand itself (aiohttp), beside the bot or alone, reading the same database
through the same repositories and search index. Members only, through a one-time link sent by
``!web``; server-rendered HTML without JavaScript.
"""
