package dev.tributary.pipelines.roofs;

import dev.tributary.transforms.Coders;
import dev.tributary.transforms.DeadLetter;
import dev.tributary.transforms.DeadLetters;
import dev.tributary.transforms.JsonCoder;
import dev.tributary.transforms.version.Scd2;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.joda.time.Instant;

/**
 * Versions models per installation ({@link Scd2}: a later {@code dateCreated} is a new version; a
 * re-delivered one changes nothing): the new versions for the sink ({@link #NEW_VERSIONS}), whose
 * merge recomputes validity from what is stored, and every duplicate or conflicting version as a
 * dead letter, step {@code version}, with all its parts.
 */
final class VersionRoofs extends PTransform<PCollection<KV<Long, RoofModel>>, PCollectionTuple> {
  static final TupleTag<RoofModel> NEW_VERSIONS = new TupleTag<>("newVersions") {};

  @Override
  public PCollectionTuple expand(PCollection<KV<Long, RoofModel>> models) {
    Scd2<Long, RoofModel> scd2 =
        Scd2.<Long, RoofModel>byVersionTime(model -> new Instant(model.validFromMillis()))
            .withContent(RoofModel::withoutProvenance);
    PCollectionTuple versions = models.apply("Scd2", scd2);
    PCollection<RoofModel> added =
        versions
            .get(scd2.changesTag())
            .apply("NewVersions", ParDo.of(new NewVersionsFn()))
            .setCoder(JsonCoder.of(RoofModel.class));
    PCollection<DeadLetter> redundant =
        versions
            .get(scd2.redundantTag())
            .apply(
                "RejectRedundant",
                MapElements.into(TypeDescriptor.of(DeadLetter.class))
                    .via((KV<RoofModel, String> r) -> RoofsSink.rejected(r.getKey(), r.getValue())))
            .setCoder(Coders.of(models.getPipeline(), DeadLetter.class));
    return PCollectionTuple.of(NEW_VERSIONS, added).and(DeadLetters.TAG, redundant);
  }

  /** The models that are new versions; validity changes are the merge's to make. */
  static final class NewVersionsFn extends DoFn<Scd2.Change<Long, RoofModel>, RoofModel> {
    @ProcessElement
    public void process(
        @Element Scd2.Change<Long, RoofModel> change, OutputReceiver<RoofModel> out) {
      if (change.getValue() != null) {
        out.output(change.getValue());
      }
    }
  }
}
