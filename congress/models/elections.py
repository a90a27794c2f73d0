"""Elections at the congress: seats, candidates, ballots entered twice, results, and the resolution."""

__all__ = []
