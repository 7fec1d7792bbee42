package dev.tributary.io.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A local, deterministic stand-in for the public APIs the pipelines read (Energy-Charts at the
 * root, OpenWeatherMap's current weather at {@code /data/2.5/weather}, covid19api.com's recorded
 * series at {@code /country/singapore/status/confirmed}), so tests and demos never depend on the
 * internet, an API key, its rate limits or yesterday's data. The same request gets the same bytes;
 * what changes is only what a test asks for: a "now" (what is not yet published), a {@link #revise
 * revision} of published values, {@link #fault faults} and a per-client rate limit.
 *
 * <pre>{@code
 * try (ReplayServer api = ReplayServer.start(0, Instant.parse("2025-06-15T10:00:00Z"))) {
 *   api.fault("/price", LocalDate.of(2025, 6, 1), Fault.status(500, "Internal Server Error", 2));
 *   api.faultFor("/data/2.5/weather", "2950159", Fault.status(429, OpenWeatherReplay.BLOCKED, 1));
 *   ... api.url() + "/price?bzn=DE-LU&start=2025-06-01" ...
 * }
 * }</pre>
 *
 * Run standalone with {@code scripts/replay-api.sh start}, or {@link #main}.
 */
public final class ReplayServer implements AutoCloseable {
  public static final int DEFAULT_PORT = 8089;
  public static final int DEFAULT_MAX_REQUESTS_PER_SECOND = 10;

  private final HttpServer http;
  private final ExecutorService workers;
  private volatile Clock clock;
  private final Map<String, Route> routes = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> requests = new ConcurrentHashMap<>();
  private final Map<FaultKey, Queue<ActiveFault>> faults = new ConcurrentHashMap<>();
  private final RateLimit rateLimit = new RateLimit(DEFAULT_MAX_REQUESTS_PER_SECOND);
  private volatile int revision;

  private record FaultKey(String path, String subject) {}

  private record ActiveFault(Fault fault, AtomicInteger left) {}

  private ReplayServer(HttpServer http, Clock clock) {
    this.http = http;
    this.clock = clock;
    this.workers =
        Executors.newFixedThreadPool(
            8,
            task -> {
              Thread thread = new Thread(task, "replay-server");
              thread.setDaemon(true);
              return thread;
            });
    EnergyChartsReplay.routes().forEach(this::route);
    OpenWeatherReplay.routes().forEach(this::route);
    CovidReplay.routes().forEach(this::route);
    http.createContext("/", this::handle);
    http.setExecutor(workers);
    http.start();
  }

  /** A server on 127.0.0.1:{@code port} (0: any free port) whose now is the real time. */
  public static ReplayServer start(int port) throws IOException {
    return start(port, Clock.systemUTC());
  }

  /** A server whose now stands still at {@code now}: every answer is reproducible. */
  public static ReplayServer start(int port, Instant now) throws IOException {
    return start(port, Clock.fixed(now, ZoneOffset.UTC));
  }

  private static ReplayServer start(int port, Clock clock) throws IOException {
    InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    return new ReplayServer(HttpServer.create(address, 0), clock);
  }

  /** The base URL, e.g. {@code http://127.0.0.1:8089}. */
  public String url() {
    return "http://127.0.0.1:" + http.getAddress().getPort();
  }

  /**
   * Serves {@code path} with {@code route}: the path exactly, or every path under it when it ends
   * with {@code /} (e.g. {@code /country/} for {@code /country/germany}). Replaces an earlier
   * route.
   */
  public ReplayServer route(String path, Route route) {
    routes.put(path, route);
    return this;
  }

  /**
   * Answers requests to {@code path} whose start names {@code day} (in the route's local time;
   * null: every request to the path) with {@code fault}, for its {@code times} first matches.
   * Faults added for the same path and day take turns in the order they were added.
   */
  public ReplayServer fault(String path, LocalDate day, Fault fault) {
    return faultFor(path, day == null ? null : day.toString(), fault);
  }

  /**
   * Answers requests to {@code path} about {@code subject} (what the route's {@link Route#subject}
   * names: an ISO day for Energy-Charts, a city id for the weather; null: every request to the
   * path) with {@code fault}, for its {@code times} first matches. Faults added for the same path
   * and subject take turns in the order they were added.
   */
  public ReplayServer faultFor(String path, String subject, Fault fault) {
    faults
        .computeIfAbsent(new FaultKey(path, subject), key -> new ConcurrentLinkedQueue<>())
        .add(new ActiveFault(fault, new AtomicInteger(fault.times())));
    return this;
  }

  /**
   * Publishes revision {@code revision} of the data (0: the original). What a revision changes is
   * each route's to document; see {@link EnergyChartsReplay} and {@link OpenWeatherReplay}.
   */
  public ReplayServer revise(int revision) {
    if (revision < 0) {
      throw new IllegalArgumentException("a revision is >= 0, not " + revision);
    }
    this.revision = revision;
    return this;
  }

  /**
   * Moves the server's now to {@code now}, where it stands still: a test polls a day of readings by
   * stepping it 10 minutes at a time.
   */
  public ReplayServer at(Instant now) {
    this.clock = Clock.fixed(now, ZoneOffset.UTC);
    return this;
  }

  /** More than {@code max} requests from one client within a second get 429; 0 turns it off. */
  public ReplayServer maxRequestsPerSecond(int max) {
    rateLimit.set(max);
    return this;
  }

  /** How many requests {@code path} got, whatever they were answered. */
  public long requests(String path) {
    AtomicLong count = requests.get(path);
    return count == null ? 0 : count.get();
  }

  @Override
  public void close() {
    http.stop(0);
    workers.shutdownNow();
  }

  private void handle(HttpExchange exchange) {
    try {
      String path = exchange.getRequestURI().getPath();
      requests.computeIfAbsent(path, p -> new AtomicLong()).incrementAndGet();
      send(exchange, answer(exchange, path));
    } catch (IOException e) {
      // The client went away (say, it timed out during a delay fault): nobody to answer.
    } finally {
      exchange.close();
    }
  }

  private Reply answer(HttpExchange exchange, String path) {
    if (!rateLimit.admit(exchange.getRemoteAddress().getAddress(), System.nanoTime())) {
      return Reply.tooManyRequests("1");
    }
    if (!"GET".equals(exchange.getRequestMethod())) {
      return Reply.raw(405, "{\"detail\":\"Method Not Allowed\"}");
    }
    Route route = route(path);
    if (route == null) {
      return Reply.raw(404, "{\"detail\":\"Not Found\"}");
    }
    ReplayRequest request =
        new ReplayRequest(
            path, query(exchange.getRequestURI().getRawQuery()), clock.instant(), revision);
    try {
      Fault fault = takeFault(path, route.subject(request));
      return fault == null ? route.handle(request) : fault.apply(() -> route.handle(request));
    } catch (RuntimeException e) {
      e.printStackTrace();
      return Reply.text(500, "Internal Server Error");
    }
  }

  private Route route(String path) {
    Route exact = routes.get(path);
    if (exact != null) {
      return exact;
    }
    String prefix = null;
    for (String candidate : routes.keySet()) {
      if (candidate.endsWith("/")
          && path.startsWith(candidate)
          && (prefix == null || candidate.length() > prefix.length())) {
        prefix = candidate;
      }
    }
    return prefix == null ? null : routes.get(prefix);
  }

  private Fault takeFault(String path, Optional<String> subject) {
    Fault fault = subject.map(s -> take(new FaultKey(path, s))).orElse(null);
    return fault != null ? fault : take(new FaultKey(path, null));
  }

  private Fault take(FaultKey key) {
    for (ActiveFault active : faults.getOrDefault(key, new ConcurrentLinkedQueue<>())) {
      if (active.left().getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        return active.fault();
      }
    }
    return null;
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> query = new HashMap<>();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        if (!pair.isEmpty()) {
          int eq = pair.indexOf('=');
          String name = eq < 0 ? pair : pair.substring(0, eq);
          String value = eq < 0 ? "" : pair.substring(eq + 1);
          query.put(decode(name), decode(value));
        }
      }
    }
    return query;
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }

  private static void send(HttpExchange exchange, Reply reply) throws IOException {
    byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", reply.contentType());
    reply.headers().forEach(exchange.getResponseHeaders()::set);
    exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  /**
   * Serves until killed: {@code [--port N] [--now ISO-INSTANT] [--maxRequestsPerSecond N]} (also as
   * {@code --name=value}); prints {@code replay server on URL} once it listens.
   */
  public static void main(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        options.put(arg.substring(2, eq), arg.substring(eq + 1));
      } else if (arg.startsWith("--") && i + 1 < args.length) {
        options.put(arg.substring(2), args[++i]);
      } else {
        throw usage("unexpected argument '" + arg + "'");
      }
    }
    int port = DEFAULT_PORT;
    Instant now = null;
    int max = DEFAULT_MAX_REQUESTS_PER_SECOND;
    try {
      for (Map.Entry<String, String> option : options.entrySet()) {
        switch (option.getKey()) {
          case "port" -> port = Integer.parseInt(option.getValue());
          case "now" -> now = Instant.parse(option.getValue());
          case "maxRequestsPerSecond" -> max = Integer.parseInt(option.getValue());
          default -> throw usage("unknown option --" + option.getKey());
        }
      }
    } catch (RuntimeException e) {
      throw usage("bad value: " + e.getMessage());
    }
    if (max < 0) {
      throw usage("--maxRequestsPerSecond must be >= 0 (0: no limit), not " + max);
    }
    ReplayServer server;
    try {
      server = now == null ? start(port) : start(port, now);
    } catch (IOException | IllegalArgumentException e) {
      throw usage("cannot listen on 127.0.0.1:" + port + " (" + e.getMessage() + ")");
    }
    server.maxRequestsPerSecond(max);
    Runtime.getRuntime().addShutdownHook(new Thread(server::close));
    System.out.println("replay server on " + server.url());
  }

  /** Says what is wrong in one line and exits 2; returns only for the compiler's sake. */
  private static RuntimeException usage(String problem) {
    System.err.println(
        "error: "
            + problem
            + "; usage: ReplayServer [--port N] [--now 2025-06-15T10:00:00Z]"
            + " [--maxRequestsPerSecond N]");
    System.exit(2);
    return new IllegalStateException(problem);
  }
}
