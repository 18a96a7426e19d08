#!/bin/sh
# The browser tests drive Debian's Chromium (Playwright's own browser download is not used).
set -eu
CHROMIUM=${BRAID_CHROMIUM:-/usr/bin/chromium}
[ -x "$CHROMIUM" ] && command -v pdftoppm >/dev/null && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Chromium and poppler-utils for the browser tests (apt)…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils fonts-dejavu-core >/dev/null
elif command -v sudo >/dev/null && command -v apt-get >/dev/null; then
  sudo apt-get update -qq
  sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils fonts-dejavu-core >/dev/null
else
  echo "Chromium not found at $CHROMIUM: install it (apt-get install chromium) to run the browser tests." >&2
fi
