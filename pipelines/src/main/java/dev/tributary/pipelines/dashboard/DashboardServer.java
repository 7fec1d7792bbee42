package dev.tributary.pipelines.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tributary.io.UsageException;
import dev.tributary.io.postgres.Postgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's web server (the JDK's own): a page per {@link Report} at {@code /NAME}, its
 * answer as JSON at {@code /api/NAME} (read from PostgreSQL on every request, so the pages are
 * live), and the script, style and ECharts (from its webjar: nothing is fetched from a CDN) under
 * {@code /static/}.
 */
public final class DashboardServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DashboardServer.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PAGE = text("dashboard/page.html");
  private static final Map<String, String> STATIC =
      Map.of(
          "/static/dashboard.js", "dashboard/dashboard.js",
          "/static/dashboard.css", "dashboard/dashboard.css",
          "/static/echarts.min.js", echartsResource());
  private static final List<Report> PAGES = Report.all();
  private static final Map<String, Report> REPORTS =
      PAGES.stream().collect(Collectors.toMap(Report::name, r -> r));

  private final HttpServer http;
  private final ExecutorService workers;
  private final String jdbcUrl;

  private DashboardServer(HttpServer http, String jdbcUrl) {
    this.http = http;
    this.jdbcUrl = jdbcUrl;
    this.workers = Executors.newFixedThreadPool(4);
    http.setExecutor(workers);
    http.createContext("/", this::serve);
  }

  /** Starts serving {@code jdbcUrl}'s tables on {@code address} (port 0: any free port). */
  public static DashboardServer start(InetSocketAddress address, String jdbcUrl) {
    try {
      DashboardServer server = new DashboardServer(HttpServer.create(address, 0), jdbcUrl);
      server.http.start();
      return server;
    } catch (BindException e) {
      throw new UsageException(
          "cannot listen on "
              + address.getHostString()
              + ":"
              + address.getPort()
              + " ("
              + e.getMessage()
              + "); pick another with --port",
          e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Where the dashboard answers, e.g. {@code http://127.0.0.1:8088/}. */
  public String url() {
    InetSocketAddress a = http.getAddress();
    return "http://" + a.getHostString() + ":" + a.getPort() + "/";
  }

  @Override
  public void close() {
    http.stop(0);
    workers.shutdownNow();
  }

  private void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      if (!exchange.getRequestMethod().equals("GET")) {
        send(exchange, 405, "text/plain", "only GET");
      } else if (STATIC.containsKey(path)) {
        send(exchange, 200, contentType(path), resource(STATIC.get(path)));
      } else if (path.startsWith("/api/") && REPORTS.containsKey(path.substring(5))) {
        answer(exchange, REPORTS.get(path.substring(5)));
      } else if (path.equals("/") || REPORTS.containsKey(path.substring(1))) {
        send(exchange, 200, "text/html; charset=utf-8", page(REPORTS.get(path.substring(1))));
      } else {
        send(exchange, 404, "text/plain", "no page " + path + "; the pages are listed at /");
      }
    }
  }

  private void answer(HttpExchange exchange, Report report) throws IOException {
    int status;
    Object body;
    try (Connection c = Postgres.connect(jdbcUrl)) {
      c.setReadOnly(true);
      body = report.answer(c, Params.of(exchange.getRequestURI().getRawQuery()));
      status = 200;
    } catch (Params.BadParameter | UsageException e) {
      status = e instanceof Params.BadParameter ? 400 : 503;
      body = Map.of("error", UsageException.firstLine(e.getMessage()));
    } catch (Exception e) {
      LOG.error("the {} page's queries failed", report.name(), e);
      status = 500;
      body =
          Map.of("error", "the page's queries failed: " + UsageException.firstLine(e.toString()));
    }
    send(exchange, status, "application/json", JSON.writeValueAsBytes(body));
  }

  /** A report's page, or the index (null): the menu, and the page's name for its script. */
  private static byte[] page(Report report) {
    String menu =
        PAGES.stream()
            .map(
                r ->
                    "<a href=\"/"
                        + r.name()
                        + "\""
                        + (r == report ? " aria-current=\"page\"" : "")
                        + ">"
                        + r.name()
                        + "</a>")
            .collect(Collectors.joining(" "));
    String index =
        PAGES.stream()
            .map(r -> "<li><a href=\"/" + r.name() + "\">" + r.title() + "</a></li>")
            .collect(Collectors.joining("\n", "<ul class=\"index\">\n", "\n</ul>"));
    return PAGE.replace("{{title}}", report == null ? "Tributary reports" : report.title())
        .replace("{{name}}", report == null ? "" : report.name())
        .replace("{{menu}}", menu)
        .replace("{{index}}", report == null ? index : "")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static void send(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    send(exchange, status, type + "; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange exchange, int status, String type, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static String contentType(String path) {
    return path.endsWith(".css") ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8";
  }

  private static byte[] resource(String name) {
    try (InputStream in = DashboardServer.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String text(String name) {
    return new String(resource(name), StandardCharsets.UTF_8);
  }

  /** ECharts' bundle in its webjar, whose version the webjar's own pom.properties names. */
  private static String echartsResource() {
    Properties pom = new Properties();
    try (InputStream in =
        DashboardServer.class
            .getClassLoader()
            .getResourceAsStream("META-INF/maven/org.webjars.npm/echarts/pom.properties")) {
      if (in == null) {
        throw new IllegalStateException("the echarts webjar is missing from the classpath");
      }
      pom.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return "META-INF/resources/webjars/echarts/"
        + pom.getProperty("version")
        + "/dist/echarts.min.js";
  }
}
