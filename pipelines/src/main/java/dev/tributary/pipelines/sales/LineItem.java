package dev.tributary.pipelines.sales;

import com.google.auto.value.AutoValue;
import dev.tributary.transforms.RecordIds;
import java.io.Serializable;
import java.math.BigDecimal;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;

/** A row of {@code sales.line_items}: an item, how many, its price and weight when sold. */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class LineItem implements Serializable {
  public abstract long getTransactionId();

  /** 1, 2, … within the transaction. */
  public abstract int getLineNo();

  public abstract int getItemId();

  public abstract int getQuantity();

  public abstract BigDecimal getUnitPrice();

  public abstract BigDecimal getUnitWeightKg();

  /** The line's id in the run's ledger. */
  long recordId() {
    return RecordIds.part(getTransactionId(), "line/" + getLineNo());
  }

  static LineItem of(long transactionId, int lineNo, Item item, int quantity, BigDecimal price) {
    return new AutoValue_LineItem(
        transactionId, lineNo, item.getItemId(), quantity, price, item.getWeightKg());
  }
}
