package dev.tributary.pipelines.roofs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.transforms.Coders;
import dev.tributary.transforms.DeadLetter;
import dev.tributary.transforms.DeadLetters;
import dev.tributary.transforms.JsonCoder;
import dev.tributary.transforms.Location;
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

/**
 * Parses and cleans model documents into {@link RoofModel}s keyed by installation id, in one step
 * ({@link RoofModelReader}). A document that is not JSON is rejected by step {@code parse}; a
 * model, building or plane that breaks a cleaning rule by step {@code clean}, with its JSON path
 * and what it takes along (a building its planes). Each document also says how many buildings and
 * planes it held ({@link #PARTS_READ}): the "read" of those levels, counted where it is known.
 */
final class ParseRoofs extends PTransform<PCollection<SourceRecord>, PCollectionTuple> {
  static final TupleTag<KV<Long, RoofModel>> MODELS = new TupleTag<>("models") {};

  /** Per document: its record id and the buildings and planes it held. */
  static final TupleTag<KV<Long, Map<String, Long>>> PARTS_READ = new TupleTag<>("partsRead") {};

  @Override
  public PCollectionTuple expand(PCollection<SourceRecord> documents) {
    PCollectionTuple parsed =
        documents.apply(
            ParDo.of(new ParseFn())
                .withOutputTags(MODELS, TupleTagList.of(DeadLetters.TAG).and(PARTS_READ)));
    parsed.get(MODELS).setCoder(KvCoder.of(VarLongCoder.of(), JsonCoder.of(RoofModel.class)));
    parsed.get(DeadLetters.TAG).setCoder(Coders.of(documents.getPipeline(), DeadLetter.class));
    parsed
        .get(PARTS_READ)
        .setCoder(
            KvCoder.of(VarLongCoder.of(), MapCoder.of(StringUtf8Coder.of(), VarLongCoder.of())));
    return parsed;
  }

  private static final class ParseFn extends DoFn<SourceRecord, KV<Long, RoofModel>> {
    private transient ObjectMapper mapper;

    @Setup
    public void setup() {
      mapper = new ObjectMapper();
    }

    @ProcessElement
    public void process(@Element SourceRecord document, MultiOutputReceiver out) {
      JsonNode json;
      try {
        json = mapper.readTree(document.getText());
      } catch (JsonProcessingException e) {
        out.get(DeadLetters.TAG)
            .output(
                DeadLetter.of(document, Steps.PARSE, "not valid JSON: " + e.getOriginalMessage()));
        return;
      }
      Location at = document.getLocation();
      RoofModelReader.Result result = RoofModelReader.read(at.getSource(), at.getOffset(), json);
      out.get(PARTS_READ)
          .output(
              KV.of(
                  document.id(),
                  Map.of(
                      RoofModel.BUILDINGS, (long) result.buildingsRead(),
                      RoofModel.PLANES, (long) result.planesRead())));
      RoofModel model = result.model();
      for (RoofModelReader.Rejection part : result.rejections()) {
        // A rejected model takes all its parts along: its parts' letters count nothing more.
        out.get(DeadLetters.TAG)
            .output(
                rejection(at, part.path(), part.reason(), part.raw())
                    .withCounts(model == null ? Map.of() : part.counts()));
      }
      if (model == null) {
        out.get(DeadLetters.TAG)
            .output(
                rejection(at, "$", result.reason(), document.getText())
                    .withCounts(
                        Map.of(
                            RoofModel.MODELS, 1L,
                            RoofModel.BUILDINGS, (long) result.buildingsRead(),
                            RoofModel.PLANES, (long) result.planesRead())));
        return;
      }
      out.get(MODELS).output(KV.of(model.installationId(), model));
    }

    private static DeadLetter rejection(Location at, String path, String reason, String raw) {
      return DeadLetter.of(at, 0, Steps.CLEAN, reason, raw).withPath(path);
    }
  }
}
