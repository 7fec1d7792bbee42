package dev.tributary.transforms.window;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.CannotProvideCoderException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.Combine.CombineFn;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.KV;

/**
 * Wraps a {@link CombineFn} so that its accumulator also counts the inputs: a pane says how many
 * elements its value aggregates, and an empty pane can be told apart from one whose value merely
 * looks empty.
 */
final class CountingFn<InputT, AccumT, OutputT>
    extends CombineFn<InputT, KV<Long, AccumT>, KV<Long, OutputT>> {
  private final CombineFn<InputT, AccumT, OutputT> fn;

  private CountingFn(CombineFn<InputT, AccumT, OutputT> fn) {
    this.fn = fn;
  }

  /**
   * A CombineFn of a supertype of {@code InputT} only consumes {@code InputT}s, and a coder of them
   * serves only to infer its own coders (as in Beam's {@code Combine.perKey}).
   */
  @SuppressWarnings("unchecked")
  static <InputT, AccumT, OutputT> CountingFn<InputT, AccumT, OutputT> of(
      CombineFn<? super InputT, AccumT, OutputT> fn) {
    return new CountingFn<>((CombineFn<InputT, AccumT, OutputT>) fn);
  }

  @Override
  public KV<Long, AccumT> createAccumulator() {
    return KV.of(0L, fn.createAccumulator());
  }

  @Override
  public KV<Long, AccumT> addInput(KV<Long, AccumT> accumulator, InputT input) {
    return KV.of(accumulator.getKey() + 1, fn.addInput(accumulator.getValue(), input));
  }

  @Override
  public KV<Long, AccumT> mergeAccumulators(Iterable<KV<Long, AccumT>> accumulators) {
    long inputs = 0;
    List<AccumT> wrapped = new ArrayList<>();
    for (KV<Long, AccumT> accumulator : accumulators) {
      inputs += accumulator.getKey();
      wrapped.add(accumulator.getValue());
    }
    return KV.of(inputs, fn.mergeAccumulators(wrapped));
  }

  @Override
  public KV<Long, AccumT> compact(KV<Long, AccumT> accumulator) {
    return KV.of(accumulator.getKey(), fn.compact(accumulator.getValue()));
  }

  @Override
  public KV<Long, OutputT> extractOutput(KV<Long, AccumT> accumulator) {
    return KV.of(accumulator.getKey(), fn.extractOutput(accumulator.getValue()));
  }

  @Override
  public Coder<KV<Long, AccumT>> getAccumulatorCoder(CoderRegistry registry, Coder<InputT> input)
      throws CannotProvideCoderException {
    return KvCoder.of(VarLongCoder.of(), fn.getAccumulatorCoder(registry, input));
  }

  @Override
  public Coder<KV<Long, OutputT>> getDefaultOutputCoder(CoderRegistry registry, Coder<InputT> input)
      throws CannotProvideCoderException {
    return KvCoder.of(VarLongCoder.of(), outputCoder(registry, input));
  }

  /** The wrapped fn's own output coder. */
  Coder<OutputT> outputCoder(CoderRegistry registry, Coder<InputT> input)
      throws CannotProvideCoderException {
    return fn.getDefaultOutputCoder(registry, input);
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    builder.delegate(fn);
  }
}
