#!/bin/sh
# Makes sure Debian's poppler-utils (pdftoppm) is installed for the print tests,
# which print pages to PDF in Chromium and render them with pdftoppm.
# Root with apt-get (as on CI here): install it. Anyone else: say loudly what is
# missing; the print tests that need it then skip, except under CI=true, where
# they fail.
command -v pdftoppm >/dev/null 2>&1 && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "==> Installing Debian's poppler-utils (pdftoppm) for the print tests"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends poppler-utils >/dev/null \
    && command -v pdftoppm >/dev/null 2>&1 && exit 0
  echo "!! apt-get could not install poppler-utils" >&2
fi

cat >&2 <<MSG

  !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!
  !!  No pdftoppm: the PRINTED-PAGE CHECKS WILL BE SKIPPED.
  !!  Install it, then run make test again:
  !!      sudo apt-get install poppler-utils      (Debian, Ubuntu)
  !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!

MSG
if [ "${CI:-}" = "true" ]; then
  echo "!! CI=true: a missing pdftoppm is a failure, not a skip." >&2
  exit 1
fi
exit 0
