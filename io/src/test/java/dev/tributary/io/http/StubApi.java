package dev.tributary.io.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An API for tests: a JDK {@link HttpServer} on a free port of 127.0.0.1 that answers each path
 * with its script ({@link #on}: one answer per request, the last one repeated) and remembers every
 * request it saw, so a test asserts both what came out and how often the API was asked.
 */
final class StubApi implements AutoCloseable {
  /** One scripted answer: a status, a body, headers, and how long to wait before answering. */
  record Answer(int status, String body, Map<String, String> headers, long delayMillis) {
    static Answer of(int status, String body) {
      return new Answer(status, body, Map.of(), 0);
    }

    static Answer status(int status) {
      return of(status, "{\"status\":" + status + "}");
    }

    Answer withHeader(String name, String value) {
      Map<String, String> more = new java.util.LinkedHashMap<>(headers);
      more.put(name, value);
      return new Answer(status, body, more, delayMillis);
    }

    Answer after(long millis) {
      return new Answer(status, body, headers, millis);
    }
  }

  /** A request the stub saw: its path and query, its Accept header, when (System.nanoTime). */
  record Seen(String path, String query, String accept, long nanos) {}

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final Map<String, List<Answer>> scripts = new ConcurrentHashMap<>();
  private final List<Seen> seen = new CopyOnWriteArrayList<>();

  StubApi() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::answer);
    server.setExecutor(threads);
    server.start();
  }

  /** Answers {@code path} with {@code answers} in turn, the last one from then on. */
  StubApi on(String path, Answer... answers) {
    scripts.put(path, List.of(answers));
    return this;
  }

  /** The full URL of {@code pathAndQuery} ("/power?day=1"). */
  String url(String pathAndQuery) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + pathAndQuery;
  }

  /** How many requests for {@code path} the stub saw. */
  int count(String path) {
    return seen(path).size();
  }

  List<Seen> seen(String path) {
    List<Seen> all = new ArrayList<>();
    for (Seen s : seen) {
      if (s.path().equals(path)) {
        all.add(s);
      }
    }
    return all;
  }

  /** A port nothing listens on (it was free a moment ago): connections to it are refused. */
  static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private void answer(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    int index;
    synchronized (seen) {
      index = count(path); // the requests before this one
      seen.add(
          new Seen(
              path,
              exchange.getRequestURI().getRawQuery(),
              exchange.getRequestHeaders().getFirst("Accept"),
              System.nanoTime()));
    }
    List<Answer> script = scripts.getOrDefault(path, List.of(Answer.status(404)));
    Answer answer = script.get(Math.min(index, script.size() - 1));
    try {
      if (answer.delayMillis() > 0) {
        Thread.sleep(answer.delayMillis());
      }
      byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
      answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
      if (body.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException clientGone) {
      // the client timed out and closed the connection: nothing to answer
    } finally {
      exchange.close();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
