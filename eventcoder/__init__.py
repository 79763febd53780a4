"""eventcoder: dictionary-driven political event coding from news text.

Data flows one way: documents -> parsed sentences -> events -> tables -> reports.
"""

__version__ = "0.1.0"
