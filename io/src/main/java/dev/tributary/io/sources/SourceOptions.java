package dev.tributary.io.sources;

import dev.tributary.io.kafka.KafkaOptions;
import org.apache.beam.sdk.options.Description;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Where a pipeline's records come from: files once (a batch), a Kafka topic (a stream), an HTTP API
 * (a batch of requests, or the same on a schedule), or what an earlier run kept of them in
 * PostgreSQL (a rebuild). A pipeline that reads an API extends {@code HttpOptions} too.
 */
public interface SourceOptions extends KafkaOptions {
  /** The kinds of source; the names are the option's values. */
  enum Source {
    file,
    kafka,
    http,
    staged
  }

  @Description(
      "file: read --input once (a batch); kafka: read --topic until stopped (a stream; Ctrl-C"
          + " ends it cleanly), or --maxRecords of it (a batch); http: fetch the pipeline's API"
          + " requests once (a batch), or with --streaming=true also on its schedule until"
          + " stopped; staged: read again what earlier runs stored as it came (energy's raw"
          + " answers), without the API. Default: the pipeline's own (files for trips and roofs,"
          + " the API for energy).")
  @Nullable Source getSource();

  void setSource(Source value);
}
