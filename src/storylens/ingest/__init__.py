"""The ingest stage: files, folders, feeds and pages in, Articles out, and a Problem for whatever
cannot be read (`inputs.read_inputs`).

The readers (trafilatura, feedparser, warcio, the language identifier) are imported by `inputs`,
not here, so that a command that needs one small part of the stage, such as the outlet table
that `storylens outlets` reads, does not load every reader first.
"""
