package dev.tributary.pipelines.weather;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.transforms.Coders;
import dev.tributary.transforms.DeadLetter;
import dev.tributary.transforms.DeadLetters;
import dev.tributary.transforms.RecordException;
import dev.tributary.transforms.SourceRecord;
import dev.tributary.transforms.Steps;
import dev.tributary.transforms.clean.Clean;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Reads the API's answers into cleaned {@link #OBSERVATIONS}, each timestamped with its reading's
 * time ({@code dt}), and the answers as received ({@link #RAW}, also those whose reading a rule
 * rejects, so a rebuild judges them again); an answer that cannot be read, or whose reading breaks
 * a rule ({@link ObservationRules}), is a dead letter with the reason. The city is the one the
 * request asked for (its {@code lat}/{@code lon}), not the answer's {@code id}: OWM gives some
 * places id 0, and may answer for a nearby station.
 */
final class ParseObservations extends PTransform<PCollection<SourceRecord>, PCollectionTuple> {
  static final TupleTag<Observation> OBSERVATIONS = new TupleTag<>("observations") {};
  static final TupleTag<RawAnswer> RAW = new TupleTag<>("raw") {};

  private final Map<String, Long> cityByCoordinates;

  ParseObservations(List<City> cities) {
    Map<String, Long> byCoordinates = new HashMap<>();
    cities.forEach(c -> byCoordinates.put(c.coordinates(), c.key()));
    this.cityByCoordinates = byCoordinates;
  }

  @Override
  public PCollectionTuple expand(PCollection<SourceRecord> answers) {
    PCollectionTuple out =
        answers.apply(
            ParDo.of(new ParseFn(cityByCoordinates, ObservationRules.clean()))
                .withOutputTags(OBSERVATIONS, TupleTagList.of(RAW).and(DeadLetters.TAG)));
    var pipeline = answers.getPipeline();
    out.get(OBSERVATIONS).setCoder(Coders.of(pipeline, Observation.class));
    out.get(RAW).setCoder(Coders.of(pipeline, RawAnswer.class));
    out.get(DeadLetters.TAG).setCoder(Coders.of(pipeline, DeadLetter.class));
    return out;
  }

  private static final class ParseFn extends DoFn<SourceRecord, Observation> {
    private final Map<String, Long> cityByCoordinates;
    private final Clean.Cleaner<Observation> cleaner;

    ParseFn(Map<String, Long> cityByCoordinates, Clean<Observation> clean) {
      this.cityByCoordinates = cityByCoordinates;
      this.cleaner = clean.cleaner();
    }

    @ProcessElement
    public void process(
        @Element SourceRecord answer, @Timestamp Instant fetchedAt, MultiOutputReceiver out) {
      String request = answer.getLocation().getSource();
      Observation read;
      try {
        Map<String, String> query = query(request);
        Long city = city(query);
        JsonNode body = ReadObservation.json(answer.getText());
        read =
            ReadObservation.read(
                city, ReadObservation.Units.of(query.get("units")), body, fetchedAt);
      } catch (RecordException e) {
        out.get(DeadLetters.TAG).output(DeadLetter.of(answer, Steps.PARSE, e.getMessage()));
        return;
      }
      out.get(RAW)
          .outputWithTimestamp(
              RawAnswer.of(
                  read.getCityId(), read.getObservedAt(), request, answer.getText(), fetchedAt),
              read.getObservedAt());
      Observation clean = cleaner.cleanOrReject(read, answer, out.get(DeadLetters.TAG)::output);
      if (clean != null) {
        out.get(OBSERVATIONS).outputWithTimestamp(clean, clean.getObservedAt());
      }
    }

    /** The city of the request's {@code lat}/{@code lon}. */
    private Long city(Map<String, String> query) throws RecordException {
      String lat = query.get("lat");
      String lon = query.get("lon");
      Long city = null;
      try {
        if (lat != null && lon != null) {
          city =
              cityByCoordinates.get(
                  City.coordinates(Double.parseDouble(lat), Double.parseDouble(lon)));
        }
      } catch (NumberFormatException e) {
        // said below
      }
      if (city == null) {
        throw new RecordException(
            "the request's lat=" + lat + "&lon=" + lon + " is not a city of the run's --cities");
      }
      return city;
    }

    /**
     * A reading is as old as OWM's refresh and the poll make it (minutes; a backfill from stored
     * answers: days), older than the answer's fetch time, the element's timestamp.
     */
    @Override
    @SuppressWarnings("deprecation") // the way to move a timestamp back; WithTimestamps does too
    public Duration getAllowedTimestampSkew() {
      return Duration.millis(Long.MAX_VALUE);
    }
  }

  /** The request's query parameters, decoded. */
  static Map<String, String> query(String url) {
    Map<String, String> parameters = new HashMap<>();
    String raw = URI.create(url).getRawQuery();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          parameters.put(
              URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
              URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
    }
    return parameters;
  }
}
