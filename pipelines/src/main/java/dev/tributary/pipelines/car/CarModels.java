package dev.tributary.pipelines.car;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.evaluation.LabelEvaluation;
import org.tribuo.classification.evaluation.LabelEvaluator;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;
import org.tribuo.datasource.ListDataSource;
import org.tribuo.evaluation.CrossValidation;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Tribuo on categorical rows: each attribute one-hot ({@code maint=high} is 1, the rest absent),
 * since the values are names, not quantities; k-fold cross-validation with a fixed seed, so a run
 * repeats its figures; and the majority-class share as the baseline a model must beat.
 */
final class CarModels {
  static final LabelFactory LABELS = new LabelFactory();

  /**
   * Tribuo logs every thousand SGD iterations at INFO through java.util.logging, which would fill a
   * run's report; warnings still show. Held here: the logging keeps only a weak reference.
   */
  private static final Logger TRIBUO = quiet(Logger.getLogger("org.tribuo"));

  private CarModels() {}

  private static Logger quiet(Logger logger) {
    logger.setLevel(Level.WARNING);
    return logger;
  }

  /** A model kind compared: its name and a trainer with a fixed seed. */
  record Kind(String name, Trainer<Label> trainer) {}

  /** The kinds the job compares: a CART tree and a logistic regression (gives probabilities). */
  static List<Kind> kinds(long seed) {
    return List.of(
        new Kind("cart-tree", new CARTClassificationTrainer(Integer.MAX_VALUE, 1.0f, seed)),
        new Kind("logistic-regression", new LogisticRegressionTrainer()));
  }

  /** One model kind's cross-validated figures; {@code confusion} is truth → predicted → count. */
  record Evaluation(
      String model,
      int folds,
      long seed,
      double accuracy,
      double baseline,
      Map<String, Map<String, Long>> confusion) {}

  static Example<Label> example(String label, Map<String, String> features) {
    ArrayExample<Label> example = new ArrayExample<>(new Label(label));
    features.forEach((name, value) -> example.add(name + "=" + value, 1.0));
    return example;
  }

  /** Unlabelled: for a prediction. */
  static Example<Label> unlabelled(Map<String, String> features) {
    ArrayExample<Label> example = new ArrayExample<>(LABELS.getUnknownOutput());
    features.forEach((name, value) -> example.add(name + "=" + value, 1.0));
    return example;
  }

  static MutableDataset<Label> dataset(List<Example<Label>> examples) {
    return new MutableDataset<>(
        new ListDataSource<>(examples, LABELS, new SimpleDataSourceProvenance("car rows", LABELS)));
  }

  /** The share of the most common label: what always guessing it scores. */
  static double baseline(List<Example<Label>> examples) {
    Map<String, Long> counts = new TreeMap<>();
    examples.forEach(e -> counts.merge(e.getOutput().getLabel(), 1L, Long::sum));
    long most = counts.values().stream().mapToLong(Long::longValue).max().orElse(0);
    return examples.isEmpty() ? 0 : (double) most / examples.size();
  }

  /** {@code kind} cross-validated over {@code folds} folds split by {@code seed}. */
  static Evaluation evaluate(Kind kind, List<Example<Label>> examples, int folds, long seed) {
    CrossValidation<Label, LabelEvaluation> cv =
        new CrossValidation<>(kind.trainer(), dataset(examples), new LabelEvaluator(), folds, seed);
    Map<String, Map<String, Long>> confusion = new TreeMap<>();
    long correct = 0;
    long total = 0;
    for (var fold : cv.evaluate()) {
      for (Prediction<Label> p : fold.getA().getPredictions()) {
        String truth = p.getExample().getOutput().getLabel();
        String predicted = p.getOutput().getLabel();
        confusion.computeIfAbsent(truth, t -> new TreeMap<>()).merge(predicted, 1L, Long::sum);
        correct += truth.equals(predicted) ? 1 : 0;
        total++;
      }
    }
    return new Evaluation(
        kind.name(), folds, seed, (double) correct / total, baseline(examples), confusion);
  }

  /** {@code model}'s label for {@code features} and each label's probability (sum 1). */
  static Map<String, Double> probabilities(Model<Label> model, Map<String, String> features) {
    Prediction<Label> p = model.predict(unlabelled(features));
    Map<String, Double> scores = new LinkedHashMap<>();
    p.getOutputScores().forEach((label, l) -> scores.put(label, l.getScore()));
    double sum = scores.values().stream().mapToDouble(Double::doubleValue).sum();
    scores.replaceAll((label, score) -> score / sum);
    return scores;
  }
}
