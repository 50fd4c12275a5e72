#!/bin/sh
# Makes sure Debian's Chromium is installed for the browser tests.
# Root with apt-get (as on CI here): install it. Anyone else: say loudly what is
# missing; the browser tests then skip, except under CI=true, where they fail.
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
[ -x "$CHROMIUM" ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "==> Installing Debian's chromium for the browser tests"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null \
    && exit 0
  echo "!! apt-get could not install chromium" >&2
fi

cat >&2 <<MSG

  !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!
  !!  No Chromium at $CHROMIUM: the BROWSER TESTS WILL BE SKIPPED.
  !!  Install it, then run make test again:
  !!      sudo apt-get install chromium      (Debian, Ubuntu)
  !!  or point CHROMIUM at another Chromium binary.
  !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!

MSG
if [ "${CI:-}" = "true" ]; then
  echo "!! CI=true: a missing browser is a failure, not a skip." >&2
  exit 1
fi
exit 0
