"""Challenge set ``sources2``: round 2 of the guideline-sources set (invented items, written
before reading the rules), scored exactly as round 1 (``evaluation.challenge.sources``)."""

from evaluation.challenge.sources import score

__all__ = ["score"]
