package dev.tributary.io.bigquery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.api.services.bigquery.model.Table;
import com.google.api.services.bigquery.model.TableReference;
import com.google.api.services.bigquery.model.TableRow;
import dev.tributary.transforms.DeadLetter;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.gcp.testing.FakeBigQueryServices;
import org.apache.beam.sdk.io.gcp.testing.FakeDatasetService;
import org.apache.beam.sdk.io.gcp.testing.FakeJobService;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.joda.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * BigQuerySink through the real BigQueryIO against Beam's own fake BigQuery services (the service
 * itself cannot be reached from here): rows land with the record's schema, in a day-partitioned,
 * clustered table, by either write method.
 */
class BigQuerySinkTest {
  private static final String PROJECT = "tributary-test";

  private final FakeDatasetService datasets = new FakeDatasetService();

  /** A dataset per test: BigQueryIO remembers, JVM-wide, which tables it has created. */
  private final String dataset = "analysts_" + UUID.randomUUID().toString().replace("-", "");

  private final FakeJobService jobs = new FakeJobService();
  @TempDir Path temp;

  @BeforeEach
  void freshFakes() throws Exception {
    FakeDatasetService.setUp();
    FakeJobService.setUp();
    datasets.createDataset(PROJECT, dataset, "", "", null);
  }

  private BigQuerySinkOptions options(BigQuerySinkOptions.WriteMethod method) {
    BigQuerySinkOptions options =
        PipelineOptionsFactory.fromArgs(
                "--project=" + PROJECT,
                "--tempLocation=" + temp,
                "--bigQueryDataset=" + PROJECT + ":" + dataset,
                "--bigQueryWriteMethod=" + method)
            .as(BigQuerySinkOptions.class);
    options.setBigQueryServices(
        new FakeBigQueryServices().withDatasetService(datasets).withJobService(jobs));
    return options;
  }

  private static final Schema TRIPS =
      Schema.builder()
          .addStringField("region")
          .addDateTimeField("started_at")
          .addInt64Field("trips")
          .build();

  @ParameterizedTest
  @EnumSource(BigQuerySinkOptions.WriteMethod.class)
  void writesSchemaRowsIntoAPartitionedClusteredTable(BigQuerySinkOptions.WriteMethod method)
      throws Exception {
    BigQuerySinkOptions options = options(method);
    Pipeline pipeline = Pipeline.create(options);
    PCollection<DeadLetter> refused =
        pipeline
            .apply(
                Create.of(
                        Row.withSchema(TRIPS)
                            .addValues("Prague", Instant.parse("2018-05-07T08:00:00Z"), 3L)
                            .build(),
                        Row.withSchema(TRIPS)
                            .addValues("Turin", Instant.parse("2018-05-08T09:30:00Z"), 1L)
                            .build())
                    .withRowSchema(TRIPS))
            .apply(
                BigQuerySink.<Row>to("weekly", options)
                    .withDayPartitioning("started_at")
                    .withClustering("region"));
    PAssert.that(refused).empty();
    pipeline.run().waitUntilFinish();

    List<TableRow> rows = datasets.getAllRows(PROJECT, dataset, "weekly");
    rows.sort(Comparator.comparing(r -> String.valueOf(r.get("region"))));
    assertEquals(2, rows.size());
    assertEquals("Prague", rows.get(0).get("region"));
    assertEquals("3", String.valueOf(rows.get(0).get("trips")));
    assertEquals("Turin", rows.get(1).get("region"));
    Table table =
        datasets.getTable(
            new TableReference().setProjectId(PROJECT).setDatasetId(dataset).setTableId("weekly"));
    assertEquals("DAY", table.getTimePartitioning().getType());
    assertEquals("started_at", table.getTimePartitioning().getField());
    assertEquals(List.of("region"), table.getClustering().getFields());
    assertEquals(
        List.of("region:STRING", "started_at:TIMESTAMP", "trips:INT64"),
        table.getSchema().getFields().stream().map(f -> f.getName() + ":" + f.getType()).toList());
  }
}
