"""Building blocks of the stockpipe DAG: settings, run ids, job steps and the runners that launch them.

Kept in a package beside the DAG file so the DAG file itself stays a short, readable wiring of
these parts, and so each part can be unit-tested without parsing a DAG.
"""
