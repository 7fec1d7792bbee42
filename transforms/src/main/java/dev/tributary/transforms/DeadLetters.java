package dev.tributary.transforms;

import org.apache.beam.sdk.values.TupleTag;

/** The one dead-letter output tag that every fallible transform of Tributary uses. */
public final class DeadLetters {
  public static final TupleTag<DeadLetter> TAG = new TupleTag<DeadLetter>("deadLetters") {};

  private DeadLetters() {}
}
