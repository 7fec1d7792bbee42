package dev.tributary.transforms.parse;

import java.io.Serializable;
import java.util.Objects;
import org.apache.beam.sdk.schemas.JavaFieldSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.checkerframework.checker.nullness.qual.Nullable;

/** A JSON-bound test record: public fields for both Jackson and Beam's JavaFieldSchema. */
@DefaultSchema(JavaFieldSchema.class)
public class Reading implements Serializable {
  public @Nullable String sensor;
  public int value;

  public Reading() {}

  public Reading(String sensor, int value) {
    this.sensor = sensor;
    this.value = value;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Reading r && Objects.equals(r.sensor, sensor) && r.value == value;
  }

  @Override
  public int hashCode() {
    return Objects.hash(sensor, value);
  }

  @Override
  public String toString() {
    return "Reading{" + sensor + ", " + value + "}";
  }
}
