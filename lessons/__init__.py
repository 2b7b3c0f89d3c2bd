"""Kafka Lab's lessons: guided, checkable classroom scenarios on the real embedded cluster.

A lesson is a data file in ``resources/lessons/`` (TOML, English and Korean side by side, no code):
steps that set up the cluster, start real clients (:mod:`clients`), ask the class to predict, act, and
check claims (:mod:`lessons.claims`) against the engine's :class:`~engine.observe.ClusterImage`, its
events and the clients' results. :class:`~lessons.runner.LessonRunner` runs them — in the app's lesson
player and headless (``kafkalab lesson run ID --headless``) through the same code. Qt-free: it reads
the engine only through ``engine.observe`` and commands it only with ``engine.control``'s command types.
"""
