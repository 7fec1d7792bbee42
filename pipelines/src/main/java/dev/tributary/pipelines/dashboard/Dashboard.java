package dev.tributary.pipelines.dashboard;

import dev.tributary.io.UsageException;
import dev.tributary.io.postgres.Migrations;
import dev.tributary.io.postgres.PostgresOptions;
import dev.tributary.pipelines.runtime.CliArgs;
import dev.tributary.pipelines.runtime.Launcher;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The reports' dashboard ({@code scripts/dashboard.sh}): serves a page per pipeline with charts of
 * its tables, read live from PostgreSQL, until stopped.
 *
 * <pre>
 * dashboard.sh [--port 8088] [--host 127.0.0.1] [--jdbcUrl URL]
 * </pre>
 */
public final class Dashboard {
  public static final int DEFAULT_PORT = 8088;
  public static final String DEFAULT_HOST = "127.0.0.1";
  private static final String USAGE =
      "usage: dashboard.sh [--port "
          + DEFAULT_PORT
          + "] [--host "
          + DEFAULT_HOST
          + "] [--jdbcUrl URL]";

  private Dashboard() {}

  public static void main(String[] args) {
    Launcher.exit(() -> run(args));
  }

  static int run(String[] args) throws InterruptedException {
    if (CliArgs.asksForHelp(args)) {
      System.out.println(USAGE);
      return 0;
    }
    CliArgs a = new CliArgs(List.of(args), USAGE);
    int port = port(a.value("--port", String.valueOf(DEFAULT_PORT)));
    String host = a.value("--host", DEFAULT_HOST);
    String jdbcUrl = a.value("--jdbcUrl", new PostgresOptions.JdbcUrlFactory().create(null));
    a.done();
    // The pages read every pipeline's tables: a fresh database gets them (empty) first.
    Migrations.migrate(jdbcUrl);
    DashboardServer server = DashboardServer.start(new InetSocketAddress(host, port), jdbcUrl);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                }));
    System.out.println(
        "dashboard: "
            + server.url()
            + " (pages: "
            + String.join(", ", Report.all().stream().map(Report::name).toList())
            + "), reading "
            + jdbcUrl.replaceAll("password=[^&]*", "password=...")
            + "; Ctrl-C stops it");
    stopped.await();
    return 0;
  }

  static int port(String value) {
    try {
      int port = Integer.parseInt(value.trim());
      if (port >= 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // said below
    }
    throw new UsageException("--port must be a TCP port number (0-65535), was '" + value + "'");
  }
}
