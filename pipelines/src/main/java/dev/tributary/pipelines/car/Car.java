package dev.tributary.pipelines.car;

import com.google.auto.value.AutoValue;
import dev.tributary.transforms.parse.CsvRecord;
import java.io.Serializable;
import java.util.List;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;

/** A row of car.data: a row of {@code ml.cars}; {@code acceptability} is the file's class. */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class Car implements Serializable {
  public abstract String getBuying();

  public abstract String getMaint();

  public abstract String getDoors();

  public abstract String getPersons();

  public abstract String getLugBoot();

  public abstract String getSafety();

  public abstract String getAcceptability();

  static Car of(List<String> v) {
    return new AutoValue_Car(v.get(0), v.get(1), v.get(2), v.get(3), v.get(4), v.get(5), v.get(6));
  }

  /** Values as they are: {@link CarRules} judges them, so a bad one reaches a dead letter. */
  static Car fromCsv(CsvRecord record) {
    return of(
        List.of(
            record.get(0),
            record.get(1),
            record.get(2),
            record.get(3),
            record.get(4),
            record.get(5),
            record.get(6)));
  }

  List<String> values() {
    return List.of(
        getBuying(),
        getMaint(),
        getDoors(),
        getPersons(),
        getLugBoot(),
        getSafety(),
        getAcceptability());
  }
}
