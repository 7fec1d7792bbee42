package dev.tributary.pipelines.applications;

import dev.tributary.pipelines.applications.DroppedFiles.Dropped;
import java.nio.file.Path;
import org.apache.beam.sdk.coders.BooleanCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.state.Timer;
import org.apache.beam.sdk.state.TimerSpec;
import org.apache.beam.sdk.state.TimerSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.joda.time.Duration;

/**
 * In a stream, a file is done when every line of it is stored: then it is registered as processed
 * and its CSV files are written ({@code applications_<run>_<file>.csv}). Its lines are written by
 * other workers, in bundles of their own; so each file judged looks, every {@link #LOOK_EVERY},
 * whether they all are (a processing-time timer per content hash).
 */
final class RegisterFiles extends PTransform<PCollection<KV<String, String>>, PDone> {
  static final Duration LOOK_EVERY = Duration.standardSeconds(1);

  private final String jdbcUrl;
  private final long runId;
  private final String outputDir;

  RegisterFiles(String jdbcUrl, long runId, String outputDir) {
    this.jdbcUrl = jdbcUrl;
    this.runId = runId;
    this.outputDir = outputDir;
  }

  @Override
  public PDone expand(PCollection<KV<String, String>> files) {
    files.apply("WhenStored", ParDo.of(new WhenStoredFn(jdbcUrl, runId, outputDir)));
    return PDone.in(files.getPipeline());
  }

  private static final class WhenStoredFn extends DoFn<KV<String, String>, Void> {
    private final String jdbcUrl;
    private final long runId;
    private final String outputDir;

    @StateId("path")
    private final StateSpec<ValueState<String>> pathSpec = StateSpecs.value(StringUtf8Coder.of());

    @StateId("done")
    private final StateSpec<ValueState<Boolean>> doneSpec = StateSpecs.value(BooleanCoder.of());

    @TimerId("look")
    private final TimerSpec lookSpec = TimerSpecs.timer(TimeDomain.PROCESSING_TIME);

    WhenStoredFn(String jdbcUrl, long runId, String outputDir) {
      this.jdbcUrl = jdbcUrl;
      this.runId = runId;
      this.outputDir = outputDir;
    }

    @ProcessElement
    public void process(
        @Element KV<String, String> file,
        @StateId("path") ValueState<String> path,
        @TimerId("look") Timer look) {
      if (path.read() == null) {
        path.write(file.getValue());
        look.offset(LOOK_EVERY).setRelative();
      }
    }

    @OnTimer("look")
    public void look(
        @Key String sha256,
        @StateId("path") ValueState<String> path,
        @StateId("done") ValueState<Boolean> done,
        @TimerId("look") Timer look) {
      if (Boolean.TRUE.equals(done.read())) {
        return;
      }
      Dropped file = new Dropped(sha256, path.read());
      ApplicationsRun.Registration registration = ApplicationsRun.register(jdbcUrl, file, runId);
      if (registration == ApplicationsRun.Registration.LINES_PENDING) {
        look.offset(LOOK_EVERY).setRelative(); // lines still on their way
        return;
      }
      done.write(true);
      if (registration == ApplicationsRun.Registration.ALREADY) {
        // A concurrent run judged the same file and registered it first: its files hold the rows.
        System.out.printf(
            "applications: %s was registered by another run meanwhile%n", file.path());
        return;
      }
      String name = runId + "_" + stem(file.path());
      ApplicationsRun.export(jdbcUrl, outputDir, "f.sha256 = ?", sha256, name);
      System.out.printf(
          "applications: %s done: written to %s and %s%n",
          file.path(),
          ApplicationsRun.output(outputDir, "successful", name),
          ApplicationsRun.output(outputDir, "unsuccessful", name));
    }

    private static String stem(String path) {
      String name = Path.of(path).getFileName().toString();
      int dot = name.lastIndexOf('.');
      return dot > 0 ? name.substring(0, dot) : name;
    }
  }
}
