package dev.tributary.pipelines.energy;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.tributary.transforms.Coders;
import dev.tributary.transforms.DeadLetter;
import dev.tributary.transforms.DeadLetters;
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
 * Explodes the API's answers into rows ({@link ResponseReader}): each answer as received ({@link
 * #RAW}), its values per dataset, and what each answer held per dataset ({@link #VALUES_READ}, the
 * read of those levels). An answer that is not JSON is a dead letter of the responses level; values
 * that cannot be aligned are dead letters of their dataset's level, counted as many as they are. An
 * answer's fetch time is its element timestamp.
 */
final class ExplodeResponses extends PTransform<PCollection<SourceRecord>, PCollectionTuple> {
  static final TupleTag<RawResponse> RAW = new TupleTag<>("raw") {};
  static final TupleTag<PowerValue> POWER = new TupleTag<>("publicPower") {};
  static final TupleTag<PriceValue> PRICES = new TupleTag<>("prices") {};
  static final TupleTag<InstalledValue> INSTALLED = new TupleTag<>("installedPower") {};

  /** Per answer and data-quality check: what it looked at and what failed. */
  static final TupleTag<CheckCount> CHECKS = new TupleTag<>("checks") {};

  /** Per answer: its record id and how many values it held, per dataset. */
  static final TupleTag<KV<Long, Map<String, Long>>> VALUES_READ = new TupleTag<>("valuesRead") {};

  @Override
  public PCollectionTuple expand(PCollection<SourceRecord> responses) {
    PCollectionTuple out =
        responses.apply(
            ParDo.of(new ExplodeFn())
                .withOutputTags(
                    RAW,
                    TupleTagList.of(POWER)
                        .and(PRICES)
                        .and(INSTALLED)
                        .and(VALUES_READ)
                        .and(CHECKS)
                        .and(DeadLetters.TAG)));
    var pipeline = responses.getPipeline();
    out.get(RAW).setCoder(Coders.of(pipeline, RawResponse.class));
    out.get(POWER).setCoder(Coders.of(pipeline, PowerValue.class));
    out.get(PRICES).setCoder(Coders.of(pipeline, PriceValue.class));
    out.get(INSTALLED).setCoder(Coders.of(pipeline, InstalledValue.class));
    out.get(VALUES_READ)
        .setCoder(
            KvCoder.of(VarLongCoder.of(), MapCoder.of(StringUtf8Coder.of(), VarLongCoder.of())));
    out.get(CHECKS).setCoder(Coders.of(pipeline, CheckCount.class));
    out.get(DeadLetters.TAG).setCoder(Coders.of(pipeline, DeadLetter.class));
    return out;
  }

  private static final class ExplodeFn extends DoFn<SourceRecord, RawResponse> {
    @ProcessElement
    public void process(
        @Element SourceRecord response, @Timestamp Instant fetchedAt, MultiOutputReceiver out) {
      String url = response.getLocation().getSource();
      ResponseReader.Result result;
      try {
        result = ResponseReader.read(url, response.getText(), fetchedAt);
      } catch (JsonProcessingException e) {
        out.get(DeadLetters.TAG)
            .output(
                DeadLetter.of(
                    response, Steps.PARSE, "the answer is not JSON: " + e.getOriginalMessage()));
        return;
      }
      out.get(RAW).output(result.raw);
      result.power.forEach(out.get(POWER)::output);
      result.prices.forEach(out.get(PRICES)::output);
      result.installed.forEach(out.get(INSTALLED)::output);
      AnswerChecks.of(result, url, fetchedAt).forEach(out.get(CHECKS)::output);
      out.get(VALUES_READ)
          .output(KV.of(response.id(), Map.of(result.dataset.key, result.valuesRead)));
      for (ResponseReader.Rejection r : result.rejections) {
        out.get(DeadLetters.TAG)
            .output(
                DeadLetter.of(response.getLocation(), 0, Steps.PARSE, r.reason(), r.raw())
                    .withPath(r.path())
                    .withCounts(Map.of(result.dataset.key, r.values())));
      }
    }
  }
}
