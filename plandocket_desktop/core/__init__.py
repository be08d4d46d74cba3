"""The Qt-free core: reading, mapping, validation, the API client and the import job."""
