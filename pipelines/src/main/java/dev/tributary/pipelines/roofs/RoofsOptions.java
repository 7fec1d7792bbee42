package dev.tributary.pipelines.roofs;

import dev.tributary.io.kafka.KafkaOptions;
import dev.tributary.io.postgres.PostgresOptions;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

/** Options of the roofs pipeline: where models come from, where the exports go. */
public interface RoofsOptions extends PostgresOptions, KafkaOptions {
  enum Source {
    file,
    kafka
  }

  @Description(
      "Where models come from: file (--input) or kafka (--topic, one model JSON per message).")
  @Default.Enum("file")
  Source getSource();

  void setSource(Source value);

  @Description(
      "Model files: a path or glob; one JSON object per file, a JSON array of them, or JSON Lines.")
  @Default.String("data/sample/roofs/*.json")
  String getInput();

  void setInput(String value);

  @Description("Directory the CSV exports are written to (runs from files).")
  @Default.String("output/roofs")
  String getOutputDir();

  void setOutputDir(String value);

  @Description("Kafka topic of model updates, with --source=kafka.")
  @Default.String("roofs")
  String getTopic();

  void setTopic(String value);
}
