"""The widgets the wizard's pages compose (drop area, previews, pickers, bars), one per module.

Pages import a module and use its widget: ``from plandocket_desktop.ui.widgets import drop_area``
then ``drop_area.DropArea(self)``. Widgets hold no wizard state; the page passes what they show.
"""
