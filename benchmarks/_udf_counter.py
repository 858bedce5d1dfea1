"""The project's cell functions, each call counted (for bench_recalc.py; LibreOffice's Python imports it).

Every call appends the function's name to the file named by ``JIXIAO_BENCH_CALLS``: LibreOffice runs
the functions in its own process, so the count has to leave it through a file.
"""

import os

import udfs

_path = os.environ.get("JIXIAO_BENCH_CALLS", os.devnull)


def _counted(name, func):
    def call(*args):
        with open(_path, "a", encoding="utf-8") as fh:
            fh.write(name + "\n")
        return func(*args)

    call.__name__ = name
    return call


for _f in udfs.函数清单():
    globals()[_f.名称] = _counted(_f.名称, getattr(udfs, _f.名称))
