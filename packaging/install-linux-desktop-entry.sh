#!/usr/bin/env sh
# Adds PlanDocket Desktop Importer to the desktop's application menu for the current user, so
# staff can start it (and open spreadsheets with it) without a terminal. Run it after installing
# the package, with the plandocket-desktop command on PATH.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
apps="${XDG_DATA_HOME:-$HOME/.local/share}/applications"
icons="${XDG_DATA_HOME:-$HOME/.local/share}/icons/hicolor/scalable/apps"
mkdir -p "$apps" "$icons"
cp "$here/resources/linux/plandocket-desktop.desktop" "$apps/"
cp "$here/plandocket_desktop/resources/icon.svg" "$icons/plandocket-desktop.svg"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database "$apps" || true
echo "Added PlanDocket Desktop Importer to the application menu."
