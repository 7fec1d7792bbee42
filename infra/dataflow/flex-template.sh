#!/usr/bin/env bash
# Dataflow Flex Templates of the Tributary pipelines: the exact gcloud commands, nothing hidden.
# Usage: infra/dataflow/flex-template.sh metadata PIPELINE   regenerate PIPELINE/metadata.json
#        infra/dataflow/flex-template.sh build PIPELINE      build + push the image, write the spec
#        infra/dataflow/flex-template.sh run PIPELINE NAME=VALUE...   launch a job
# PIPELINE: one of `scripts/run.sh --list`. Needs the bundled jar (mvn -B -DskipTests package), and
# for build/run: gcloud (authenticated), docker, and PROJECT, REGION, BUCKET (gs://... for template specs and temp files),
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
jar="$(ls "$root"/pipelines/target/tributary-pipelines-*-bundled.jar 2>/dev/null | head -n 1 || true)"
[[ -n "$jar" ]] || die "no bundled jar; run: mvn -B -DskipTests package"
# The pipelines and their main classes come from the registry (dev.tributary.pipelines.Pipelines).
pipelines="$(java -cp "$jar" dev.tributary.pipelines.Main --list)"
main="$(awk -F'\t' -v p="$pipeline" '$1 == p { print $2 }' <<<"$pipelines")"
[[ -n "$main" ]] || die "unknown pipeline '$pipeline' (known: $(cut -f1 <<<"$pipelines" | paste -sd, -))"

need_cloud() {
  command -v gcloud >/dev/null || die "gcloud not found: install the Google Cloud CLI"
  : "${PROJECT:?set PROJECT}" "${REGION:?set REGION}" "${BUCKET:?set BUCKET (gs://...)}"
}

case "$cmd" in
  metadata)
    mkdir -p "$here/$pipeline"
    java -cp "$jar" dev.tributary.pipelines.dataflow.TemplateMetadata "$pipeline" \
      >"$here/$pipeline/metadata.json"
    echo "wrote infra/dataflow/$pipeline/metadata.json" ;;
  build)
    need_cloud
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
