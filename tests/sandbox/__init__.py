"""Tests of the local Mastodon-compatible sandbox server."""
