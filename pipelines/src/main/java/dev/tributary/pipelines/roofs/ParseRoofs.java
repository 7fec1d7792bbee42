package dev.tributary.pipelines.roofs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.transforms.DeadLetter;
import dev.tributary.transforms.DeadLetters;
import dev.tributary.transforms.JsonCoder;
import dev.tributary.transforms.SourceRecord;
import dev.tributary.transforms.Steps;
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
final class ParseRoofs extends PTransform<PCollection<SourceRecord>, PCollectionTuple> {
  static final TupleTag<KV<Long, RoofModel>> MODELS = new TupleTag<>("models") {};

  @Override
  public PCollectionTuple expand(PCollection<SourceRecord> documents) {
    return DeadLetters.parDo(
        documents,
        new ParseFn(),
        MODELS,
        KvCoder.of(VarLongCoder.of(), JsonCoder.of(RoofModel.class)));
  }

  private static final class ParseFn extends DoFn<SourceRecord, KV<Long, RoofModel>> {
    private transient ObjectMapper mapper;

    @Setup
    public void setup() {
      mapper = new ObjectMapper();
    }

    @ProcessElement
    public void process(@Element SourceRecord document, MultiOutputReceiver out) {
      RoofCounts.MODELS.read.inc();
      JsonNode json;
      try {
        json = mapper.readTree(document.getText());
      } catch (JsonProcessingException e) {
        RoofCounts.MODELS.rejected.inc();
        out.get(DeadLetters.TAG)
            .output(
                DeadLetter.of(document, Steps.PARSE, "not valid JSON: " + e.getOriginalMessage()));
        return;
      }
      RoofModelReader.Result result =
          RoofModelReader.read(
              document.getLocation().getSource(), document.getLocation().getOffset(), json);
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
        SourceRecord document, String path, String reason, String raw) {
      return DeadLetter.of(document.getLocation(), 0, Steps.CLEAN, reason, raw).withPath(path);
    }
  }
}
