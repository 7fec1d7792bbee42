package dev.tributary.transforms.window;

import static java.util.Objects.requireNonNull;

import com.google.auto.value.AutoValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.InstantCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.StructuredCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeParameter;
import org.joda.time.Instant;

/** One pane of one key's aggregate in one window: what {@link WindowedCombine} emits. */
@AutoValue
public abstract class WindowPane<V> {
  public abstract Instant getWindowStart();

  public abstract Instant getWindowEnd();

  /** The aggregate of all the window's inputs so far: panes accumulate. */
  public abstract V getValue();

  /** How many input elements {@link #getValue} aggregates. */
  public abstract long getInputs();

  /** EARLY, ON_TIME or LATE: how final the value is. */
  public abstract String getTiming();

  /**
   * 0 for a window's first pane, then 1, 2, ...: a sink keeps the pane with the highest index, so a
   * pane that overtakes a later one on the way to the database cannot roll a value back.
   */
  public abstract long getPaneIndex();

  public static <V> WindowPane<V> of(
      Instant windowStart, Instant windowEnd, V value, long inputs, String timing, long paneIndex) {
    return new AutoValue_WindowPane<>(windowStart, windowEnd, value, inputs, timing, paneIndex);
  }

  /** Deterministic if {@code valueCoder} is, so panes can be keys or compared encoded. */
  public static <V> Coder<WindowPane<V>> coder(Coder<V> valueCoder) {
    return new PaneCoder<>(valueCoder);
  }

  private static final class PaneCoder<V> extends StructuredCoder<WindowPane<V>> {
    private static final InstantCoder INSTANT = InstantCoder.of();
    private static final VarLongCoder VAR_LONG = VarLongCoder.of();
    private static final StringUtf8Coder STRING = StringUtf8Coder.of();

    private final Coder<V> valueCoder;

    PaneCoder(Coder<V> valueCoder) {
      this.valueCoder = requireNonNull(valueCoder, "valueCoder");
    }

    @Override
    public void encode(WindowPane<V> pane, OutputStream out) throws IOException {
      INSTANT.encode(pane.getWindowStart(), out);
      INSTANT.encode(pane.getWindowEnd(), out);
      valueCoder.encode(pane.getValue(), out);
      VAR_LONG.encode(pane.getInputs(), out);
      STRING.encode(pane.getTiming(), out);
      VAR_LONG.encode(pane.getPaneIndex(), out);
    }

    @Override
    public WindowPane<V> decode(InputStream in) throws IOException {
      return of(
          INSTANT.decode(in),
          INSTANT.decode(in),
          valueCoder.decode(in),
          VAR_LONG.decode(in),
          STRING.decode(in),
          VAR_LONG.decode(in));
    }

    @Override
    public List<? extends Coder<?>> getCoderArguments() {
      return List.of(valueCoder);
    }

    @Override
    public void verifyDeterministic() throws NonDeterministicException {
      verifyDeterministic(this, "the value coder must be deterministic", valueCoder);
    }

    @Override
    public boolean consistentWithEquals() {
      return valueCoder.consistentWithEquals();
    }

    @Override
    public TypeDescriptor<WindowPane<V>> getEncodedTypeDescriptor() {
      return new TypeDescriptor<WindowPane<V>>() {}.where(
          new TypeParameter<V>() {}, valueCoder.getEncodedTypeDescriptor());
    }
  }
}
