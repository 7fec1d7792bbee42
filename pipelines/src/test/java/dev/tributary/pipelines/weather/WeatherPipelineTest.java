package dev.tributary.pipelines.weather;

import dev.tributary.pipelines.runtime.GraphContext;
import dev.tributary.transforms.Location;
import dev.tributary.transforms.SourceRecord;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The whole graph without a database: every answer ends a reading or a dead letter. */
@ExtendWith(TestPipelineExtension.class)
class WeatherPipelineTest {
  static final String CITIES =
      Path.of(System.getProperty("user.dir"))
          .resolveSibling("data/sample/weather/cities.csv")
          .toString();
  private static final String API = "http://127.0.0.1:8089/data/2.5/weather";
  private static final String BERLIN = API + "?lat=52.5244&lon=13.4105&units=metric&appid=***";
  private static final String LAGOS = API + "?lat=6.5833&lon=3.7500&units=imperial&appid=***";

  private static SourceRecord answer(String url, long sequence, String body) {
    return SourceRecord.of(Location.request(url, sequence), body);
  }

  private static String body(long dt, String temp, String humidity) {
    return "{\"main\":{\"temp\":"
        + temp
        + ",\"humidity\":"
        + humidity
        + "},\"wind\":{\"speed\":2},\"weather\":[{\"id\":800}],\"dt\":"
        + dt
        + ",\"timezone\":7200,\"cod\":200}";
  }

  @Test
  void everyAnswerIsAReadingOrADeadLetterAndTheDerivedTablesFollow(TestPipeline pipeline) {
    List<SourceRecord> answers =
        List.of(
            answer(BERLIN, 1, body(1750000200, "20", "50")),
            answer(BERLIN, 2, body(1750000800, "22", "50")),
            answer(BERLIN, 3, body(1750001400, "21", "150")), // humidity: rejected
            answer(LAGOS, 1, body(1750000200, "86", "70")), // °F: 30 °C
            answer(API + "?lat=1&lon=1&units=metric&appid=***", 1, body(1750000200, "20", "50")),
            answer(BERLIN, 4, "{\"cod\":\"404\",\"message\":\"city not found\"}"));
    GraphContext context = GraphContext.of(pipeline, WeatherPipeline.READINGS, answers);
    WeatherOptions options =
        PipelineOptionsFactory.fromArgs("--cities=" + CITIES).as(WeatherOptions.class);
    new WeatherPipeline().build(pipeline, options, context);

    PCollection<Observation> written = context.written("WriteObservations");
    PAssert.that(
            written.apply(
                "ObservationLines",
                MapElements.into(TypeDescriptors.strings())
                    .via(o -> o.getCityId() + " " + o.getObservedAt() + " " + o.getTemperatureC())))
        .containsInAnyOrder(
            "2950159 2025-06-15T15:10:00.000Z 20.0",
            "2950159 2025-06-15T15:20:00.000Z 22.0",
            "2332453 2025-06-15T15:10:00.000Z 30.0");
    PAssert.that(
            context
                .deadLetters()
                .apply(
                    "Reasons",
                    MapElements.into(TypeDescriptors.strings())
                        .via(l -> l.getStep() + ": " + l.getReason())))
        .containsInAnyOrder(
            "clean: humidity_pct out of range [0.0, 100.0]: 150.0",
            "parse: the request's lat=1&lon=1 is not a city of the run's --cities",
            "parse: the answer is an error: cod 404, city not found");
    PAssert.that(
            context.<RawAnswer>written("WriteRawResponses").apply("RawCount", Count.globally()))
        .containsInAnyOrder(4L);
    PAssert.that(
            context.<DailySummary>written(
                "WriteDailySummaries",
                d ->
                    d.getCityId()
                        + " "
                        + d.getLocalDate()
                        + " "
                        + d.getMeanC()
                        + " "
                        + d.getReadings()))
        .containsInAnyOrder("2950159 2025-06-15 21.0 2", "2332453 2025-06-15 30.0 1");
    pipeline.run().waitUntilFinish();
  }
}
