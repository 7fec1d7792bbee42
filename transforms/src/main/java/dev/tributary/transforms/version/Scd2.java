package dev.tributary.transforms.version;

import static java.util.Objects.requireNonNull;

import com.google.auto.value.AutoValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.InstantCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.StructuredCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.state.MapState;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * Turns a stream of entity versions into slowly-changing-dimension (type 2) history: each version
 * of a business key is valid from its own version time until the next newer version's. Versions may
 * arrive late, twice or in any order (re-sent files, replayed topics), and the history must not
 * depend on it; this transform keeps just enough per-key state to emit, for every new version, the
 * {@link Change}s that bring a sink's history up to date.
 *
 * <p>A version is identified by (key, {@code validFrom(value)}). For each input element:
 *
 * <ul>
 *   <li>a new version is emitted with its value, closed at the next newer known version or current
 *       if there is none; the next older known version, if any, is re-stated without a value and
 *       closed at the new one. So a newer version closes the current one, and an older one arriving
 *       late is emitted closed and leaves the current version as it is.
 *   <li>a version already seen with the same content (equal bytes under the value coder) changes
 *       nothing and goes to {@link #redundantTag()} as a duplicate.
 *   <li>a version already seen with <em>different</em> content also changes nothing: the first one
 *       seen is kept and the later one goes to {@link #redundantTag()} as a conflict. This is the
 *       one case where arrival order decides the outcome; a source that can send two contents for
 *       one version time must break the tie in {@code validFrom} or upstream.
 * </ul>
 *
 * Applying the changes of a key as upserts on (key, validFrom) in the order they were emitted
 * yields the same history for any arrival order of the same versions.
 *
 * <p>A sink that applies changes in emission order per key (one writer per key) upserts on (key,
 * validFrom), keeping a stored value when a change has none. A sink that can apply changes out of
 * order (parallel writers), or that merges into a table other runs also wrote, must recompute
 * validity from its stored set of validFroms of the key (a window function over them): the state
 * here lives only as long as the pipeline, per key and window, so a new batch run knows nothing of
 * versions stored by earlier ones and its first version of a key closes none of them.
 *
 * <p>State per key and window: the validFrom of each version seen and a SHA-256 of its encoding,
 * never the value itself (values can be tens of KB, keys millions). A {@link MapState} (the
 * DirectRunner and the FlinkRunner support it, in batch and streaming) rather than one sorted map
 * in a {@code ValueState}: a re-delivery is found by one lookup and a new version writes one entry
 * instead of rewriting the key's whole map. In the global window the state lives as long as the
 * pipeline.
 *
 * <pre>{@code
 * Scd2<String, Contract> scd2 = Scd2.byVersionTime(Contract::getSignedAt);
 * PCollectionTuple versioned = contracts.apply("VersionContracts", scd2); // KV<customerId, contract>
 * versioned.get(scd2.changesTag());   // Scd2.Change<String, Contract>: upsert on (key, validFrom)
 * versioned.get(scd2.redundantTag()); // KV<Contract, String>: the contract and why it changed nothing
 * }</pre>
 */
@AutoValue
public abstract class Scd2<K, V> extends PTransform<PCollection<KV<K, V>>, PCollectionTuple> {
  abstract SerializableFunction<V, Instant> validFrom();

  abstract SerializableFunction<V, V> content();

  abstract Builder<K, V> toBuilder();

  /**
   * Versions ordered by {@code validFrom}, e.g. the time the version was created. It must never
   * return null (a null fails the bundle): reject such records upstream.
   */
  public static <K, V> Scd2<K, V> byVersionTime(SerializableFunction<V, Instant> validFrom) {
    return new AutoValue_Scd2.Builder<K, V>()
        .setValidFrom(requireNonNull(validFrom, "validFrom"))
        .setContent(value -> value)
        .build();
  }

  /**
   * What a version's content is, for telling duplicates from conflicts: by default the whole value;
   * give a projection that blanks what may differ between two deliveries of one version, such as
   * the file it came from.
   */
  public Scd2<K, V> withContent(SerializableFunction<V, V> content) {
    return toBuilder().setContent(requireNonNull(content, "content")).build();
  }

  /**
   * The changes to apply to the history, coded by {@link ChangeCoder}. A fixed id, like {@link
   * #redundantTag()}: every {@code Scd2}, before and after any {@code withX}, has equal tags.
   */
  public TupleTag<Change<K, V>> changesTag() {
    return new TupleTag<>("changes");
  }

  /** Elements that changed nothing (duplicates and conflicts), each with a one-sentence reason. */
  public TupleTag<KV<V, String>> redundantTag() {
    return new TupleTag<>("redundant");
  }

  @Override
  public PCollectionTuple expand(PCollection<KV<K, V>> versions) {
    if (!(versions.getCoder() instanceof KvCoder)) {
      throw new IllegalArgumentException(
          "Scd2 needs a KvCoder on its input to code keys and fingerprint values, got "
              + versions.getCoder());
    }
    KvCoder<K, V> coder = (KvCoder<K, V>) versions.getCoder();
    Coder<K> keyCoder = coder.getKeyCoder();
    Coder<V> valueCoder = coder.getValueCoder();
    // State is partitioned by the key's encoding: if equal keys could encode differently, one
    // key's versions would be split over several histories. ParDo rejects such a coder too, but
    // without naming this transform. The value coder is not checked: a non-deterministic one (a
    // schema with doubles) can only make a duplicate look like a conflict; both change nothing.
    try {
      keyCoder.verifyDeterministic();
    } catch (Coder.NonDeterministicException e) {
      throw new IllegalArgumentException(
          "Scd2 keeps its state per key, so the key coder must be deterministic (equal keys, equal"
              + " bytes), but "
              + keyCoder
              + " is not: "
              + e.getMessage(),
          e);
    }
    TupleTag<Change<K, V>> changesTag = changesTag();
    TupleTag<KV<V, String>> redundantTag = redundantTag();
    PCollectionTuple out =
        versions.apply(
            "TrackVersions",
            ParDo.of(new VersionFn<>(validFrom(), content(), valueCoder, changesTag, redundantTag))
                .withOutputTags(changesTag, TupleTagList.of(redundantTag)));
    out.get(changesTag).setCoder(ChangeCoder.of(keyCoder, valueCoder));
    out.get(redundantTag).setCoder(KvCoder.of(valueCoder, StringUtf8Coder.of()));
    return out;
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(DisplayData.item("validFrom", validFrom().getClass()))
        .add(DisplayData.item("content", content().getClass()));
  }

  @AutoValue.Builder
  abstract static class Builder<K, V> {
    abstract Builder<K, V> setValidFrom(SerializableFunction<V, Instant> validFrom);

    abstract Builder<K, V> setContent(SerializableFunction<V, V> content);

    abstract Scd2<K, V> build();
  }

  /**
   * One upsert on (key, validFrom): the version is valid until {@code validTo}, or current when
   * that is null. {@code value} is present when the change introduces the version and null when it
   * only re-states the validity of a version already emitted. Per (key, validFrom) the first change
   * carries the value and every later one an earlier {@code validTo}. {@link #isCurrent()} is
   * derived from {@code validTo}, so the two cannot disagree.
   */
  @AutoValue
  public abstract static class Change<K, V> {
    public abstract K getKey();

    public abstract Instant getValidFrom();

    public abstract @Nullable Instant getValidTo();

    public abstract @Nullable V getValue();

    public boolean isCurrent() {
      return getValidTo() == null;
    }

    public static <K, V> Change<K, V> of(
        K key, Instant validFrom, @Nullable Instant validTo, @Nullable V value) {
      return new AutoValue_Scd2_Change<>(key, validFrom, validTo, value);
    }
  }

  /**
   * Codes a {@link Change} with the key and value coders of the input; null {@code validTo} and
   * {@code value} cost one byte each.
   */
  public static final class ChangeCoder<K, V> extends StructuredCoder<Change<K, V>> {
    private static final Coder<Instant> INSTANT = InstantCoder.of();
    private static final Coder<@Nullable Instant> NULLABLE_INSTANT = NullableCoder.of(INSTANT);

    private final Coder<K> keyCoder;
    private final Coder<V> valueCoder;
    private final Coder<@Nullable V> nullableValueCoder;

    private ChangeCoder(Coder<K> keyCoder, Coder<V> valueCoder) {
      this.keyCoder = keyCoder;
      this.valueCoder = valueCoder;
      this.nullableValueCoder = NullableCoder.of(valueCoder);
    }

    public static <K, V> ChangeCoder<K, V> of(Coder<K> keyCoder, Coder<V> valueCoder) {
      return new ChangeCoder<>(
          requireNonNull(keyCoder, "keyCoder"), requireNonNull(valueCoder, "valueCoder"));
    }

    @Override
    public void encode(Change<K, V> change, OutputStream out) throws IOException {
      keyCoder.encode(change.getKey(), out);
      INSTANT.encode(change.getValidFrom(), out);
      NULLABLE_INSTANT.encode(change.getValidTo(), out);
      nullableValueCoder.encode(change.getValue(), out);
    }

    @Override
    public Change<K, V> decode(InputStream in) throws IOException {
      return Change.of(
          keyCoder.decode(in),
          INSTANT.decode(in),
          NULLABLE_INSTANT.decode(in),
          nullableValueCoder.decode(in));
    }

    @Override
    public List<? extends Coder<?>> getCoderArguments() {
      return List.of(keyCoder, valueCoder);
    }

    @Override
    public void verifyDeterministic() throws NonDeterministicException {
      verifyDeterministic(this, "the key coder must be deterministic", keyCoder);
      verifyDeterministic(this, "the value coder must be deterministic", valueCoder);
    }
  }

  private static final class VersionFn<K, V> extends DoFn<KV<K, V>, Change<K, V>> {
    private final Counter versionsCounter = Metrics.counter(Scd2.class, "versions");
    private final Counter duplicatesCounter = Metrics.counter(Scd2.class, "duplicates");
    private final Counter conflictsCounter = Metrics.counter(Scd2.class, "conflicts");
    private final SerializableFunction<V, Instant> validFrom;
    private final SerializableFunction<V, V> content;
    private final Coder<V> valueCoder;
    private final TupleTag<Change<K, V>> changesTag;
    private final TupleTag<KV<V, String>> redundantTag;
    private transient MessageDigest sha256;

    /** validFrom millis of each known version to the fingerprint of its value. */
    @StateId("versions")
    private final StateSpec<MapState<Long, String>> versionsSpec =
        StateSpecs.map(VarLongCoder.of(), StringUtf8Coder.of());

    VersionFn(
        SerializableFunction<V, Instant> validFrom,
        SerializableFunction<V, V> content,
        Coder<V> valueCoder,
        TupleTag<Change<K, V>> changesTag,
        TupleTag<KV<V, String>> redundantTag) {
      this.validFrom = validFrom;
      this.content = content;
      this.valueCoder = valueCoder;
      this.changesTag = changesTag;
      this.redundantTag = redundantTag;
    }

    @Setup
    public void setup() throws NoSuchAlgorithmException {
      sha256 = MessageDigest.getInstance("SHA-256");
    }

    @ProcessElement
    public void process(
        @Element KV<K, V> version,
        @StateId("versions") MapState<Long, String> known,
        MultiOutputReceiver out)
        throws CoderException {
      K key = version.getKey();
      V value = version.getValue();
      long from = requireNonNull(validFrom.apply(value), "validFrom of a version").getMillis();
      String fingerprint = fingerprint(content.apply(value));
      String seen = known.get(from).read();
      if (seen != null) {
        boolean duplicate = seen.equals(fingerprint);
        (duplicate ? duplicatesCounter : conflictsCounter).inc();
        String reason =
            duplicate
                ? "duplicate of the version of key " + key + " valid from " + utc(from)
                : "conflicts with the version of key "
                    + key
                    + " valid from "
                    + utc(from)
                    + ": same version time, different content";
        out.get(redundantTag).output(KV.of(value, reason));
        return;
      }
      Long older = null;
      Long newer = null;
      for (long other : known.keys().read()) {
        if (other < from && (older == null || other > older)) {
          older = other;
        } else if (other > from && (newer == null || other < newer)) {
          newer = other;
        }
      }
      known.put(from, fingerprint);
      versionsCounter.inc();
      out.get(changesTag)
          .output(
              Change.of(key, new Instant(from), newer == null ? null : new Instant(newer), value));
      if (older != null) {
        out.get(changesTag).output(Change.of(key, new Instant(older), new Instant(from), null));
      }
    }

    /** 44 characters instead of the value: equal bytes, equal fingerprint. */
    private String fingerprint(V value) throws CoderException {
      return Base64.getEncoder()
          .encodeToString(sha256.digest(CoderUtils.encodeToByteArray(valueCoder, value)));
    }

    /** Without zero milliseconds: "2022-10-13T18:52:10Z". */
    private static String utc(long millis) {
      return java.time.Instant.ofEpochMilli(millis).toString();
    }
  }
}
