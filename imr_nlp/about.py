"""Package metadata: the one source of the version."""

__title__ = "imr_nlp"
__version__ = "0.1.0"
