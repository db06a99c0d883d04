"""Grading a classroom quiz: answers from scans or tables, scores, and item analysis.

`omr` reads scanned answer sheets, `tables` typed and LMS CSVs; both give
`responses.Response`s, which `scoring` scores and `analysis` analyses, and
`report` writes up. Everything but `omr` and `images` is pure.
"""
