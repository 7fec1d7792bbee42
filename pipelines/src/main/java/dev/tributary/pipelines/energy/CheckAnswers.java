package dev.tributary.pipelines.energy;

import dev.tributary.transforms.Coders;
import dev.tributary.transforms.window.Unwindowed;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.windowing.AfterProcessingTime;
import org.apache.beam.sdk.transforms.windowing.AfterWatermark;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;

/**
 * Sums the answers' checks ({@link AnswerChecks}) per dataset and check over each day of fetching:
 * in a batch the run's answers, in a stream each day's, stored 10 s after its first answer and
 * again as more come (each time the day so far); every sum is a {@link QualityCheck}.
 */
final class CheckAnswers extends PTransform<PCollection<CheckCount>, PCollection<QualityCheck>> {
  private static final Duration EARLY = Duration.standardSeconds(10);

  @Override
  public PCollection<QualityCheck> expand(PCollection<CheckCount> counts) {
    return counts
        .apply(
            "ByFetchDay",
            Window.<CheckCount>into(FixedWindows.of(Duration.standardDays(1)))
                // A stream's day is stored as it goes, each pane the whole day so far.
                .triggering(
                    AfterWatermark.pastEndOfWindow()
                        .withEarlyFirings(
                            AfterProcessingTime.pastFirstElementInPane().plusDelayOf(EARLY)))
                .withAllowedLateness(Duration.ZERO)
                .accumulatingFiredPanes())
        .apply(
            "ByCheck",
            WithKeys.of((CheckCount c) -> c.getDataset() + "/" + c.getCheck())
                .withKeyType(TypeDescriptors.strings()))
        .apply("Sum", Combine.perKey(CheckCount::plus))
        .apply(Values.create())
        .apply("ToRows", ParDo.of(new ToRow()))
        .setCoder(Coders.of(counts.getPipeline(), QualityCheck.class))
        // The day is in the rows now; the sink's letters meet the others in the global window.
        .apply("Unwindowed", Unwindowed.<QualityCheck>of());
  }

  private static final class ToRow extends DoFn<CheckCount, QualityCheck> {
    @ProcessElement
    public void process(
        @Element CheckCount count, IntervalWindow window, OutputReceiver<QualityCheck> out) {
      out.output(QualityCheck.of(count, window.start()));
    }
  }
}
