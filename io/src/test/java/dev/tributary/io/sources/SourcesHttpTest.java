package dev.tributary.io.sources;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.tributary.io.UsageException;
import dev.tributary.io.http.ApiRequest;
import dev.tributary.io.http.HttpRequests;
import dev.tributary.io.runs.Ledger;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.runners.TransformHierarchy;
import org.apache.beam.sdk.values.PValue;
import org.junit.jupiter.api.Test;

/** {@code --source=http} through the one source block: its check, and where its read plugs in. */
class SourcesHttpTest {
  private static SourceOptions options(String... args) {
    return PipelineOptionsFactory.fromArgs(args).as(SourceOptions.class);
  }

  private static Input power(String probeUrl) {
    return Input.json("Power")
        .requests(
            HttpRequests.of(
                probeUrl,
                List.of(
                    ApiRequest.of("public_power", probeUrl + "&day=1"),
                    ApiRequest.of("public_power", probeUrl + "&day=2"))));
  }

  @Test
  void anUnreachableApiIsOneUsageLine() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    String url = "http://127.0.0.1:" + port + "/public_power?country=de&api_key=s3cr3t";
    UsageException e =
        assertThrows(
            UsageException.class, () -> Sources.check(options("--source=http"), power(url)));
    assertEquals(
        "cannot reach the API at http://127.0.0.1:"
            + port
            + "/public_power?country=de&api_key=*** (connection refused); start the local replay"
            + " server (scripts/replay-api.sh start) or pass --apiUrl",
        e.getMessage());
    assertEquals(1, e.getMessage().lines().count());
  }

  @Test
  void aReachableApiIsCheckedWithItsMaskedUrlAndBackfill() throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          exchange.sendResponseHeaders(503, -1); // an answer, if not a good one: reachable
          exchange.close();
        });
    server.start();
    try {
      String url =
          "http://127.0.0.1:" + server.getAddress().getPort() + "/public_power?api_key=s3cr3t";
      String masked =
          "http://127.0.0.1:" + server.getAddress().getPort() + "/public_power?api_key=***";
      assertEquals(
          new Sources.Checked(masked, 2, false),
          Sources.check(options("--source=http"), power(url)));
      assertEquals(
          new Sources.Checked(masked, 2, true),
          Sources.check(options("--source=http", "--streaming=true"), power(url)));
    } finally {
      server.stop(0);
    }
  }

  @Test
  void anInputWithoutRequestsIsOneUsageLine() {
    UsageException e =
        assertThrows(
            UsageException.class,
            () -> Sources.check(options("--source=http"), Input.json("Roofs").files("x.json")));
    assertEquals(
        "Roofs is not read from an API; pass --source=file or --source=kafka", e.getMessage());
  }

  @Test
  void theReadFetchesAndItsFailuresAreTheSourcesDeadLetters() {
    SourceOptions options = options("--source=http");
    Pipeline pipeline = Pipeline.create(options);
    SourceRead read =
        Sources.read(
            pipeline,
            options,
            power("http://127.0.0.1:1/p?x=1"),
            new Ledger("jdbc:postgresql://127.0.0.1:1/none", 1, "responses"));
    assertNull(read.locate(), "no line numbers to resolve for a request");
    List<String> steps = new ArrayList<>();
    Map<PValue, String> producers = new HashMap<>();
    Map<String, PValue> inputs = new HashMap<>();
    pipeline.traverseTopologically(
        new Pipeline.PipelineVisitor.Defaults() {
          @Override
          public CompositeBehavior enterCompositeTransform(TransformHierarchy.Node node) {
            steps.add(node.getFullName());
            return CompositeBehavior.ENTER_TRANSFORM;
          }

          @Override
          public void visitPrimitiveTransform(TransformHierarchy.Node node) {
            node.getOutputs().values().forEach(out -> producers.put(out, node.getFullName()));
            node.getInputs().values().forEach(in -> inputs.put(node.getFullName(), in));
          }
        });
    assertTrue(steps.contains("ReadPowerHttp/Fetch"), steps.toString());
    // What the source fetched and what it could not fetch are both counted as read.
    assertThat(producers.get(read.deadLetters()), startsWith("CountUnreadable/"));
    assertThat(
        producers.get(inputs.get(producers.get(read.deadLetters()))),
        startsWith("ReadPowerHttp/Fetch/"));
    String countRead =
        producers.values().stream()
            .filter(n -> n.startsWith("CountRead/"))
            .findFirst()
            .orElseThrow();
    assertThat(producers.get(inputs.get(countRead)), startsWith("ReadPowerHttp/Fetch/"));
  }
}
