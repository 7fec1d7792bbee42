#!/usr/bin/env bash
# Dataflow Flex Templates of the Tributary pipelines: the exact gcloud commands, nothing hidden.
# Usage: infra/dataflow/flex-template.sh metadata PIPELINE   regenerate PIPELINE/metadata.json
#        infra/dataflow/flex-template.sh build PIPELINE      build + push the image, write the spec
#        infra/dataflow/flex-template.sh run PIPELINE NAME=VALUE...   launch a job
# PIPELINE: trips or roofs. Needs for build/run: gcloud (authenticated), docker, and
#   PROJECT, REGION, BUCKET (gs://... for template specs and temp files),
#   REPOSITORY (Artifact Registry Docker repository, default tributary).
# Example:
#   PROJECT=my-proj REGION=europe-west1 BUCKET=gs://my-bucket infra/dataflow/flex-template.sh build trips
#   PROJECT=my-proj REGION=europe-west1 BUCKET=gs://my-bucket infra/dataflow/flex-template.sh run trips \
#     input=gs://my-bucket/trips/*.csv sink=bigquery bigQueryDataset=my-proj:tributary
# Not run from here (no Google Cloud account is reachable): what is verified offline is listed in
# the README's "Google Cloud" section.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
die() { echo "error: $*" >&2; exit 2; }

(($# >= 2)) || die "usage: infra/dataflow/flex-template.sh metadata|build|run PIPELINE [NAME=VALUE...]"
cmd="$1" pipeline="$2"
shift 2
case "$pipeline" in
  trips) main=dev.tributary.pipelines.trips.TripsPipeline options=dev.tributary.pipelines.trips.TripsOptions
         title="Tributary trips"
         about="Vehicle trips (CSV files or a Kafka topic) to PostgreSQL and/or BigQuery: similar-trip groups, weekly counts, dead letters." ;;
  roofs) main=dev.tributary.pipelines.roofs.RoofsPipeline options=dev.tributary.pipelines.roofs.RoofsOptions
         title="Tributary roofs"
         about="Roof-geometry models (JSON files or a Kafka topic) to a versioned model in PostgreSQL, and CSV exports for analysts, data scientists and the tiling API." ;;
  *) die "unknown pipeline '$pipeline' (known: trips, roofs)" ;;
esac
jar="$(ls "$root"/pipelines/target/tributary-pipelines-*-bundled.jar 2>/dev/null | head -n 1 || true)"

need_cloud() {
  command -v gcloud >/dev/null || die "gcloud not found: install the Google Cloud CLI"
  : "${PROJECT:?set PROJECT}" "${REGION:?set REGION}" "${BUCKET:?set BUCKET (gs://...)}"
}

case "$cmd" in
  metadata)
    [[ -n "$jar" ]] || die "no bundled jar; run: mvn -B -DskipTests package"
    java -cp "$jar" dev.tributary.pipelines.dataflow.TemplateMetadata "$options" "$title" "$about" \
      >"$here/$pipeline/metadata.json"
    echo "wrote infra/dataflow/$pipeline/metadata.json" ;;
  build)
    need_cloud
    [[ -n "$jar" ]] || die "no bundled jar; run: mvn -B -DskipTests package"
    image="$REGION-docker.pkg.dev/$PROJECT/${REPOSITORY:-tributary}/$pipeline:latest"
    docker build -f "$here/Dockerfile" --build-arg MAIN_CLASS="$main" \
      --build-arg JAR="${jar#"$root/"}" -t "$image" "$root"
    docker push "$image"
    gcloud dataflow flex-template build "$BUCKET/templates/$pipeline.json" \
      --project "$PROJECT" --image "$image" --sdk-language JAVA \
      --metadata-file "$here/$pipeline/metadata.json" ;;
  run)
    need_cloud
    params="$(IFS=,; echo "$*")"
    gcloud dataflow flex-template run "$pipeline-$(date +%Y%m%d-%H%M%S)" \
      --project "$PROJECT" --region "$REGION" \
      --template-file-gcs-location "$BUCKET/templates/$pipeline.json" \
      --temp-location "$BUCKET/tmp" \
      ${params:+--parameters "$params"} ;;
  *) die "unknown command '$cmd' (metadata, build, run)" ;;
esac
