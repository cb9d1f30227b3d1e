#!/usr/bin/env bash
# Unpacks Debian 13's libgpiod-dev (libgpiod 2.x, as on Raspberry Pi OS trixie) into DIR without
# installing it, so the build can compile the libgpiod v2 adapter on Debian 12.
# Usage: tests/drivers/gpio/fetch-libgpiod2-headers.sh DIR   (prints DIR/usr/include on success)
set -euo pipefail
dest=$(realpath -m "${1:?usage: $0 DIR}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/lists/partial" "$work/cache/archives/partial" "$dest"
echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian trixie main" \
  >"$work/sources.list"
apt_opts=(-q -o "Dir::Etc::sourcelist=$work/sources.list" -o Dir::Etc::sourceparts=/dev/null
  -o "Dir::State::Lists=$work/lists" -o "Dir::Cache=$work/cache" -o APT::Sandbox::User=root)
apt-get "${apt_opts[@]}" update >&2
(cd "$work" && apt-get "${apt_opts[@]}" download libgpiod-dev >&2)
dpkg-deb -x "$work"/libgpiod-dev_*.deb "$dest"
test -f "$dest/usr/include/gpiod.h"
echo "$dest/usr/include"
