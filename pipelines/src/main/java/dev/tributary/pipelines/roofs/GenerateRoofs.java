package dev.tributary.pipelines.roofs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Multiplies the real roof-geometry models into N installations, as JSON Lines (one model per
 * line), for benchmarks and tests of the roofs pipeline:
 *
 * <pre>GenerateRoofs N FILE [--templates DIR] [--seed S]   (scripts/generate-roofs.sh)</pre>
 *
 * <p>Installation i (0-based) is a copy of template {@code i % T} (the {@code *.json} files of DIR,
 * default {@code data/sample/roofs}, sorted by name) with {@code installationId} and {@code id}
 * 1,000,000 + i, {@code dateCreated} shifted 0-365 days later, and its geometry scaled by one
 * factor s in [0.9, 1.1]: the x, y, z of every point ({@code centroid}, {@code startPoint}, {@code
 * endPoint}, {@code center}, {@code point}, wherever they are in the tree) and obstruction {@code
 * radius} times s, every {@code area} and {@code totalRoofArea} times s². Angles, vectors and
 * everything else stay as they are, dirt included: a number the template has as a string stays a
 * string, {@code "None"} stays {@code "None"}, a pitch of 100000 stays.
 *
 * <p>About 10% of the installations also get an update: a second model with the same {@code
 * installationId}, {@code id} 2,000,000 + i, {@code dateCreated} 30-400 days after the original,
 * the last mounting plane of the first building (with planes) removed, that building's {@code
 * totalRoofArea} reduced by the plane's area, and one plane's {@code pitchAngle} raised by 1-5
 * degrees. Half of the updates come right before their original in the file, the others at the end,
 * so file order is not always chronological.
 *
 * <p>Each installation draws from its own random stream (seed, i): the output depends only on N,
 * the seed and the templates, and installation i is the same for every N > i.
 */
public final class GenerateRoofs {
  static final String USAGE = "usage: GenerateRoofs N FILE [--templates DIR] [--seed S]";
  static final String DEFAULT_TEMPLATES = "data/sample/roofs";
  static final long DEFAULT_SEED = 42;
  static final long INSTALLATION_ID_BASE = 1_000_000;
  static final long UPDATE_ID_BASE = 2_000_000;

  /** More would make installation ids run into update ids. */
  static final long MAX_INSTALLATIONS = UPDATE_ID_BASE - INSTALLATION_ID_BASE;

  static final double MIN_SCALE = 0.9, MAX_SCALE = 1.1;
  static final double UPDATE_SHARE = 0.10;
  static final long DAY = 86_400;
  static final long MAX_SHIFT_DAYS = 365, MIN_UPDATE_DAYS = 30, MAX_UPDATE_DAYS = 400;
  static final double MIN_PITCH_CHANGE = 1, MAX_PITCH_CHANGE = 5;

  /** Objects whose x, y, z are positions (inches), as opposed to unit vectors. */
  static final Set<String> POINT_KEYS =
      Set.of("point", "centroid", "startPoint", "endPoint", "center");

  static final Set<String> AREA_KEYS = Set.of("area", "totalRoofArea");
  static final Set<String> LENGTH_KEYS = Set.of("radius");
  static final Set<String> COORDINATES = Set.of("x", "y", "z");

  /** A plain decimal number, as text: no NaN, Infinity, hex or Java suffixes. */
  private static final Pattern NUMBER =
      Pattern.compile("\\s*[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?\\s*");

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** What a run wrote. */
  record Counts(long installations, long updates, long buildings, long planes) {
    long models() {
      return installations + updates;
    }
  }

  /** The random choices of one installation, drawn in a fixed order from its own stream. */
  record Draws(
      double scale,
      long shiftSeconds,
      boolean updated,
      boolean updateFirst,
      long updateLaterSeconds,
      double pitchChange,
      double planePick) {
    static Draws of(long seed, long installation) {
      SplittableRandom rnd =
          new SplittableRandom(
              new SplittableRandom(seed + installation * 0x9E3779B97F4A7C15L).nextLong());
      return new Draws(
          MIN_SCALE + (MAX_SCALE - MIN_SCALE) * rnd.nextDouble(),
          rnd.nextLong(MAX_SHIFT_DAYS * DAY + 1),
          rnd.nextDouble() < UPDATE_SHARE,
          rnd.nextBoolean(),
          rnd.nextLong(MIN_UPDATE_DAYS * DAY, MAX_UPDATE_DAYS * DAY + 1),
          MIN_PITCH_CHANGE + (MAX_PITCH_CHANGE - MIN_PITCH_CHANGE) * rnd.nextDouble(),
          rnd.nextDouble());
    }
  }

  private GenerateRoofs() {}

  public static void main(String[] args) {
    long n = 0, seed = DEFAULT_SEED;
    Path file = null, templates = Paths.get(DEFAULT_TEMPLATES);
    try {
      List<String> positional = new ArrayList<>();
      for (int a = 0; a < args.length; a++) {
        String arg = args[a];
        String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
        if (name.equals("--seed") || name.equals("--templates")) {
          String value;
          if (arg.contains("=")) {
            value = arg.substring(arg.indexOf('=') + 1);
          } else if (a + 1 < args.length) {
            value = args[++a];
          } else {
            throw new IllegalArgumentException(name + " needs a value; " + USAGE);
          }
          if (name.equals("--seed")) {
            seed = parseLong(value, "--seed must be an integer, got '" + value + "'");
          } else {
            templates = Paths.get(value);
          }
        } else if (arg.startsWith("--")) {
          throw new IllegalArgumentException("unknown argument '" + arg + "'; " + USAGE);
        } else {
          positional.add(arg);
        }
      }
      if (positional.size() != 2) {
        throw new IllegalArgumentException("expected N and FILE; " + USAGE);
      }
      String nMessage =
          "N must be an integer from 1 to "
              + MAX_INSTALLATIONS
              + ", got '"
              + positional.get(0)
              + "'";
      n = parseLong(positional.get(0), nMessage);
      if (n < 1 || n > MAX_INSTALLATIONS) throw new IllegalArgumentException(nMessage);
      file = Paths.get(positional.get(1));
    } catch (IllegalArgumentException e) {
      fail(e.getMessage());
    }

    try {
      Counts counts = generate(n, file, templates, seed);
      System.err.printf(
          "wrote %d models (%d installations, %d updates), %d buildings, %d planes to %s%n",
          counts.models(),
          counts.installations(),
          counts.updates(),
          counts.buildings(),
          counts.planes(),
          file);
    } catch (IllegalArgumentException e) {
      fail(e.getMessage());
    } catch (IOException e) {
      fail("cannot write " + file + ": " + e);
    }
  }

  private static long parseLong(String text, String message) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(message);
    }
  }

  private static void fail(String message) {
    System.err.println("error: " + message);
    System.exit(1);
  }

  /**
   * Writes N installations made from the templates in {@code templateDir} to {@code file}, via a
   * temporary file in the same folder: an interrupted run leaves no partial FILE behind.
   */
  static Counts generate(long n, Path file, Path templateDir, long seed) throws IOException {
    List<ObjectNode> templates = readTemplates(templateDir);
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = dir.resolve("." + file.getFileName() + ".tmp");
    try {
      Counts counts;
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20)) {
        counts = write(n, templates, seed, out);
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return counts;
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** The {@code *.json} files of a folder, sorted by name, each one JSON object. */
  static List<ObjectNode> readTemplates(Path dir) throws IOException {
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files =
          list.filter(p -> p.getFileName().toString().endsWith(".json") && Files.isRegularFile(p))
              .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()))
              .toList();
    } catch (NoSuchFileException | java.nio.file.NotDirectoryException e) {
      throw new IllegalArgumentException(
          "template folder " + dir + " not found; pass --templates DIR with the roof_*.json files");
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException("no *.json template files in " + dir);
    }
    List<ObjectNode> templates = new ArrayList<>();
    for (Path f : files) {
      JsonNode node;
      try {
        node = MAPPER.readTree(f.toFile());
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalArgumentException(
            "template " + f + " is not valid JSON: " + e.getOriginalMessage());
      }
      if (!(node instanceof ObjectNode model)) {
        throw new IllegalArgumentException("template " + f + " is not one JSON object");
      }
      templates.add(model);
    }
    return templates;
  }

  /** Writes the models as JSON Lines: in installation order, updates before or at the end. */
  static Counts write(long n, List<ObjectNode> templates, long seed, OutputStream out)
      throws IOException {
    long updates = 0, buildings = 0, planes = 0;
    for (int pass = 0; pass < 2; pass++) {
      for (long i = 0; i < n; i++) {
        Draws draws = Draws.of(seed, i);
        boolean writeUpdate = draws.updated() && draws.updateFirst() == (pass == 0);
        if (pass == 1 && !writeUpdate) continue; // the second pass writes only late updates
        ObjectNode model = installation(templates.get((int) (i % templates.size())), i, draws);
        List<ObjectNode> lines = new ArrayList<>(2);
        if (writeUpdate) lines.add(update(model, i, draws));
        if (pass == 0) lines.add(model);
        for (ObjectNode line : lines) {
          out.write(MAPPER.writeValueAsBytes(line));
          out.write('\n');
          buildings += buildings(line).size();
          planes += planes(line).size();
        }
        if (writeUpdate) updates++;
      }
    }
    return new Counts(n, updates, buildings, planes);
  }

  /** Installation i: a scaled copy of the template with new ids and a later date. */
  static ObjectNode installation(ObjectNode template, long i, Draws draws) {
    ObjectNode model = template.deepCopy();
    model.put("installationId", INSTALLATION_ID_BASE + i);
    model.put("id", INSTALLATION_ID_BASE + i);
    shiftDate(model, draws.shiftSeconds());
    scale(model, draws.scale(), false);
    return model;
  }

  /** The update of an installation: a later model with one plane fewer and one pitch changed. */
  static ObjectNode update(ObjectNode original, long i, Draws draws) {
    ObjectNode model = original.deepCopy();
    model.put("id", UPDATE_ID_BASE + i);
    shiftDate(model, draws.updateLaterSeconds());
    for (JsonNode building : buildings(model)) {
      JsonNode planes = building.get("mountingPlanes");
      if (planes instanceof ArrayNode list && !list.isEmpty() && building instanceof ObjectNode b) {
        JsonNode removed = list.remove(list.size() - 1);
        Double total = number(b.get("totalRoofArea"));
        Double area = number(removed.get("area"));
        if (total != null && area != null) {
          b.set("totalRoofArea", sameKind(b.get("totalRoofArea"), total - area));
        }
        break;
      }
    }
    List<ObjectNode> pitched = new ArrayList<>();
    for (JsonNode plane : planes(model)) {
      if (plane instanceof ObjectNode p && number(p.get("pitchAngle")) != null) pitched.add(p);
    }
    if (!pitched.isEmpty()) {
      ObjectNode plane = pitched.get((int) (draws.planePick() * pitched.size()));
      double pitch = number(plane.get("pitchAngle")) + draws.pitchChange();
      plane.set("pitchAngle", sameKind(plane.get("pitchAngle"), pitch));
      tiltNormal(plane, pitch);
    }
    return model;
  }

  /**
   * Tilts the plane's normal to {@code pitchDeg}, keeping the direction it faces: an update is a
   * remeasured roof, not a plane whose pitch contradicts its own geometry (which the pipeline
   * rejects). A pitch out of range (dirt kept from the file) leaves the normal alone.
   */
  private static void tiltNormal(ObjectNode plane, double pitchDeg) {
    if (!(plane.at("/coordinateSystem/zAxis") instanceof ObjectNode normal)
        || !(pitchDeg >= 0 && pitchDeg <= 90)) {
      return;
    }
    Double x = number(normal.get("x"));
    Double y = number(normal.get("y"));
    double across = x == null || y == null ? 0 : Math.hypot(x, y);
    if (across == 0) {
      return;
    }
    double pitch = Math.toRadians(pitchDeg);
    normal.put("x", x / across * Math.sin(pitch));
    normal.put("y", y / across * Math.sin(pitch));
    normal.put("z", Math.cos(pitch));
  }

  /** Moves {@code dateCreated} later; a date that does not parse is dirt and stays as it is. */
  private static void shiftDate(ObjectNode model, long seconds) {
    JsonNode date = model.get("dateCreated");
    if (date == null || !date.isTextual()) return;
    try {
      model.put("dateCreated", Instant.parse(date.asText()).plusSeconds(seconds).toString());
    } catch (DateTimeParseException notUtc) {
      try {
        model.put(
            "dateCreated", OffsetDateTime.parse(date.asText()).plusSeconds(seconds).toString());
      } catch (DateTimeParseException e) {
        // left as it is
      }
    }
  }

  /**
   * Scales positions by s and areas by s², walking the whole tree; {@code units} (whose {@code
   * area} is a unit name) is left alone. {@code inPoint}: the node is a position's object.
   */
  private static void scale(JsonNode node, double s, boolean inPoint) {
    if (node instanceof ArrayNode array) {
      for (JsonNode element : array) scale(element, s, false);
    } else if (node instanceof ObjectNode object) {
      Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        String key = field.getKey();
        JsonNode value = field.getValue();
        Double v = number(value);
        if (v != null && value.isValueNode()) {
          if (inPoint && COORDINATES.contains(key) || LENGTH_KEYS.contains(key)) {
            field.setValue(sameKind(value, v * s));
          } else if (AREA_KEYS.contains(key)) {
            field.setValue(sameKind(value, v * s * s));
          }
        } else if (!key.equals("units")) {
          scale(value, s, POINT_KEYS.contains(key));
        }
      }
    }
  }

  /** The value of a JSON number or of a string holding a plain decimal number, else null. */
  static Double number(JsonNode node) {
    if (node == null) return null;
    if (node.isNumber()) return node.doubleValue();
    if (node.isTextual() && NUMBER.matcher(node.asText()).matches()) {
      return Double.parseDouble(node.asText().trim());
    }
    return null;
  }

  /** A new value of the same JSON type as the old one: a string stays a string. */
  private static JsonNode sameKind(JsonNode old, double value) {
    return old.isTextual() ? TextNode.valueOf(Double.toString(value)) : DoubleNode.valueOf(value);
  }

  static List<JsonNode> buildings(JsonNode model) {
    List<JsonNode> list = new ArrayList<>();
    JsonNode buildings = model.path("siteModel").path("buildings");
    if (buildings.isArray()) buildings.forEach(list::add);
    return list;
  }

  static List<JsonNode> planes(JsonNode model) {
    List<JsonNode> list = new ArrayList<>();
    for (JsonNode building : buildings(model)) {
      JsonNode planes = building.path("mountingPlanes");
      if (planes.isArray()) planes.forEach(list::add);
    }
    return list;
  }
}
