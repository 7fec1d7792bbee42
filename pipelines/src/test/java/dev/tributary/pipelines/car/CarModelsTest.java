package dev.tributary.pipelines.car;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.classification.Label;

class CarModelsTest {
  /** 40 rows where {@code colour} decides the label and {@code noise} says nothing; 3 of 4 "a". */
  private static List<Example<Label>> decided() {
    List<Example<Label>> examples = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      boolean a = i % 4 != 0;
      examples.add(
          CarModels.example(
              a ? "a" : "b", Map.of("colour", a ? "red" : "blue", "noise", String.valueOf(i % 3))));
    }
    return examples;
  }

  @Test
  void baselineIsTheMajorityShare() {
    assertEquals(0.75, CarModels.baseline(decided()), 1e-9);
  }

  @Test
  void aDecidingFeatureIsLearnedByEveryKind() {
    for (CarModels.Kind kind : CarModels.kinds(7)) {
      CarModels.Evaluation e = CarModels.evaluate(kind, decided(), 5, 7);
      assertEquals(1.0, e.accuracy(), kind.name());
      assertEquals(Map.of("a", Map.of("a", 30L), "b", Map.of("b", 10L)), e.confusion());
    }
  }

  @Test
  void crossValidationRepeatsWithItsSeed() {
    CarModels.Kind kind = CarModels.kinds(7).get(1);
    assertEquals(
        CarModels.evaluate(kind, decided(), 5, 7), CarModels.evaluate(kind, decided(), 5, 7));
  }

  @Test
  void probabilitiesSumToOne() {
    Model<Label> model = CarModels.kinds(7).get(1).trainer().train(CarModels.dataset(decided()));
    Map<String, Double> p = CarModels.probabilities(model, Map.of("colour", "red", "noise", "1"));
    assertEquals(1.0, p.values().stream().mapToDouble(Double::doubleValue).sum(), 1e-9);
    assertEquals(true, p.get("a") > p.get("b"));
  }
}
