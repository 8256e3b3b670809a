"""Honest validation: labelled corpora, input shapes, the pair models' fit, out-of-sample scores.

``corpora`` loads the labelled sets, ``shapes`` turns each article into the shapes other feeds
deliver, ``training`` builds the rows the pair models learn from and fits them, ``crossval``
scores every corpus with models that never saw it (k-fold, leave one corpus out), ``floor`` runs
the plain TF-IDF floor on the same input and ``report`` puts it all in tables
(``scripts/quality.py``).
"""
