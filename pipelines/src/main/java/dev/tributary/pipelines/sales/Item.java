package dev.tributary.pipelines.sales;

import com.google.auto.value.AutoValue;
import java.io.Serializable;
import java.math.BigDecimal;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;

/** A row of {@code sales.items}: an item of the catalogue, its list price and weight. */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class Item implements Serializable {
  public abstract int getItemId();

  public abstract String getName();

  public abstract String getCategory();

  public abstract int getManufacturerId();

  /** What a member pays for one, EUR. */
  public abstract BigDecimal getCost();

  public abstract BigDecimal getWeightKg();

  static Item of(
      int itemId,
      String name,
      String category,
      int manufacturerId,
      BigDecimal cost,
      BigDecimal weightKg) {
    return new AutoValue_Item(itemId, name, category, manufacturerId, cost, weightKg);
  }
}
