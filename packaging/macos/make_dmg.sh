#!/bin/sh
# Makes dist/plandocket-desktop-<version>-macos-<arch>.dmg from the .app that
# packaging/build.py wrote, with a link to /Applications to drag it onto.
# Signing and notarisation run only when an identity is configured:
#   MACOS_SIGN_IDENTITY   "Developer ID Application: …" (codesign)
#   MACOS_NOTARY_PROFILE  a notarytool keychain profile (xcrun notarytool store-credentials)
# Without them the DMG is unsigned (fine for testing; Gatekeeper asks once: right-click > Open).
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
version=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' "$root/plandocket_desktop/__init__.py")
arch=$(uname -m | sed 's/aarch64/arm64/')
app="$root/dist/PlanDocket Desktop Importer.app"
dmg="$root/dist/plandocket-desktop-$version-macos-$arch.dmg"
[ -d "$app" ] || { echo "make_dmg.sh: $app is missing; run packaging/build.py first" >&2; exit 1; }

if [ -n "${MACOS_SIGN_IDENTITY:-}" ]; then
  codesign --deep --force --options runtime --timestamp \
    --entitlements "$root/packaging/macos/entitlements.plist" \
    --sign "$MACOS_SIGN_IDENTITY" "$app"
  codesign --verify --deep --strict "$app"
else
  echo "make_dmg.sh: no MACOS_SIGN_IDENTITY: the app is not signed (skipped)."
fi

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
cp -R "$app" "$stage/"
ln -s /Applications "$stage/Applications"
rm -f "$dmg"
hdiutil create -volname "PlanDocket Desktop Importer" -srcfolder "$stage" -ov -format UDZO "$dmg"

if [ -n "${MACOS_SIGN_IDENTITY:-}" ]; then
  codesign --force --timestamp --sign "$MACOS_SIGN_IDENTITY" "$dmg"
  if [ -n "${MACOS_NOTARY_PROFILE:-}" ]; then
    xcrun notarytool submit "$dmg" --keychain-profile "$MACOS_NOTARY_PROFILE" --wait
    xcrun stapler staple "$dmg"
  else
    echo "make_dmg.sh: no MACOS_NOTARY_PROFILE: not notarised (skipped)."
  fi
fi
echo "$dmg"
