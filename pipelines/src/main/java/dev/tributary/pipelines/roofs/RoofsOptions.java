package dev.tributary.pipelines.roofs;

import dev.tributary.pipelines.runtime.JobOptions;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

/** Options of the roofs pipeline: where models come from, where the exports go. */
public interface RoofsOptions extends JobOptions {
  @Description(
      "Model files: a path or glob; one JSON object per file, a JSON array of them, or JSON Lines.")
  @Default.String("data/sample/roofs/*.json")
  String getInput();

  void setInput(String value);

  @Description("Directory the CSV exports are written to (runs from files).")
  @Default.String("output/roofs")
  String getOutputDir();

  void setOutputDir(String value);

  @Description("Kafka topic of model updates, one model JSON per message, with --source=kafka.")
  @Default.String("roofs")
  String getTopic();

  void setTopic(String value);
}
