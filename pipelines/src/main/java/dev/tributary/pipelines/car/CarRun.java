package dev.tributary.pipelines.car;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.io.postgres.Postgres;
import dev.tributary.pipelines.runtime.QueryTable;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.classification.Label;

/**
 * What a car run does after its graph, in the driver: reads the stored rows back, cross-validates
 * each model kind on the job's features, trains the probabilistic one on every row, predicts the
 * job's car, and stores the figures; the report prints them from what is stored.
 */
final class CarRun {
  /** The job's features: everything but persons, to predict buying. */
  static final List<String> FEATURES = List.of("maint", "doors", "lug_boot", "safety", "class");

  /** The job's car: maintenance high, 4 doors, lug boot big, safety high, class good. */
  static final Map<String, String> JOBS_CAR = jobsCar();

  private static final ObjectMapper JSON = new ObjectMapper();

  private CarRun() {}

  private static Map<String, String> jobsCar() {
    Map<String, String> car = new LinkedHashMap<>();
    car.put("maint", "high");
    car.put("doors", "4");
    car.put("lug_boot", "big");
    car.put("safety", "high");
    car.put("class", "good");
    return car;
  }

  static void train(CarOptions options, String jdbcUrl, long runId) {
    List<Example<Label>> examples = examples(jdbcUrl);
    List<CarModels.Kind> kinds = CarModels.kinds(options.getSeed());
    try (Connection c = Postgres.connect(jdbcUrl)) {
      for (CarModels.Kind kind : kinds) {
        store(c, runId, CarModels.evaluate(kind, examples, options.getFolds(), options.getSeed()));
      }
      // The logistic regression: the kind that gives class probabilities.
      CarModels.Kind probabilistic = kinds.get(1);
      Model<Label> model = probabilistic.trainer().train(CarModels.dataset(examples));
      Path file = Path.of(options.getOutputDir(), "car_" + runId + ".ser");
      write(model, file);
      Map<String, Double> p = CarModels.probabilities(model, JOBS_CAR);
      String best = p.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
      try (PreparedStatement s =
          c.prepareStatement(
              "INSERT INTO ml.car_predictions"
                  + " (run_id, model, features, buying, probabilities, model_file)"
                  + " VALUES (?, ?, ?::jsonb, ?, ?::jsonb, ?)")) {
        s.setLong(1, runId);
        s.setString(2, probabilistic.name());
        s.setString(3, JSON.writeValueAsString(JOBS_CAR));
        s.setString(4, best);
        s.setString(5, JSON.writeValueAsString(p));
        s.setString(6, file.toString());
        s.executeUpdate();
      }
    } catch (SQLException | IOException e) {
      throw new IllegalStateException("training the car models failed: " + e, e);
    }
  }

  /** Every stored row as an example of its buying price from {@link #FEATURES}. */
  private static List<Example<Label>> examples(String jdbcUrl) {
    try {
      QueryTable rows =
          QueryTable.query(
              jdbcUrl,
              "SELECT buying, maint, doors, lug_boot, safety, acceptability FROM ml.cars"
                  + " ORDER BY buying, maint, doors, persons, lug_boot, safety");
      List<Example<Label>> examples = new ArrayList<>();
      for (List<String> row : rows.rows()) {
        Map<String, String> features = new LinkedHashMap<>();
        for (int i = 0; i < FEATURES.size(); i++) {
          features.put(FEATURES.get(i), row.get(i + 1));
        }
        examples.add(CarModels.example(row.get(0), features));
      }
      return examples;
    } catch (SQLException e) {
      throw new IllegalStateException("reading ml.cars failed: " + e.getMessage(), e);
    }
  }

  private static void store(Connection c, long runId, CarModels.Evaluation e)
      throws SQLException, IOException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO ml.car_evaluations"
                + " (run_id, model, folds, seed, accuracy, baseline, confusion)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?::jsonb)")) {
      s.setLong(1, runId);
      s.setString(2, e.model());
      s.setInt(3, e.folds());
      s.setLong(4, e.seed());
      s.setDouble(5, e.accuracy());
      s.setDouble(6, e.baseline());
      s.setString(7, JSON.writeValueAsString(e.confusion()));
      s.executeUpdate();
    }
  }

  /** Java serialization: Tribuo models are Serializable and keep their provenance. */
  private static void write(Model<Label> model, Path file) {
    try {
      Files.createDirectories(file.getParent());
      try (ObjectOutputStream out = new ObjectOutputStream(Files.newOutputStream(file))) {
        out.writeObject(model);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the model to " + file, e);
    }
  }

  /** Each model's accuracy beside the baseline, its confusion matrix, then the prediction. */
  static void report(String jdbcUrl, long runId, PrintStream out) {
    try {
      for (List<String> r :
          QueryTable.query(
                  jdbcUrl,
                  "SELECT model, folds, round(accuracy::numeric, 4), round(baseline::numeric, 4),"
                      + " confusion::text FROM ml.car_evaluations WHERE run_id = ? ORDER BY model",
                  runId)
              .rows()) {
        out.printf(
            "car: %s, %s-fold cross-validated accuracy %s (majority baseline %s)%n",
            r.get(0), r.get(1), r.get(2), r.get(3));
        out.printf("car:   confusion (truth -> predicted: count) %s%n", r.get(4));
      }
      for (List<String> r :
          QueryTable.query(
                  jdbcUrl,
                  "SELECT model, features::text, buying, probabilities::text, model_file"
                      + " FROM ml.car_predictions WHERE run_id = ?",
                  runId)
              .rows()) {
        out.printf(
            "car: %s predicts buying %s for %s, probabilities %s%n",
            r.get(0), r.get(2), r.get(1), r.get(3));
        out.printf("car: model written to %s%n", r.get(4));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("the car report failed: " + e.getMessage(), e);
    }
  }
}
