package dev.tributary.pipelines.energy;

import com.google.auto.value.AutoValue;
import java.io.Serializable;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;

/** One check over some answers: how many things it looked at, how many failed, an example. */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class CheckCount implements Serializable {
  public abstract String getDataset();

  public abstract String getCheck();

  public abstract long getFailures();

  public abstract long getTotal();

  public abstract String getExample();

  static CheckCount of(
      String dataset, QualityCheck.Kind kind, long failures, long total, String example) {
    return new AutoValue_CheckCount(dataset, kind.key(), failures, total, example);
  }

  /** Both together; the example of the first failure in a stable order. */
  CheckCount plus(CheckCount other) {
    String example =
        getExample().isEmpty()
            ? other.getExample()
            : other.getExample().isEmpty() || getExample().compareTo(other.getExample()) <= 0
                ? getExample()
                : other.getExample();
    return new AutoValue_CheckCount(
        getDataset(),
        getCheck(),
        getFailures() + other.getFailures(),
        getTotal() + other.getTotal(),
        example);
  }

  QualityCheck.Kind kind() {
    return QualityCheck.Kind.valueOf(getCheck().toUpperCase(java.util.Locale.ROOT));
  }
}
