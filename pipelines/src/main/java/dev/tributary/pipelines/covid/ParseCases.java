package dev.tributary.pipelines.covid;

import dev.tributary.transforms.Coders;
import dev.tributary.transforms.DeadLetter;
import dev.tributary.transforms.DeadLetters;
import dev.tributary.transforms.RecordException;
import dev.tributary.transforms.SourceRecord;
import dev.tributary.transforms.Steps;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.MapCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.joda.time.Instant;

/**
 * Reads the API's answers ({@link ReadCases}) into cleaned {@link #DAYS}, each answer as received
 * ({@link #RAW}) and how many days each held ({@link #DAYS_READ}, the read of the days level). An
 * answer that cannot be read is a dead letter of the answers level; a rejected day, of the days
 * level. An answer's fetch time is its element timestamp.
 */
final class ParseCases extends PTransform<PCollection<SourceRecord>, PCollectionTuple> {
  static final TupleTag<ConfirmedDay> DAYS = new TupleTag<>("days") {};
  static final TupleTag<CovidAnswer> RAW = new TupleTag<>("raw") {};
  static final TupleTag<KV<Long, Map<String, Long>>> DAYS_READ = new TupleTag<>("daysRead") {};

  @Override
  public PCollectionTuple expand(PCollection<SourceRecord> answers) {
    PCollectionTuple out =
        answers.apply(
            ParDo.of(new ParseFn())
                .withOutputTags(DAYS, TupleTagList.of(RAW).and(DAYS_READ).and(DeadLetters.TAG)));
    var pipeline = answers.getPipeline();
    out.get(DAYS).setCoder(Coders.of(pipeline, ConfirmedDay.class));
    out.get(RAW).setCoder(Coders.of(pipeline, CovidAnswer.class));
    out.get(DAYS_READ)
        .setCoder(
            KvCoder.of(VarLongCoder.of(), MapCoder.of(StringUtf8Coder.of(), VarLongCoder.of())));
    out.get(DeadLetters.TAG).setCoder(Coders.of(pipeline, DeadLetter.class));
    return out;
  }

  private static final class ParseFn extends DoFn<SourceRecord, ConfirmedDay> {
    @ProcessElement
    public void process(
        @Element SourceRecord answer, @Timestamp Instant fetchedAt, MultiOutputReceiver out) {
      String request = answer.getLocation().getSource();
      ReadCases.Result result;
      try {
        result = ReadCases.read(request, answer.getText());
      } catch (RecordException e) {
        out.get(DeadLetters.TAG).output(DeadLetter.of(answer, Steps.PARSE, e.getMessage()));
        return;
      }
      long days = result.days().size() + result.rejections().size();
      out.get(RAW)
          .output(CovidAnswer.of(request, result.days().size(), answer.getText(), fetchedAt));
      out.get(DAYS_READ).output(KV.of(answer.id(), Map.of(CovidPipeline.DAYS, days)));
      result.days().forEach(out.get(DAYS)::output);
      for (ReadCases.Rejection r : result.rejections()) {
        out.get(DeadLetters.TAG)
            .output(
                DeadLetter.of(answer.getLocation(), 0, Steps.PARSE, r.reason(), r.raw())
                    .withPath(r.path())
                    .withCounts(Map.of(CovidPipeline.DAYS, 1L)));
      }
    }
  }
}
