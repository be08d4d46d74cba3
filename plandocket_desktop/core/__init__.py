"""The Qt-free core: reading, mapping, validation, the API client and the import job."""

from plandocket_desktop.core import _allocator

_allocator.choose_allocator()
