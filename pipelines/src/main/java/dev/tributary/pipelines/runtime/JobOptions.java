package dev.tributary.pipelines.runtime;

import dev.tributary.io.postgres.PostgresOptions;
import dev.tributary.io.sources.SourceOptions;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

/**
 * What every job's options have: where its records come from ({@link SourceOptions}), the
 * PostgreSQL database that holds its run record and counts, and how a run shows itself.
 */
public interface JobOptions extends SourceOptions, PostgresOptions {
  @Description("Show a progress bar while a run from files writes (needs a terminal).")
  @Default.Boolean(true)
  boolean getProgress();

  void setProgress(boolean value);
}
