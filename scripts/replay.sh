#!/usr/bin/env bash
# Replays a CSV file into a Kafka topic at a chosen rate (the producer for --source=kafka).
# Usage: scripts/replay.sh FILE [--topic trips] [--rate N] [--keyColumn region]
#                         [--retimeColumn datetime] [--partitions N] [--bootstrapServers H:P]
#   --rate          records per second (default: as fast as the broker takes them)
#   --retimeColumn  stamp that column with the send time, so the stream sees live trips;
#                   without it, send history before the stream starts (or load it as a file)
# Needs a broker: scripts/kafka.sh start. Example, a live demo in two terminals:
#   scripts/run.sh trips --source kafka
#   scripts/replay.sh data/sample/trips.csv --rate 50 --keyColumn region --retimeColumn datetime
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

(($# >= 1)) && [[ "$1" != --* ]] || die "usage: scripts/replay.sh FILE [--topic T] [--rate N] [--keyColumn C] [--retimeColumn C]"
file="$1"
shift
[[ -f "$file" ]] || die "no such file: $file"
ensure_built
run_main dev.tributary.pipelines.ReplayFile --file "$(cd "$(dirname "$file")" && pwd)/$(basename "$file")" "$@"
