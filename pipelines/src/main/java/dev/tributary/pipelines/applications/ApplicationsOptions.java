package dev.tributary.pipelines.applications;

import dev.tributary.pipelines.runtime.JobOptions;
import java.util.List;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.DefaultValueFactory;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.Hidden;
import org.apache.beam.sdk.options.PipelineOptions;
import org.checkerframework.checker.nullness.qual.Nullable;

/** Options of the applications job: where the files are dropped, where the verdicts go. */
public interface ApplicationsOptions extends JobOptions {
  @Description(
      "The dropped application files: a file or a glob (CSV, header"
          + " name,email,date_of_birth,mobile_no, columns by name).")
  @Default.String("data/sample/applications/*.csv")
  String getInput();

  void setInput(String value);

  @Description(
      "Where each run writes successful/applications_<run>.csv and"
          + " unsuccessful/applications_<run>.csv.")
  @Default.String("output/applications/")
  String getOutputDir();

  void setOutputDir(String value);

  @Description(
      "Watch --input for new files until stopped (a stream; Ctrl-C ends it): each new file is"
          + " judged once and written to its own pair of CSV files. Drop files whole (write"
          + " elsewhere, then move them in).")
  @Default.Boolean(false)
  boolean getWatch();

  void setWatch(boolean value);

  @Description("With --watch, how often to look for new files (ISO-8601, e.g. PT10S).")
  @Default.String("PT10S")
  String getPollInterval();

  void setPollInterval(String value);

  @Description("The run's date (YYYY-MM-DD): a birthday after it is implausible; default today.")
  @Nullable String getRunDate();

  void setRunDate(String value);

  @Hidden
  @Description(
      "The files of --input not processed before, as '<sha256> <path>', set by the job before it"
          + " runs.")
  @Default.InstanceFactory(NoFiles.class)
  List<String> getNewFiles();

  void setNewFiles(List<String> value);

  /** Not looked up yet. */
  class NoFiles implements DefaultValueFactory<List<String>> {
    @Override
    public List<String> create(PipelineOptions options) {
      return List.of();
    }
  }
}
