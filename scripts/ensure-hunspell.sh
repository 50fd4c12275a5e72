#!/bin/sh
# Makes sure Hunspell and Debian's en_GB dictionary are installed for the prose
# checks (guide prose, make prose). Root with apt-get (as on CI here): install
# them. Anyone else: say loudly what is missing; the dictionary check is then
# skipped with a warning, except under CI=true, where it is a failure.
has_dictionary() {
  command -v hunspell >/dev/null 2>&1 && hunspell -D </dev/null 2>&1 | grep -q '/en_GB$'
}
has_dictionary && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "==> Installing Debian's hunspell and hunspell-en-gb for the prose checks"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends hunspell hunspell-en-gb >/dev/null \
    && has_dictionary && exit 0
  echo "!! apt-get could not install hunspell and hunspell-en-gb" >&2
fi

cat >&2 <<MSG

  !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!
  !!  No Hunspell with an en_GB dictionary: the BRITISH ENGLISH
  !!  DICTIONARY CHECK WILL BE SKIPPED (codespell still runs).
  !!  Install them, then run make prose again:
  !!      sudo apt-get install hunspell hunspell-en-gb   (Debian, Ubuntu)
  !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!

MSG
if [ "${CI:-}" = "true" ]; then
  echo "!! CI=true: a missing dictionary is a failure, not a skip." >&2
  exit 1
fi
exit 0
