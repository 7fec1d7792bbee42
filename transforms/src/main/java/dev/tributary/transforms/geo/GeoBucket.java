package dev.tributary.transforms.geo;

import static java.util.Objects.requireNonNull;

import com.google.auto.value.AutoValue;
import dev.tributary.transforms.Coders;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;

/**
 * Keys each record by its {@link GeoBucketKey}: group, origin cell, destination cell and
 * time-of-day bucket. Records with equal keys are "similar"; count them with {@code Count.perKey()}
 * or store the key with the record and let the database group. Defaults: {@link
 * GeoGrid#DEFAULT_DEGREES} cells and {@link TimeOfDay#DEFAULT_BUCKET} buckets.
 *
 * <pre>{@code
 * trips.apply("BucketTrips",
 *     GeoBucket.of(Trip::getRegion, Trip::getOrigin, Trip::getDestination, Trip::getStartedAtMillis)
 *         .withGrid(GeoGrid.geohash(6))
 *         .withTimeBucket(Duration.standardMinutes(15)));
 * }</pre>
 */
@AutoValue
public abstract class GeoBucket<T>
    extends PTransform<PCollection<T>, PCollection<KV<GeoBucketKey, T>>> {
  abstract SerializableFunction<T, String> group();

  abstract SerializableFunction<T, GeoPoint> origin();

  abstract SerializableFunction<T, GeoPoint> destination();

  abstract SerializableFunction<T, Long> epochMillis();

  abstract GeoGrid grid();

  abstract TimeOfDay timeOfDay();

  abstract Builder<T> toBuilder();

  public static <T> GeoBucket<T> of(
      SerializableFunction<T, String> group,
      SerializableFunction<T, GeoPoint> origin,
      SerializableFunction<T, GeoPoint> destination,
      SerializableFunction<T, Long> epochMillis) {
    return new AutoValue_GeoBucket.Builder<T>()
        .setGroup(requireNonNull(group, "group"))
        .setOrigin(requireNonNull(origin, "origin"))
        .setDestination(requireNonNull(destination, "destination"))
        .setEpochMillis(requireNonNull(epochMillis, "epochMillis"))
        .setGrid(GeoGrid.degrees(GeoGrid.DEFAULT_DEGREES))
        .setTimeOfDay(TimeOfDay.buckets(TimeOfDay.DEFAULT_BUCKET))
        .build();
  }

  public GeoBucket<T> withGrid(GeoGrid grid) {
    return toBuilder().setGrid(requireNonNull(grid, "grid")).build();
  }

  /** Buckets of {@code bucket}: at least a minute, and a whole number of them in a day. */
  public GeoBucket<T> withTimeBucket(Duration bucket) {
    return toBuilder().setTimeOfDay(TimeOfDay.buckets(requireNonNull(bucket, "bucket"))).build();
  }

  @Override
  public PCollection<KV<GeoBucketKey, T>> expand(PCollection<T> records) {
    return records
        .apply(ParDo.of(new KeyFn<>(keyer())))
        .setCoder(
            KvCoder.of(Coders.of(records.getPipeline(), GeoBucketKey.class), records.getCoder()));
  }

  /** The key of one record; the same function the transform applies. */
  public GeoBucketKey keyOf(T record) {
    return keyer().apply(record);
  }

  private SerializableFunction<T, GeoBucketKey> keyer() {
    // Locals, so the function captures only what it needs and not this transform.
    SerializableFunction<T, String> group = group();
    SerializableFunction<T, GeoPoint> origin = origin();
    SerializableFunction<T, GeoPoint> destination = destination();
    SerializableFunction<T, Long> epochMillis = epochMillis();
    GeoGrid grid = grid();
    TimeOfDay timeOfDay = timeOfDay();
    return record ->
        GeoBucketKey.of(
            group.apply(record),
            grid.cellOf(origin.apply(record)),
            grid.cellOf(destination.apply(record)),
            timeOfDay.bucketOf(epochMillis.apply(record)));
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(DisplayData.item("grid", grid().toString()))
        .add(DisplayData.item("timeBucketMinutes", timeOfDay().minutes()));
  }

  @AutoValue.Builder
  abstract static class Builder<T> {
    abstract Builder<T> setGroup(SerializableFunction<T, String> group);

    abstract Builder<T> setOrigin(SerializableFunction<T, GeoPoint> origin);

    abstract Builder<T> setDestination(SerializableFunction<T, GeoPoint> destination);

    abstract Builder<T> setEpochMillis(SerializableFunction<T, Long> epochMillis);

    abstract Builder<T> setGrid(GeoGrid grid);

    abstract Builder<T> setTimeOfDay(TimeOfDay timeOfDay);

    abstract GeoBucket<T> build();
  }

  private static final class KeyFn<T> extends DoFn<T, KV<GeoBucketKey, T>> {
    private final SerializableFunction<T, GeoBucketKey> keyer;

    KeyFn(SerializableFunction<T, GeoBucketKey> keyer) {
      this.keyer = keyer;
    }

    @ProcessElement
    public void process(@Element T record, OutputReceiver<KV<GeoBucketKey, T>> out) {
      out.output(KV.of(keyer.apply(record), record));
    }
  }
}
