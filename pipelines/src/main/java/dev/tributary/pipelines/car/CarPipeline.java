package dev.tributary.pipelines.car;

import dev.tributary.io.postgres.UpsertSink;
import dev.tributary.io.runs.Ledger;
import dev.tributary.io.sources.Input;
import dev.tributary.io.sources.Sources;
import dev.tributary.pipelines.runtime.Job;
import dev.tributary.pipelines.runtime.JobContext;
import dev.tributary.pipelines.runtime.JobRunner;
import dev.tributary.pipelines.runtime.RunSummary;
import dev.tributary.transforms.DeadLetters;
import dev.tributary.transforms.RecordIds;
import dev.tributary.transforms.clean.Clean;
import dev.tributary.transforms.parse.ParseCsv;
import java.io.PrintStream;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.values.PCollectionTuple;

/**
 * The UCI car evaluation data (seed 004 §5): Beam reads car.data (no header), checks every row
 * against the values of car.names ({@link CarRules}; others are dead letters with their reasons)
 * and stores it in {@code ml.cars}; after the run the driver reads the rows back and Tribuo
 * cross-validates classifiers of the buying price ({@link CarRun}), stores their figures and the
 * prediction for the job's car, and writes the model file. 1,728 rows train in a second: the model
 * needs no cluster, the ingest keeps the shared reading, validation and storing.
 *
 * <p>Run: {@code scripts/run.sh car [--input FILE] [--outputDir DIR] [--folds K] [--seed S]}.
 */
public final class CarPipeline implements Job<CarOptions> {
  /** Every bad value of a row in its one dead letter, so a rejected row says all that is wrong. */
  private static final ParseCsv<Car> PARSE =
      ParseCsv.of(Car.class, CarRules.COLUMNS, Car::fromCsv)
          .withCleaning(
              Clean.<Car>create()
                  .withRule(
                      car -> {
                        List<String> reasons = CarRules.violations(car.values());
                        return reasons.isEmpty() ? null : String.join("; ", reasons);
                      }));

  private long runId;

  public static void main(String[] args) {
    JobRunner.main(new CarPipeline(), args);
  }

  @Override
  public String name() {
    return "car";
  }

  @Override
  public String description() {
    return "UCI car evaluation rows validated into PostgreSQL, then buying-price classifiers"
        + " cross-validated against the majority baseline and the job's car predicted.";
  }

  @Override
  public Class<CarOptions> optionsClass() {
    return CarOptions.class;
  }

  @Override
  public Sources.Checked check(CarOptions options) {
    return Sources.check(options, input(options));
  }

  private static Input input(CarOptions options) {
    return Input.csv("Cars", CarRules.COLUMNS).files(options.getInput()).withoutHeader();
  }

  @Override
  public void beforeRun(CarOptions options, Sources.Checked input, Ledger ledger) {
    runId = ledger.runId();
  }

  @Override
  public void build(Pipeline pipeline, CarOptions options, JobContext context) {
    PCollectionTuple parsed = context.read(input(options)).apply("ParseAndCheckCars", PARSE);
    context.reject(parsed.get(DeadLetters.TAG));
    context.write(
        "WriteCars",
        parsed.get(PARSE.parsedTag()),
        UpsertSink.<Car>into(context.ledger().jdbcUrl(), "ml.cars")
            .withKeys("buying", "maint", "doors", "persons", "lug_boot", "safety")
            .withValue("run_id", "?", context.ledger().runId())
            .withUncompared("run_id")
            .withCounting(
                context
                    .ledger()
                    .written("cars", c -> RecordIds.of(String.join(",", c.values()), 0))));
  }

  @Override
  public void afterRun(CarOptions options, String jdbcUrl) {
    CarRun.train(options, jdbcUrl, runId);
  }

  @Override
  public void report(CarOptions options, RunSummary summary, PrintStream out) {
    CarRun.report(options.getJdbcUrl(), summary.runId(), out);
  }
}
