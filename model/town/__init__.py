"""The agent-based town: residents in columnar arrays, neighbourhoods and organisations as Mesa
agents, generated from a town description and stepped one simulated year at a time.

See ``docs/model.md`` for the coupling contract with the ripple network.
"""
