#!/bin/sh
# Install Kafka Lab's desktop entry and icons for the current user (XDG base directories):
#   $XDG_DATA_HOME/applications/kafkalab.desktop   (XDG_DATA_HOME defaults to ~/.local/share;
#   $XDG_DATA_HOME/icons/hicolor/<N>x<N>/apps/kafkalab.png, scalable/apps/kafkalab.svg
# or, with PREFIX set, under $PREFIX/share instead (e.g. PREFIX=/usr/local as root).
#
#   packaging/install-desktop.sh EXECUTABLE [RESOURCES_DIR]
#
# EXECUTABLE is what the entry runs (.venv/bin/kafkalab of a source checkout, or dist/KafkaLab/KafkaLab);
# RESOURCES_DIR holds icons/ (default: resources/ beside this script's folder).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
exe=${1:?usage: install-desktop.sh EXECUTABLE [RESOURCES_DIR]}
resources=${2:-$here/../resources}
case $exe in /*) ;; *) exe=$(cd "$(dirname "$exe")" && pwd)/$(basename "$exe") ;; esac
[ -x "$exe" ] || { echo "install-desktop: $exe is not an executable" >&2; exit 1; }
if [ -n "${PREFIX:-}" ]; then
    data=$PREFIX/share
else
    data=${XDG_DATA_HOME:-$HOME/.local/share}
fi
desktop=$here/kafkalab.desktop
[ -f "$desktop" ] || desktop=$resources/../kafkalab.desktop  # the tarball keeps it at its top level
mkdir -p "$data/applications" "$data/icons/hicolor/scalable/apps"
# Exec: the path quoted as the Desktop Entry spec asks (spaces, quotes, backslashes, $ and `)
quoted=$(printf '%s' "$exe" | sed -e 's/[\\"`$]/\\&/g')
sed -e "s|@EXEC@|\"$quoted\"|" "$desktop" > "$data/applications/kafkalab.desktop"
chmod 644 "$data/applications/kafkalab.desktop"
for png in "$resources"/icons/hicolor/*/apps/kafkalab.png; do
    size=$(basename "$(dirname "$(dirname "$png")")")
    mkdir -p "$data/icons/hicolor/$size/apps"
    cp "$png" "$data/icons/hicolor/$size/apps/kafkalab.png"
done
cp "$resources/icons/kafkalab.svg" "$data/icons/hicolor/scalable/apps/kafkalab.svg"
# refresh the menus' caches where the tools exist (a desktop picks the entry up without them too)
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$data/applications" || true
command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$data/icons/hicolor" || true
echo "installed $data/applications/kafkalab.desktop (runs $exe) and its icons"
