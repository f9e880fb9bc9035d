#!/usr/bin/env bash
# Runs every test of the repository on a machine with Java 17, Maven and root (or sudo).
#
# Some tests drive real programs on 127.0.0.1, installed here from Debian when absent: headless
# Chromium and its driver (the quickstart's browser test), Xvfb (examples/desktop-tail's Swing
# window), Node.js and npm (server-core's test against the real socket.io-client, which `npm ci`
# fetches from the npm registry into server-core/target) and redis-server (the Redis broker's
# tests). Then `mvn -B verify`, with any arguments given to this script.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v java >/dev/null || { echo "$0: Java 17 is required" >&2; exit 1; }
command -v mvn >/dev/null || { echo "$0: Maven is required" >&2; exit 1; }

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
command -v Xvfb >/dev/null || missing+=(xvfb)
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
command -v redis-server >/dev/null || missing+=(redis-server)
if [ ${#missing[@]} -gt 0 ]; then
  echo "$0: installing ${missing[*]}" >&2
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update
  # env, not a plain assignment: sudo would drop the variable.
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
fi

exec mvn -B verify "$@"
