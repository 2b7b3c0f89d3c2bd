"""Work around a refcount bug of the PySide6/shiboken6 6.12 wheels on CPython 3.11.

Those (abi3) wheels return ``None``/``True``/``False`` from wrapped C++ calls without taking a
reference, as if the singletons were immortal (they are only from CPython 3.12 on). On 3.11 every
``painter.fillRect(...)`` or ``label.setText(...)`` then steals one reference, and after some
thousand calls the interpreter aborts with "Fatal Python error: none_dealloc". Giving the
singletons an enormous reference count makes them immortal in practice, as on 3.12. It touches
nothing else and is a no-op on 3.12+."""

from __future__ import annotations

import ctypes
import sys

_HEADROOM = 1 << 60


def immortalize_singletons() -> None:
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return
    for obj in (None, True, False, Ellipsis, NotImplemented):
        refcnt = ctypes.c_ssize_t.from_address(id(obj))  # ob_refcnt is a PyObject's first field
        if refcnt.value < _HEADROOM:
            refcnt.value += _HEADROOM
