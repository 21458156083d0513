"""The town's Mesa agents: neighbourhoods and organisations (a few hundred at most).

Residents are not agents: they are columns (see ``residents.py``). These agents hold what
interventions and events act on: an employer's jobs and pay, a school's quality, a community
group's capacity, a health service's capacity.
"""

from __future__ import annotations

import mesa

__all__ = ["CommunityGroup", "Employer", "HealthService", "Neighbourhood", "School"]


class Neighbourhood(mesa.Agent):  # type: ignore[misc]
    """A neighbourhood of a few thousand people, with its national deprivation percentile."""

    def __init__(self, model: mesa.Model, index: int, deprivation: float) -> None:
        super().__init__(model)
        self.index = index
        self.deprivation = deprivation
        self.population = 0


class Employer(mesa.Agent):  # type: ignore[misc]
    """An employer: jobs (capacity) and a pay premium over the local going rate (log scale)."""

    def __init__(self, model: mesa.Model, index: int, capacity: int, pay_premium: float) -> None:
        super().__init__(model)
        self.index = index
        self.capacity = capacity
        self.start_capacity = capacity
        self.pay_premium = pay_premium
        self.open = True

    def close(self) -> None:
        """Close: every job goes; the town model lays off the staff."""
        self.open = False
        self.capacity = 0


class School(mesa.Agent):  # type: ignore[misc]
    """A school serving one or more neighbourhoods; quality above 0.5 is rated good."""

    def __init__(self, model: mesa.Model, index: int, quality: float) -> None:
        super().__init__(model)
        self.index = index
        self.quality = quality
        self.start_quality = quality


class CommunityGroup(mesa.Agent):  # type: ignore[misc]
    """A voluntary and community group: its capacity makes volunteering easier nearby."""

    def __init__(self, model: mesa.Model, neighbourhood: int, capacity: float) -> None:
        super().__init__(model)
        self.neighbourhood = neighbourhood
        self.capacity = capacity
        self.start_capacity = capacity


class HealthService(mesa.Agent):  # type: ignore[misc]
    """A GP practice or community health service; capacity helps its patients recover."""

    def __init__(self, model: mesa.Model, index: int, capacity: float) -> None:
        super().__init__(model)
        self.index = index
        self.capacity = capacity
        self.start_capacity = capacity
