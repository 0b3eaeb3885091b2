"""The domain: what every stage speaks of, from the strategy's amounts to the tables made of them.

Data only, importing nothing else of sofin: the core computes these, results carry them, renderers
read them.
"""
