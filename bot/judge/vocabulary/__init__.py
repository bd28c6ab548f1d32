"""Every word the judge reads: phrase lists, word lists and patterns of words, by theme.

Plain data only, so that the lists can be read, reviewed and extended in one
place: ``consent``, ``organisation``, ``people``, ``spam``, ``automation``,
``groups``, ``avatars`` and ``places``. Phrases are literal strings, matched by
``bot.text.PhraseSet`` (escaped, case- and width-insensitive, whole words in
spaced scripts); the few patterns here are fixed and bounded.
"""
