package dev.tributary.pipelines.sales;

import com.google.auto.value.AutoValue;
import dev.tributary.transforms.RecordException;
import dev.tributary.transforms.parse.CsvRecord;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.List;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;

/**
 * A line of the catalogue file ({@code data/sample/sales/catalogue.csv}): an item and its
 * manufacturer. Ids are the file's, so a re-run writes the same rows.
 */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class CatalogueItem implements Serializable {
  static final List<String> COLUMNS =
      List.of(
          "item_id",
          "item",
          "category",
          "manufacturer_id",
          "manufacturer",
          "country",
          "cost",
          "weight_kg");

  /** Catalogue ids stay below the ids the database gives new items (V12__sales.sql). */
  static final int MAX_ID = 1000;

  public abstract Item getItem();

  public abstract Manufacturer getManufacturer();

  static CatalogueItem fromCsv(CsvRecord r) throws RecordException {
    Manufacturer manufacturer = Manufacturer.of(id(r, 3), r.require(4), r.require(5));
    Item item =
        Item.of(
            id(r, 0),
            r.require(1),
            r.require(2),
            manufacturer.getManufacturerId(),
            positive(r, 6),
            positive(r, 7));
    return new AutoValue_CatalogueItem(item, manufacturer);
  }

  private static int id(CsvRecord r, int column) throws RecordException {
    String value = r.require(column);
    try {
      int id = Integer.parseInt(value);
      if (id >= 1 && id <= MAX_ID) {
        return id;
      }
    } catch (NumberFormatException e) {
      // said below
    }
    throw new RecordException(
        r.column(column) + " must be 1 to " + MAX_ID + ", was '" + value + "'");
  }

  private static BigDecimal positive(CsvRecord r, int column) throws RecordException {
    String value = r.require(column);
    try {
      BigDecimal number = new BigDecimal(value);
      if (number.signum() > 0) {
        return number;
      }
    } catch (NumberFormatException e) {
      // said below
    }
    throw new RecordException(r.column(column) + " must be a number > 0, was '" + value + "'");
  }
}
