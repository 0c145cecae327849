#!/bin/sh
# Browser tests and image export need Chromium and its driver; install them when absent (Debian, as root).
set -e
if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
    exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
else
    echo "Chromium y chromedriver no están instalados: instálelos (Debian: apt-get install chromium chromium-driver)" >&2
    exit 1
fi
