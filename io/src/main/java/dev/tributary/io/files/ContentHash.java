package dev.tributary.io.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.beam.sdk.io.FileSystems;

/** A file by its content: the SHA-256 of its bytes, whatever its name or where it lies. */
public final class ContentHash {
  private ContentHash() {}

  /** The lower-case hex SHA-256 of {@code file} (a path or URI Beam's file systems open). */
  public static String sha256(String file) throws IOException {
    try (InputStream in =
        new DigestInputStream(
            Channels.newInputStream(FileSystems.open(FileSystems.matchNewResource(file, false))),
            MessageDigest.getInstance("SHA-256"))) {
      in.transferTo(OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
  }
}
