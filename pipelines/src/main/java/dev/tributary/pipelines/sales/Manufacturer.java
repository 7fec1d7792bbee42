package dev.tributary.pipelines.sales;

import com.google.auto.value.AutoValue;
import java.io.Serializable;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;

/** A row of {@code sales.manufacturers}. */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class Manufacturer implements Serializable {
  public abstract int getManufacturerId();

  public abstract String getName();

  /** ISO 3166 alpha-2. */
  public abstract String getCountry();

  static Manufacturer of(int manufacturerId, String name, String country) {
    return new AutoValue_Manufacturer(manufacturerId, name, country);
  }
}
