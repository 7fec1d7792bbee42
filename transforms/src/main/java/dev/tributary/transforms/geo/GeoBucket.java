package dev.tributary.transforms.geo;

import static java.util.Objects.requireNonNull;

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
public final class GeoBucket<T>
    extends PTransform<PCollection<T>, PCollection<KV<GeoBucketKey, T>>> {
  private final SerializableFunction<T, String> group;
  private final SerializableFunction<T, GeoPoint> origin;
  private final SerializableFunction<T, GeoPoint> destination;
  private final SerializableFunction<T, Long> epochMillis;
  private final GeoGrid grid;
  private final TimeOfDay timeOfDay;

  private GeoBucket(
      SerializableFunction<T, String> group,
      SerializableFunction<T, GeoPoint> origin,
      SerializableFunction<T, GeoPoint> destination,
      SerializableFunction<T, Long> epochMillis,
      GeoGrid grid,
      TimeOfDay timeOfDay) {
    this.group = group;
    this.origin = origin;
    this.destination = destination;
    this.epochMillis = epochMillis;
    this.grid = grid;
    this.timeOfDay = timeOfDay;
  }

  public static <T> GeoBucket<T> of(
      SerializableFunction<T, String> group,
      SerializableFunction<T, GeoPoint> origin,
      SerializableFunction<T, GeoPoint> destination,
      SerializableFunction<T, Long> epochMillis) {
    return new GeoBucket<>(
        requireNonNull(group, "group"),
        requireNonNull(origin, "origin"),
        requireNonNull(destination, "destination"),
        requireNonNull(epochMillis, "epochMillis"),
        GeoGrid.degrees(GeoGrid.DEFAULT_DEGREES),
        TimeOfDay.buckets(TimeOfDay.DEFAULT_BUCKET));
  }

  public GeoBucket<T> withGrid(GeoGrid grid) {
    return new GeoBucket<>(
        group, origin, destination, epochMillis, requireNonNull(grid, "grid"), timeOfDay);
  }

  public GeoBucket<T> withTimeBucket(Duration bucket) {
    return new GeoBucket<>(
        group, origin, destination, epochMillis, grid, TimeOfDay.buckets(bucket));
  }

  @Override
  public PCollection<KV<GeoBucketKey, T>> expand(PCollection<T> records) {
    return records
        .apply(
            ParDo.of(new KeyFn<>(keyer(group, origin, destination, epochMillis, grid, timeOfDay))))
        .setCoder(
            KvCoder.of(Coders.of(records.getPipeline(), GeoBucketKey.class), records.getCoder()));
  }

  /** The key of one record; the same function the transform applies. */
  public GeoBucketKey keyOf(T record) {
    return keyer(group, origin, destination, epochMillis, grid, timeOfDay).apply(record);
  }

  // Static, so the function captures only what it needs and not this transform.
  private static <T> SerializableFunction<T, GeoBucketKey> keyer(
      SerializableFunction<T, String> group,
      SerializableFunction<T, GeoPoint> origin,
      SerializableFunction<T, GeoPoint> destination,
      SerializableFunction<T, Long> epochMillis,
      GeoGrid grid,
      TimeOfDay timeOfDay) {
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
        .add(DisplayData.item("grid", grid.toString()))
        .add(DisplayData.item("timeBucketMinutes", timeOfDay.minutes()));
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
