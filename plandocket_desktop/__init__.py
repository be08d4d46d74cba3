"""PlanDocket Desktop Importer: spreadsheets of people into PlanDocket."""

__version__ = "0.1.0"
APP_NAME = "PlanDocket Desktop Importer"
APP_ID = "plandocket-desktop"
