package dev.tributary.pipelines.roofs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.transforms.DeadLetter;
import dev.tributary.transforms.DeadLetters;
import dev.tributary.transforms.JsonCoder;
import dev.tributary.transforms.SourceLine;
import dev.tributary.transforms.clean.Clean;
import dev.tributary.transforms.parse.ParseJson;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;

/**
 * Parses and cleans model documents into {@link RoofModel}s keyed by installation id, in one step
 * ({@link RoofModelReader}). A document that is not JSON is rejected by step {@code parse}; a
 * model, building or plane that breaks a cleaning rule by step {@code clean}, with its JSON path.
 */
final class ParseRoofs extends PTransform<PCollection<SourceLine>, PCollectionTuple> {
  static final TupleTag<KV<Long, RoofModel>> MODELS = new TupleTag<>("models") {};

  @Override
  public PCollectionTuple expand(PCollection<SourceLine> documents) {
    return DeadLetters.parDo(
        documents,
        new ParseFn(),
        MODELS,
        KvCoder.of(VarLongCoder.of(), JsonCoder.of(RoofModel.class)));
  }

  private static final class ParseFn extends DoFn<SourceLine, KV<Long, RoofModel>> {
    private transient ObjectMapper mapper;

    @Setup
    public void setup() {
      mapper = new ObjectMapper();
    }

    @ProcessElement
    public void process(@Element SourceLine document, MultiOutputReceiver out) {
      RoofCounts.MODELS.read.inc();
      JsonNode json;
      try {
        json = mapper.readTree(document.getText());
      } catch (JsonProcessingException e) {
        RoofCounts.MODELS.rejected.inc();
        out.get(DeadLetters.TAG)
            .output(
                DeadLetter.of(
                    document, ParseJson.STEP, "not valid JSON: " + e.getOriginalMessage()));
        return;
      }
      RoofModelReader.Result result =
          RoofModelReader.read(document.getSource(), document.getOffset(), json);
      RoofCounts.BUILDINGS.read.inc(result.buildingsRead());
      RoofCounts.PLANES.read.inc(result.planesRead());
      for (RoofModelReader.Rejection part : result.rejections()) {
        out.get(DeadLetters.TAG)
            .output(rejection(document, part.path(), part.reason(), part.raw()));
      }
      RoofModel model = result.model();
      if (model == null) {
        RoofCounts.rejectModel(result);
        out.get(DeadLetters.TAG)
            .output(rejection(document, "$", result.reason(), document.getText()));
        return;
      }
      RoofCounts.BUILDINGS.rejected.inc(result.buildingsRead() - model.buildings().size());
      RoofCounts.PLANES.rejected.inc(result.planesRead() - RoofCounts.planes(model));
      out.get(MODELS).output(KV.of(model.installationId(), model));
    }

    private static DeadLetter rejection(
        SourceLine document, String path, String reason, String raw) {
      return DeadLetter.of(document.getSource(), document.getOffset(), 0, Clean.STEP, reason, raw)
          .withPath(path);
    }
  }
}
