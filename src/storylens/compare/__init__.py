"""The compare stage: one story's analysed articles in, the side-by-side `StoryReport` out
(`compare.story`), and an outlet's record across its stories' reports (`compare.track_record`).

The package imports nothing itself, so that a command which needs only one light module (an
outlet's lean coverage, its track record) does not load the alignment's numeric libraries.
"""
