"""``python -m bot`` is ``welcomebot``."""

from bot.cli import main

main()
