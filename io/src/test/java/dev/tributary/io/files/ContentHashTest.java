package dev.tributary.io.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentHashTest {
  @TempDir Path dir;

  @Test
  void theSha256OfTheBytesWhateverTheName() throws IOException {
    Path a = Files.writeString(dir.resolve("a.csv"), "abc", StandardCharsets.UTF_8);
    Path b = Files.writeString(dir.resolve("b.txt"), "abc", StandardCharsets.UTF_8);
    // echo -n abc | sha256sum
    String abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    assertEquals(abc, ContentHash.sha256(a.toString()));
    assertEquals(abc, ContentHash.sha256(b.toString()));
  }

  @Test
  void aMissingFileFails() {
    assertThrows(IOException.class, () -> ContentHash.sha256(dir.resolve("nope").toString()));
  }
}
