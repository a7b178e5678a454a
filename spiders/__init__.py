"""The Scrapy project: one spider per source (built from the source files), discovery and politeness.

Spiders fetch and hand over raw pages; they do not normalise. See ``spiders/news.py``.
"""
