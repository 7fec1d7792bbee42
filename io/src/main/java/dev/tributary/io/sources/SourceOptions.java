package dev.tributary.io.sources;

import dev.tributary.io.kafka.KafkaOptions;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

/** Where a pipeline's records come from: files once (a batch), or a Kafka topic (a stream). */
public interface SourceOptions extends KafkaOptions {
  /** The kinds of source; the names are the option's values. */
  enum Source {
    file,
    kafka
  }

  @Description(
      "file: read --input once (a batch); kafka: read --topic until stopped (a stream; Ctrl-C"
          + " ends it cleanly), or --maxRecords of it (a batch).")
  @Default.Enum("file")
  Source getSource();

  void setSource(Source value);
}
