"""The Qt-free core: reading, mapping, validation, the API client and the import job."""

from plandocket_desktop.core import _allocator
from plandocket_desktop.core._process import keep_pandas_unloaded

_allocator.choose_allocator()

__all__ = ["keep_pandas_unloaded"]
