"""Exports: adapters that write the core's items and quizzes in other programs' formats."""
