package dev.tributary.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.io.kafka.KafkaOptions;
import dev.tributary.io.postgres.PostgresOptions;
import dev.tributary.pipelines.dashboard.Dashboard;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.beam.sdk.options.Default;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.yaml.snakeyaml.Yaml;

/**
 * The container files (infra/docker/, infra/grafana/ and the Dockerfiles of infra/) against the
 * repository, since no Docker engine runs them here: what they copy and mount exists, the jar is
 * the one the pom builds, the entrypoint starts the JVM with scripts/lib.sh's flags, the ports are
 * the scripts' and options' defaults, the services they depend on exist and report health, the
 * broker and cluster have the scripts' settings, and Grafana's dashboard uses the provisioned data
 * source. SnakeYAML comes with Beam's Kafka IO (its expansion service), no dependency of its own.
 */
class ContainerFilesTest {
  private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
  private static final Path DOCKER = ROOT.resolve("infra/docker");
  private static final Path COMPOSE = DOCKER.resolve("compose.yml");
  private static final Path DOCKERFILE = DOCKER.resolve("Dockerfile");

  private static final String DASHBOARD_MAIN = Dashboard.class.getName();
  private static final Pattern ENV_DEFAULT = Pattern.compile("\\$\\{[A-Z_]+:-([^}]*)}");

  // --- reading the files ---

  private record Instruction(String keyword, String args) {}

  /** A Dockerfile's instructions (continuation lines joined, comments dropped), ARGs expanded. */
  private static List<Instruction> dockerfile(Path file) throws IOException {
    String text = Files.readString(file).replaceAll("(?m)^\\s*#.*\\n", "").replace("\\\n", " ");
    Map<String, String> args = new LinkedHashMap<>();
    List<Instruction> instructions = new ArrayList<>();
    for (String line : text.split("\n")) {
      String[] parts = line.strip().split("\\s+", 2);
      if (parts.length < 2) {
        continue;
      }
      String value = parts[1];
      for (Map.Entry<String, String> arg : args.entrySet()) {
        value = value.replace("${" + arg.getKey() + "}", arg.getValue());
      }
      if (parts[0].equals("ARG") && value.contains("=")) {
        args.put(value.substring(0, value.indexOf('=')), value.substring(value.indexOf('=') + 1));
      }
      instructions.add(new Instruction(parts[0], value));
    }
    return instructions;
  }

  private static List<String> arguments(List<Instruction> dockerfile, String keyword) {
    return dockerfile.stream()
        .filter(i -> i.keyword().equals(keyword))
        .map(Instruction::args)
        .toList();
  }

  /** COPY's words without its --flags: sources, then the destination. */
  private static List<List<String>> copies(List<Instruction> dockerfile) {
    return arguments(dockerfile, "COPY").stream()
        .map(a -> Stream.of(a.split("\\s+")).filter(w -> !w.startsWith("--")).toList())
        .toList();
  }

  /** ENTRYPOINT or CMD in exec form, a JSON array. */
  private static List<String> execForm(List<Instruction> dockerfile, String keyword)
      throws IOException {
    List<String> found = arguments(dockerfile, keyword);
    assertEquals(1, found.size(), keyword);
    List<String> words = new ArrayList<>();
    new ObjectMapper().readTree(found.get(0)).forEach(w -> words.add(w.asText()));
    return words;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> yaml(Path file) throws IOException {
    return (Map<String, Object>) new Yaml().load(Files.readString(file));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return value == null ? Map.of() : (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object value) {
    return value == null ? List.of() : (List<Object>) value;
  }

  private static Map<String, Object> services() throws IOException {
    return map(yaml(COMPOSE).get("services"));
  }

  /** A service as Compose runs it: its extends base (without depends_on, never inherited) first. */
  private static Map<String, Object> service(String name) throws IOException {
    Map<String, Object> own = map(services().get(name));
    assertFalse(own.isEmpty(), "no service " + name + " in " + COMPOSE);
    Map<String, Object> merged = new LinkedHashMap<>();
    Map<String, Object> extended = map(own.get("extends"));
    if (!extended.isEmpty()) {
      Path base = DOCKER.resolve((String) extended.get("file"));
      merged.putAll(map(map(yaml(base).get("services")).get(extended.get("service"))));
      merged.remove("depends_on");
    }
    merged.putAll(own);
    merged.remove("extends");
    return merged;
  }

  private static Map<String, String> env(String service) throws IOException {
    Map<String, String> env = new LinkedHashMap<>();
    map(service(service).get("environment")).forEach((k, v) -> env.put(k, String.valueOf(v)));
    return env;
  }

  /** A service's command as words (the short form is one string). */
  private static List<String> command(String service) throws IOException {
    Object command = service(service).get("command");
    return command instanceof String words
        ? List.of(words.split("\\s+"))
        : list(command).stream().map(String::valueOf).toList();
  }

  /** Published ports as [host address, host port, container port], ${VAR:-default} resolved. */
  private static List<String[]> ports(String service) throws IOException {
    return list(service(service).get("ports")).stream()
        .map(p -> ENV_DEFAULT.matcher((String) p).replaceAll("$1").split(":"))
        .toList();
  }

  /** The one port the service publishes, checked to be published on loopback as itself. */
  private static int port(String service) throws IOException {
    List<String[]> ports = ports(service);
    assertEquals(1, ports.size(), service);
    String[] port = ports.get(0);
    assertEquals(3, port.length, service + ": HOST_IP:HOST_PORT:CONTAINER_PORT");
    assertEquals("127.0.0.1", port[0], service + ": published on loopback only");
    assertEquals(port[1], port[2], service + ": the same port on the host as in the container");
    return Integer.parseInt(port[2]);
  }

  /** scripts/lib.sh's variable NAME (an array's elements a line each), as bash itself reads it. */
  private static List<String> libSh(String name) throws Exception {
    Process bash =
        new ProcessBuilder(
                "bash", "-c", "source scripts/lib.sh && printf '%s\\n' \"${" + name + "[@]}\"")
            .directory(ROOT.toFile())
            .start();
    assertTrue(bash.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, bash.exitValue());
    return new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
        .lines()
        .toList();
  }

  /** The shaded jar pipelines/pom.xml builds: artifactId-version-classifier.jar in target/. */
  private static String bundledJar() throws Exception {
    Document pom =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(ROOT.resolve("pipelines/pom.xml").toFile());
    Element project = pom.getDocumentElement();
    String artifact = child(project, "artifactId");
    String version = child((Element) project.getElementsByTagName("parent").item(0), "version");
    assertEquals(0, project.getElementsByTagName("finalName").getLength(), "no finalName assumed");
    String classifier =
        project.getElementsByTagName("shadedClassifierName").item(0).getTextContent();
    return "pipelines/target/" + artifact + "-" + version + "-" + classifier + ".jar";
  }

  private static String child(Element parent, String tag) {
    for (var n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals(tag)) {
        return e.getTextContent().strip();
      }
    }
    throw new AssertionError("no <" + tag + "> in <" + parent.getTagName() + ">");
  }

  private static int portOf(String url) {
    return URI.create(url.substring("jdbc:".length())).getPort();
  }

  // --- the image ---

  @Test
  void theBundledJarIsThePomsAndLibShs() throws Exception {
    String jar = bundledJar();
    assertEquals(List.of(jar.replace("-bundled.jar", ".jar")), libSh("PIPELINES_JAR"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "infra/docker/Dockerfile",
        "infra/dataflow/Dockerfile",
        "infra/postgres/Dockerfile"
      })
  void everyCopySourceIsInTheRepositoryOrIsTheBundledJar(String file) throws Exception {
    List<List<String>> copies = copies(dockerfile(ROOT.resolve(file)));
    assertFalse(copies.isEmpty(), file);
    for (List<String> copy : copies) {
      for (String source : copy.subList(0, copy.size() - 1)) {
        if (source.startsWith("pipelines/target/")) {
          assertEquals(bundledJar(), source, file + ": the jar mvn package builds");
        } else {
          assertTrue(Files.exists(ROOT.resolve(source)), file + ": COPY " + source + " is missing");
        }
      }
    }
  }

  /** BuildKit reads Dockerfile.dockerignore beside the Dockerfile: it must let every source in. */
  @Test
  void theBuildContextLetsEveryCopySourceIn() throws Exception {
    List<String> ignore =
        Files.readAllLines(DOCKER.resolve("Dockerfile.dockerignore")).stream()
            .filter(l -> !l.isBlank() && !l.startsWith("#"))
            .toList();
    assertEquals("*", ignore.get(0), "everything out, then what the image copies in");
    for (List<String> copy : copies(dockerfile(DOCKERFILE))) {
      String source = copy.get(0).replaceAll("/$", "");
      assertTrue(
          ignore.stream()
              .filter(l -> l.startsWith("!"))
              .map(l -> FileSystems.getDefault().getPathMatcher("glob:" + l.substring(1)))
              .anyMatch(m -> m.matches(Path.of(source))),
          "Dockerfile.dockerignore keeps " + source + " out of the build context");
    }
  }

  /**
   * The image's layout, built from the Dockerfile's COPY lines in a folder standing for WORKDIR,
   * with a java that records its arguments: the entrypoint runs the named main from the copied jar
   * with exactly lib.sh's JAVA_FLAGS, and the command given.
   */
  @Test
  void theEntrypointRunsTheMainWithLibShsJavaFlags(@TempDir Path image) throws Exception {
    List<Instruction> dockerfile = dockerfile(DOCKERFILE);
    String workdir = arguments(dockerfile, "WORKDIR").get(0);
    Path jar = null;
    for (List<String> copy : copies(dockerfile)) {
      Path source = ROOT.resolve(copy.get(0));
      Path target = image.resolve(copy.get(1));
      Files.createDirectories(target.getParent());
      if (copy.get(0).equals(bundledJar())) {
        Files.writeString(target, ""); // mvn package may not have run before the tests
        jar = target;
      } else if (Files.isDirectory(source)) {
        try (Stream<Path> files = Files.walk(source)) {
          for (Path f : files.filter(Files::isRegularFile).toList()) {
            Files.createDirectories(target.resolve(source.relativize(f)).getParent());
            Files.copy(f, target.resolve(source.relativize(f)));
          }
        }
      } else {
        Files.copy(source, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
      }
    }
    assertNotNull(jar, "the image copies the bundled jar");
    Path bin = Files.createDirectories(image.resolve("stub-bin"));
    Files.writeString(bin.resolve("java"), "#!/bin/sh\nprintf '%s\\n' \"$@\" > \"$ARGS_FILE\"\n");
    assertTrue(bin.resolve("java").toFile().setExecutable(true));

    List<String> entrypoint = execForm(dockerfile, "ENTRYPOINT");
    assertTrue(entrypoint.get(0).startsWith(workdir + "/"), "the entrypoint is in WORKDIR");
    Path script = image.resolve(entrypoint.get(0).substring(workdir.length() + 1));
    assertTrue(Files.isExecutable(script), script + " is executable (git's mode 755)");
    List<String> command = execForm(dockerfile, "CMD");

    String main = "dev.tributary.pipelines.Main";
    List<String> expected = new ArrayList<>(libSh("JAVA_FLAGS"));
    expected.addAll(List.of("-cp", jar.toString(), main));
    expected.addAll(command);
    assertEquals(expected, runEntrypoint(script, bin, Map.of(), command));
    Class.forName(main);

    // A service naming another main runs that one the same way, with its command.
    Map<String, String> dashboardEnv = env("dashboard");
    List<String> dashboardCommand = command("dashboard");
    List<String> args = runEntrypoint(script, bin, dashboardEnv, dashboardCommand);
    assertEquals(libSh("JAVA_FLAGS"), args.subList(0, libSh("JAVA_FLAGS").size()));
    assertEquals(dashboardEnv.get("TRIBUTARY_MAIN"), args.get(libSh("JAVA_FLAGS").size() + 2));
  }

  private static List<String> runEntrypoint(
      Path script, Path bin, Map<String, String> env, List<String> args) throws Exception {
    Path recorded = bin.resolve("args");
    List<String> command = new ArrayList<>(List.of(script.toString()));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().remove("TRIBUTARY_MAIN");
    builder.environment().putAll(env);
    builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    builder.environment().put("ARGS_FILE", recorded.toString());
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, process.exitValue(), output);
    return Files.readAllLines(recorded);
  }

  // --- the compose file ---

  @Test
  void buildContextsMountsAndExtendedFilesExist() throws Exception {
    for (Map.Entry<String, Object> entry : services().entrySet()) {
      Map<String, Object> service = map(entry.getValue());
      Map<String, Object> build = map(service.get("build"));
      if (!build.isEmpty()) {
        Path context = DOCKER.resolve((String) build.get("context")).normalize();
        assertEquals(ROOT, context, entry.getKey() + ": Dockerfiles copy from the repository root");
        assertTrue(Files.exists(context.resolve((String) build.get("dockerfile"))), entry.getKey());
      }
      for (Object volume : list(service.get("volumes"))) {
        String source = ((String) volume).split(":")[0];
        if (source.startsWith(".")) {
          assertTrue(
              Files.exists(DOCKER.resolve(source)),
              entry.getKey() + ": no " + source + " to mount");
        }
      }
      Map<String, Object> extended = map(service.get("extends"));
      if (!extended.isEmpty()) {
        Path base = DOCKER.resolve((String) extended.get("file"));
        assertTrue(Files.exists(base), entry.getKey() + ": " + base);
        assertTrue(
            map(yaml(base).get("services")).containsKey(extended.get("service")),
            entry.getKey() + ": " + extended);
      }
    }
  }

  @Test
  void publishedPortsAreTheScriptsAndOptionsDefaults() throws Exception {
    int postgres = portOf(PostgresOptions.DEFAULT_JDBC_URL);
    assertEquals(List.of(PostgresOptions.DEFAULT_JDBC_URL), libSh("DEFAULT_JDBC_URL"));
    assertEquals(postgres, port("postgres"));

    Matcher kafkaSh =
        Pattern.compile("KAFKA_PORT=\"\\$\\{KAFKA_PORT:-(\\d+)}\"")
            .matcher(Files.readString(ROOT.resolve("scripts/kafka.sh")));
    assertTrue(kafkaSh.find(), "scripts/kafka.sh's default KAFKA_PORT");
    String bootstrap =
        KafkaOptions.class
            .getMethod("getBootstrapServers")
            .getAnnotation(Default.String.class)
            .value();
    assertEquals("127.0.0.1:" + kafkaSh.group(1), bootstrap);
    assertEquals(Integer.parseInt(kafkaSh.group(1)), port("kafka"));
    assertTrue(
        env("kafka").get("KAFKA_ADVERTISED_LISTENERS").contains("PLAINTEXT://" + bootstrap),
        "host clients reach the broker at the options' default");

    Map<String, Object> flinkConf = yaml(ROOT.resolve("infra/flink/conf/config.yaml"));
    assertEquals(flinkConf.get("rest.port"), port("jobmanager"), "scripts/flink.sh's REST port");

    assertEquals(Dashboard.DEFAULT_PORT, port("dashboard"));
    port("grafana");
  }

  /** The commands the files show users name the services' in-network addresses. */
  @Test
  void theUsageAddressesTheServicesInTheirNetwork() throws Exception {
    String usage = Files.readString(COMPOSE) + Files.readString(ROOT.resolve("docs/containers.md"));
    Matcher flink = Pattern.compile("--flinkMaster=jobmanager:(\\d+)").matcher(usage);
    assertTrue(flink.find());
    do {
      assertEquals(String.valueOf(port("jobmanager")), flink.group(1));
    } while (flink.find());
    Matcher kafka = Pattern.compile("--bootstrapServers=(kafka:\\d+)").matcher(usage);
    assertTrue(kafka.find());
    do {
      assertTrue(
          env("kafka").get("KAFKA_ADVERTISED_LISTENERS").contains("//" + kafka.group(1)),
          kafka.group(1) + " is an advertised listener");
    } while (kafka.find());
  }

  @Test
  void thePipelinesTheUsageRunsAreRegistered() throws Exception {
    String usage =
        Files.readString(COMPOSE)
            + Files.readString(DOCKERFILE)
            + Files.readString(ROOT.resolve("docs/containers.md"));
    List<String> named =
        Pattern.compile("(?:run --rm pipelines|tributary-pipelines) ([a-z]+)")
            .matcher(usage)
            .results()
            .map(m -> m.group(1))
            .toList();
    assertFalse(named.isEmpty());
    named.forEach(Pipelines::named); // a UsageException names the registry's pipelines
  }

  @Test
  void dependenciesAreServicesThatReportTheirHealth() throws Exception {
    Set<String> names = services().keySet();
    for (String name : names) {
      Map<String, Object> service = service(name);
      map(service.get("depends_on"))
          .forEach(
              (dependency, how) -> {
                assertTrue(names.contains(dependency), name + " depends on unknown " + dependency);
                assertEquals("service_healthy", map(how).get("condition"), name);
                try {
                  assertFalse(
                      map(service(dependency).get("healthcheck")).isEmpty(),
                      dependency + " has no healthcheck for " + name + " to wait on");
                } catch (IOException e) {
                  throw new AssertionError(e);
                }
              });
      // A healthcheck probing a port probes the one the service publishes.
      Matcher probe =
          Pattern.compile("/dev/tcp/127\\.0\\.0\\.1/(\\d+)")
              .matcher(String.valueOf(map(service.get("healthcheck")).get("test")));
      if (probe.find()) {
        assertEquals(String.valueOf(port(name)), probe.group(1), name);
      }
    }
  }

  @Test
  void theJdbcUrlsNameThePostgresService() throws Exception {
    String database =
        URI.create(PostgresOptions.DEFAULT_JDBC_URL.substring(5)).getPath().substring(1);
    assertEquals(database, env("postgres").get("POSTGRES_DB"));
    String url = "jdbc:postgresql://postgres:" + port("postgres") + "/" + database;
    int urls = 0;
    for (String name : services().keySet()) {
      String fromEnv = env(name).get(PostgresOptions.JDBC_URL_ENV);
      if (fromEnv != null) {
        assertEquals(url, fromEnv, name);
        urls++;
      }
      for (String arg : command(name)) {
        if (String.valueOf(arg).startsWith("--jdbcUrl=")) {
          assertEquals("--jdbcUrl=" + url, arg, name);
        }
      }
    }
    assertEquals(2, urls, "the dashboard and the pipelines");
  }

  /** Every setting of scripts/kafka.sh's broker but its addresses and folder. */
  @Test
  void theBrokerHasTheSettingsOfKafkaSh() throws Exception {
    Set<String> addresses =
        Set.of(
            "listeners",
            "advertised.listeners",
            "listener.security.protocol.map",
            "controller.quorum.voters",
            "log.dirs");
    Properties properties = new Properties();
    try (var in = Files.newInputStream(ROOT.resolve("infra/kafka/server.properties"))) {
      properties.load(in);
    }
    Map<String, String> env = env("kafka");
    for (String key : properties.stringPropertyNames()) {
      if (!addresses.contains(key)) {
        assertEquals(
            properties.getProperty(key),
            env.get("KAFKA_" + key.toUpperCase().replace('.', '_')),
            key);
      }
    }
    String version =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(ROOT.resolve("pom.xml").toFile())
            .getElementsByTagName("kafka.version")
            .item(0)
            .getTextContent();
    assertEquals("apache/kafka:" + version, service("kafka").get("image"));
  }

  /**
   * The cluster is infra/flink/docker-compose.yml's, whose settings are config.yaml's but for the
   * addresses; both processes see the samples where the pipelines' image has them.
   */
  @Test
  void theFlinkServicesAreScriptsFlinksCluster() throws Exception {
    Map<String, Object> conf = yaml(ROOT.resolve("infra/flink/conf/config.yaml"));
    String workdir = arguments(dockerfile(DOCKERFILE), "WORKDIR").get(0);
    for (String name : List.of("jobmanager", "taskmanager")) {
      Map<String, Object> extended = map(map(services().get(name)).get("extends"));
      assertEquals("../flink/docker-compose.yml", extended.get("file"), name);
      assertEquals(name, extended.get("service"));
      Properties docker = new Properties();
      docker.load(new java.io.StringReader(env(name).get("FLINK_PROPERTIES").replace(": ", "=")));
      int shared = 0;
      for (String key : docker.stringPropertyNames()) {
        if (conf.containsKey(key) && !key.contains("address") && !key.contains("host")) {
          assertEquals(String.valueOf(conf.get(key)), docker.getProperty(key), name + ": " + key);
          shared++;
        }
      }
      assertTrue(shared >= 8, name + ": " + shared + " settings shared with config.yaml");
      assertTrue(
          list(service(name).get("volumes"))
              .contains("../../data/sample:" + workdir + "/data/sample:ro"),
          name + " mounts the samples at the image's path");
    }
  }

  /** The dashboard service runs the dashboard on its default port, beyond the loopback. */
  @Test
  void theDashboardServiceRunsTheDashboard() throws Exception {
    Map<String, String> env = env("dashboard");
    assertEquals(DASHBOARD_MAIN, env.get("TRIBUTARY_MAIN"));
    List<String> command = command("dashboard");
    assertTrue(command.contains("--host=0.0.0.0"), "listens beyond the container's loopback");
    assertTrue(command.contains("--port=" + port("dashboard")), command.toString());
  }

  // --- Grafana ---

  @Test
  void grafanaIsProvisionedWithTheDashboardsDataSource() throws Exception {
    Path grafana = ROOT.resolve("infra/grafana");
    Map<String, Object> source =
        map(
            list(yaml(grafana.resolve("provisioning/datasources/tributary.yaml"))
                    .get("datasources"))
                .get(0));
    Map<String, Object> json = map(source.get("jsonData"));
    assertEquals(env("postgres").get("POSTGRES_DB"), json.get("database"));
    assertEquals("postgres", source.get("user"));
    assertEquals("disable", json.get("sslmode"));
    assertEquals("${TRIBUTARY_PG_ADDRESS}", source.get("url"));
    assertEquals("postgres:" + port("postgres"), env("grafana").get("TRIBUTARY_PG_ADDRESS"));

    JsonNode dashboard =
        new ObjectMapper().readTree(grafana.resolve("dashboards/covid.json").toFile());
    List<JsonNode> refs = dashboard.findValues("datasource");
    assertTrue(refs.size() >= 4, "panels, the variable and the annotation name their data source");
    for (JsonNode ref : refs) {
      assertEquals(source.get("uid"), ref.path("uid").asText(), ref.toString());
      assertEquals(source.get("type"), ref.path("type").asText(), ref.toString());
    }

    String provider =
        (String)
            map(map(list(yaml(grafana.resolve("provisioning/dashboards/tributary.yaml"))
                            .get("providers"))
                        .get(0))
                    .get("options"))
                .get("path");
    List<Object> volumes = list(service("grafana").get("volumes"));
    assertTrue(volumes.contains("../grafana/dashboards:" + provider + ":ro"), volumes.toString());
    assertTrue(
        volumes.contains("../grafana/provisioning:/etc/grafana/provisioning:ro"),
        volumes.toString());
  }
}
