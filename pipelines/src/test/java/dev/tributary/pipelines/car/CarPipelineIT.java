package dev.tributary.pipelines.car;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.io.postgres.TestDatabase;
import dev.tributary.pipelines.runtime.JobRunner;
import dev.tributary.pipelines.runtime.RunSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The car job on real PostgreSQL: the whole data set stored once, the models' figures. */
class CarPipelineIT {
  static final Path SAMPLE =
      Path.of(System.getProperty("user.dir")).resolveSibling("data/sample/car/car.data");

  @RegisterExtension final TestDatabase db = TestDatabase.perTest(true);
  @TempDir Path out;

  private RunSummary run() {
    CarOptions options =
        PipelineOptionsFactory.fromArgs(
                "--input=" + SAMPLE,
                "--outputDir=" + out,
                "--jdbcUrl=" + db.jdbcUrl(),
                "--progress=false")
            .as(CarOptions.class);
    RunSummary summary = JobRunner.run(new CarPipeline(), options);
    assertTrue(summary.isComplete(), summary.toString());
    return summary;
  }

  @Test
  void theDataSetIsStoredOnceAndTheModelsAreEvaluated() throws Exception {
    RunSummary first = run();
    assertEquals(1728, first.read());
    assertEquals(1728, first.written());
    assertEquals(0, first.rejected());
    List<String> rows = db.queryRows("SELECT * FROM ml.cars ORDER BY 1, 2, 3, 4, 5, 6");
    assertEquals(1728, rows.size());

    RunSummary second = run();
    assertEquals(0, second.rejected());
    assertEquals(rows, db.queryRows("SELECT * FROM ml.cars ORDER BY 1, 2, 3, 4, 5, 6"));

    assertEquals(
        List.of("cart-tree|t|t", "logistic-regression|t|t"),
        db.queryRows(
            "SELECT model, accuracy BETWEEN 0 AND 1, baseline = 0.25 FROM ml.car_evaluations"
                + " WHERE run_id = "
                + second.runId()
                + " ORDER BY model"));
    List<String> prediction =
        db.queryRows(
            "SELECT (SELECT abs(sum(value::numeric) - 1) < 1e-9"
                + " FROM jsonb_each_text(probabilities)), model_file FROM ml.car_predictions"
                + " WHERE run_id = "
                + second.runId());
    assertEquals(1, prediction.size());
    assertTrue(prediction.get(0).startsWith("t|"), prediction.toString());
    assertTrue(Files.size(Path.of(prediction.get(0).substring(2))) > 0);
  }
}
