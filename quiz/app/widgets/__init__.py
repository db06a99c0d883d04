"""Widgets the screens share: answering, feedback, the score line and the footer."""
