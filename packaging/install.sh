#!/bin/sh
# Install the packaged Kafka Lab (this tarball's KafkaLab/ folder) for the current user — no Python needed:
#   the app           → ${KAFKALAB_HOME:-$HOME/.local/opt/KafkaLab}
#   a command         → ${BINDIR:-$HOME/.local/bin}/kafkalab  (the app, `kafkalab serve`, the tools)
#   menu entry, icons → $XDG_DATA_HOME (default ~/.local/share), or $PREFIX/share with PREFIX set
#
#   ./install.sh             install or update
#   ./install.sh --uninstall remove all three (the lab's data under ~/.local/share/kafkalab stays)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
target=${KAFKALAB_HOME:-$HOME/.local/opt/KafkaLab}
bindir=${BINDIR:-$HOME/.local/bin}
if [ -n "${PREFIX:-}" ]; then data=$PREFIX/share; else data=${XDG_DATA_HOME:-$HOME/.local/share}; fi

if [ "${1:-}" = "--uninstall" ]; then
    rm -rf "$target"
    rm -f "$bindir/kafkalab" "$data/applications/kafkalab.desktop" "$data/icons/hicolor/scalable/apps/kafkalab.svg"
    rm -f "$data"/icons/hicolor/*/apps/kafkalab.png
    echo "removed Kafka Lab from $target, $bindir and $data"
    exit 0
fi

[ -x "$here/KafkaLab/KafkaLab" ] || { echo "install.sh: no KafkaLab/KafkaLab beside this script" >&2; exit 1; }
mkdir -p "$(dirname "$target")" "$bindir"
rm -rf "$target.new"
cp -a "$here/KafkaLab" "$target.new"
rm -rf "$target"
mv "$target.new" "$target"
ln -sf "$target/KafkaLab" "$bindir/kafkalab"
sh "$here/install-desktop.sh" "$target/KafkaLab" "$target/_internal/resources"
echo "Kafka Lab is installed: open it from the applications menu, or run kafkalab"
case ":$PATH:" in *":$bindir:"*) ;; *) echo "(add $bindir to your PATH to run kafkalab from a terminal)" ;; esac
echo "check it with: kafkalab --smoke-test"
