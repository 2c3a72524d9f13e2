"""Scrapy spiders, one per site platform. Each crawl runs in its own child process
(fakefree.crawler.scrapy_child), since Twisted's reactor cannot restart inside one process.

A source names its spider in the catalogue (`options.spider`); this registry maps that name to
the class without importing Scrapy until a child process needs it.
"""

from __future__ import annotations

from importlib import import_module

SPIDERS: dict[str, str] = {
    "gobmx": "fakefree.crawler.spiders.gobmx:GobMxSpider",
}


def load_spider(name: str) -> type:
    """The spider class registered under `name`; KeyError for an unknown name."""
    module_name, _, class_name = SPIDERS[name].partition(":")
    return getattr(import_module(module_name), class_name)
