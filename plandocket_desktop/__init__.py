"""PlanDocket Desktop Importer: spreadsheets of people into PlanDocket, as contacts or participants."""

__version__ = "0.1.0"
APP_NAME = "PlanDocket Desktop Importer"
APP_ID = "plandocket-desktop"
