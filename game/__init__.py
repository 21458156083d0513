"""The interfaces to the simulation: the ``thrive`` command line and the pygame workshop game.

Nothing here may change the simulation except through the model's narrow entry points, and
importing this package does not import pygame (the command line must start fast and work
without a display).
"""
