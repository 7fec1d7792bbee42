package dev.tributary.io.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineIndexTest {
  @TempDir Path dir;

  @Test
  void eachByteIsOnTheLineItStartsOrContinues() throws IOException {
    Path file = dir.resolve("a.csv");
    Files.writeString(file, "h\r\nab\n\ncd", StandardCharsets.UTF_8);
    LineIndex index = LineIndex.of(file.toString());

    long[] lines = LongStream.range(0, 10).map(index::lineOf).toArray();

    assertArrayEquals(new long[] {1, 1, 1, 2, 2, 2, 3, 4, 4, 4}, lines);
    assertEquals(4, index.lineOf(1_000), "past the end: the last line");
  }

  @Test
  void agreesWithResolveLineNumbersOnAFileOfManyBuffers() throws IOException {
    StringBuilder text = new StringBuilder();
    Random random = new Random(7);
    for (int i = 0; i < 50_000; i++) {
      text.append("x".repeat(random.nextInt(12))).append(i % 3 == 0 ? "\r\n" : "\n");
    }
    Path file = dir.resolve("big.csv");
    Files.writeString(file, text, StandardCharsets.UTF_8);
    long[] offsets = LongStream.iterate(0, o -> o < text.length(), o -> o + 997).toArray();
    LineIndex index = LineIndex.of(file.toString());

    assertArrayEquals(
        ResolveLineNumbers.lineNumbers(file.toString(), offsets),
        LongStream.of(offsets).map(index::lineOf).toArray());
  }

  @Test
  void aMissingFileFails() {
    assertThrows(IOException.class, () -> LineIndex.of(dir.resolve("nope.csv").toString()));
  }
}
