#!/bin/sh
# Installs PlanDocket Desktop Importer for the current user, without root:
#   ./install.sh              the app into ~/.local/opt/plandocket-desktop (or
#                             $XDG_DATA_HOME/plandocket-desktop when XDG_DATA_HOME is set), the
#                             application-menu entry with "Open with" for spreadsheets, the
#                             icon, and the commands in ~/.local/bin
#   ./install.sh --uninstall  removes all of that again; the user's profiles, history, import
#                             journal and saved API key stay
#   ./install.sh --uninstall --purge   also removes those
# Run it from the unpacked folder (the one holding plandocket-desktop and this script).
set -eu

name=plandocket-desktop
here=$(cd "$(dirname "$0")" && pwd)
data_home=${XDG_DATA_HOME:-$HOME/.local/share}
if [ -n "${XDG_DATA_HOME:-}" ]; then
  target=${PLANDOCKET_INSTALL_DIR:-$XDG_DATA_HOME/$name}
else
  target=${PLANDOCKET_INSTALL_DIR:-$HOME/.local/opt/$name}
fi
apps=$data_home/applications
icons=$data_home/icons/hicolor/512x512/apps
bin=$HOME/.local/bin
entry=$apps/$name.desktop

uninstall=0
purge=0
for arg in "$@"; do
  case $arg in
    --uninstall) uninstall=1 ;;
    --purge) purge=1 ;;
    -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "install.sh: unknown option $arg (try --help)" >&2; exit 2 ;;
  esac
done

refresh() {
  if command -v update-desktop-database >/dev/null 2>&1; then update-desktop-database -q "$apps" || true; fi
  if command -v gtk-update-icon-cache >/dev/null 2>&1; then
    gtk-update-icon-cache -q -t "$data_home/icons/hicolor" >/dev/null 2>&1 || true
  fi
}

if [ "$uninstall" = 1 ]; then
  rm -f "$entry" "$icons/$name.png"
  for command in plandocket-desktop plandocket-import; do
    # only our own links, never a command of the same name installed another way
    if [ -L "$bin/$command" ] && [ "$(readlink "$bin/$command")" = "$target/$command" ]; then
      rm -f "$bin/$command"
    fi
  done
  if [ -f "$target/$name" ] && [ -f "$target/install.sh" ]; then rm -rf "$target"; fi
  refresh
  if [ "$purge" = 1 ]; then
    rm -rf "${XDG_CONFIG_HOME:-$HOME/.config}/$name" "$data_home/$name/logs" \
      "$data_home/$name/profiles" "$data_home/$name"/*.sqlite3 "$data_home/$name"/history.jsonl \
      "$data_home/$name/reports"
    rmdir "$data_home/$name" 2>/dev/null || true
    if command -v secret-tool >/dev/null 2>&1; then
      secret-tool clear service "PlanDocket Desktop Importer" 2>/dev/null || true
    fi
    echo "Removed PlanDocket Desktop Importer with your profiles, history and saved keys."
  else
    echo "Removed PlanDocket Desktop Importer. Your profiles, history and saved key are kept."
  fi
  exit 0
fi

if [ ! -x "$here/$name" ]; then
  echo "install.sh: run me from the unpacked PlanDocket folder ($here/$name is missing)." >&2
  exit 1
fi

mkdir -p "$apps" "$icons" "$bin" "$(dirname "$target")"
if [ "$here" != "$target" ]; then
  rm -rf "$target.new"
  cp -a "$here" "$target.new"
  rm -rf "$target"
  mv "$target.new" "$target"
fi
cp "$target/share/$name.png" "$icons/$name.png"
# The entry starts the installed app by its full path (no PATH needed from the menu).
sed -e "s#^Exec=.*#Exec=\"$target/$name\" %f#" \
    -e "s#^TryExec=.*##" \
    "$target/share/$name.desktop" > "$entry.tmp"
mv "$entry.tmp" "$entry"
ln -sfn "$target/plandocket-desktop" "$bin/plandocket-desktop"
ln -sfn "$target/plandocket-import" "$bin/plandocket-import"
refresh
echo "Installed PlanDocket Desktop Importer in $target."
echo "Start it from the application menu, or open a spreadsheet with it (\"Open with\")."
