"""Readers: turn files into validated models, or located problems."""
