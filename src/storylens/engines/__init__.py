"""Engines other than this machine's own processes (`pipeline.LOCAL`): each maps the stages'
kernels over a cluster's workers, behind `pipeline.Engine`."""
