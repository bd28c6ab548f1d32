"""welcomebot: welcome human newcomers to the fediverse, one considerate follow-back at a time."""

__version__ = "0.1.0"
