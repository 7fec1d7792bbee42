package dev.tributary.transforms;

import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/** The one dead-letter output tag that every fallible transform of Tributary uses. */
public final class DeadLetters {
  public static final TupleTag<DeadLetter> TAG = new TupleTag<DeadLetter>("deadLetters") {};

  private DeadLetters() {}

  /**
   * Applies {@code fn}, which outputs to {@code mainTag} and to {@link #TAG}, and sets both coders:
   * {@code mainCoder} and the one dead-letter coder (Flink flattens only identically coded streams,
   * and the dead letters of every step meet in one sink).
   */
  public static <I, O> PCollectionTuple parDo(
      PCollection<I> input, DoFn<I, O> fn, TupleTag<O> mainTag, Coder<O> mainCoder) {
    PCollectionTuple result =
        input.apply(ParDo.of(fn).withOutputTags(mainTag, TupleTagList.of(TAG)));
    result.get(mainTag).setCoder(mainCoder);
    result.get(TAG).setCoder(Coders.of(input.getPipeline(), DeadLetter.class));
    return result;
  }
}
