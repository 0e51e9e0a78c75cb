"""Built-in detectors, one per module; each defines one :class:`~breachscope.detect.base.Detector`
subclass and is found automatically (see :func:`breachscope.detect.registry.detector_classes`)."""
