package dev.tributary.transforms.window;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.values.KV;
import org.junit.jupiter.api.Test;

class CountingFnTest {
  private final CountingFn<Long, ?, Long> sum = CountingFn.of(Sum.ofLongs());

  private static <A> KV<Long, A> add(CountingFn<Long, A, Long> fn, long... values) {
    KV<Long, A> accumulator = fn.createAccumulator();
    for (long value : values) {
      accumulator = fn.addInput(accumulator, value);
    }
    return accumulator;
  }

  private static <A> KV<Long, Long> mergeAndExtract(CountingFn<Long, A, Long> fn) {
    return fn.extractOutput(
        fn.compact(fn.mergeAccumulators(List.of(add(fn, 1, 2), add(fn), add(fn, 4)))));
  }

  /** Runners merge partial accumulators: the counts add up as the sums do. */
  @Test
  void countsInputsThroughMerges() {
    assertEquals(KV.of(3L, 7L), mergeAndExtract(sum));
    assertEquals(KV.of(0L, 0L), sum.apply(List.of()));
  }

  @Test
  void codersPairTheCountWithTheWrappedFnsCoders() throws Exception {
    CoderRegistry registry = CoderRegistry.createDefault();
    assertEquals(
        KvCoder.of(
            VarLongCoder.of(), Sum.ofLongs().getDefaultOutputCoder(registry, VarLongCoder.of())),
        sum.getDefaultOutputCoder(registry, VarLongCoder.of()));
    assertEquals(
        KvCoder.of(
            VarLongCoder.of(), Sum.ofLongs().getAccumulatorCoder(registry, VarLongCoder.of())),
        sum.getAccumulatorCoder(registry, VarLongCoder.of()));
  }
}
