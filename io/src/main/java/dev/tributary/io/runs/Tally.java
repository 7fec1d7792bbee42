package dev.tributary.io.runs;

import java.util.LinkedHashMap;
import java.util.Map;

/** The counts of one chunk per level, as it is being committed: what the ledger adds up. */
final class Tally {
  private static final int READ = 0;
  private static final int WRITTEN = 1;
  private static final int INSERTED = 2;
  private static final int UPDATED = 3;
  private static final int REJECTED = 4;

  private final Map<String, long[]> levels = new LinkedHashMap<>();
  // A chunk counts every record at the same level: the map is looked up once per chunk, not per
  // record.
  private String lastLevel;
  private long[] lastCounts;

  private long[] level(String level) {
    if (!level.equals(lastLevel)) {
      lastCounts = levels.computeIfAbsent(level, l -> new long[5]);
      lastLevel = level;
    }
    return lastCounts;
  }

  void add(Counting.Role role, String level, long records) {
    int column =
        switch (role) {
          case READ -> READ;
          case WRITTEN -> WRITTEN;
          case REJECTED -> REJECTED;
        };
    level(level)[column] += records;
  }

  void merged(String level, long inserted, long updated) {
    long[] counts = level(level);
    counts[INSERTED] += inserted;
    counts[UPDATED] += updated;
  }

  void clear() {
    levels.clear();
    lastLevel = null;
    lastCounts = null;
  }

  /** {"rows": {"read": 0, "written": 5, ...}}, as ops.count_chunk takes it. */
  String toJson() {
    StringBuilder json = new StringBuilder("{");
    levels.forEach(
        (level, c) -> {
          if (json.length() > 1) {
            json.append(',');
          }
          json.append('"')
              .append(level.replace("\\", "\\\\").replace("\"", "\\\""))
              .append(
                  String.format(
                      "\":{\"read\":%d,\"written\":%d,\"inserted\":%d,\"updated\":%d,\"rejected\":%d}",
                      c[READ], c[WRITTEN], c[INSERTED], c[UPDATED], c[REJECTED]));
        });
    return json.append('}').toString();
  }
}
