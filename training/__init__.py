"""Inflect's training and evaluation tools (docs/training.md): run each from the repository root as
`/usr/bin/python3 -m training.<tool>`."""
