"""Resolve: school data + library + reference facts -> one PolicyDocument."""
