"""Challenge set ``sources3``: round 3 of the guideline-sources set (invented items in the style
of the guideline parts of real letters, written before reading the rules), scored exactly as
round 1 (``evaluation.challenge.sources``)."""

from evaluation.challenge.sources import score

__all__ = ["score"]
