"""Scrapy spiders: one generic listing spider configured by the catalogue, and one per site
platform that needs more than selectors. Each crawl runs in its own child process
(fakefree.crawler.scrapy_child), since Twisted's reactor cannot restart inside one process.

A source names its spider in the catalogue (`options.spider`); this registry maps that name to
the class without importing Scrapy until a child process needs it.
"""

from __future__ import annotations

from importlib import import_module

SPIDERS: dict[str, str] = {
    "generic": "fakefree.crawler.spiders.generic:GenericSpider",  # selectors from the catalogue
    "gobmx": "fakefree.crawler.spiders.gobmx:GobMxSpider",
    "rcmp": "fakefree.crawler.spiders.rcmp:RcmpSpider",
    "europol": "fakefree.crawler.spiders.europol:EuropolSpider",
    "euipo": "fakefree.crawler.spiders.euipo:EuipoSpider",
}


def load_spider(name: str) -> type:
    """The spider class registered under `name`; KeyError for an unknown name."""
    module_name, _, class_name = SPIDERS[name].partition(":")
    return getattr(import_module(module_name), class_name)
