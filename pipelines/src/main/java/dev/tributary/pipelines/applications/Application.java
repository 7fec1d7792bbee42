package dev.tributary.pipelines.applications;

import com.google.auto.value.AutoValue;
import dev.tributary.transforms.clean.Clean;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * An application judged: a row of {@code applications.applications}, of the successful or the
 * unsuccessful output. A successful one has every cleaned field and its membership id; an
 * unsuccessful one the cleaned fields that could be read and every rule it broke.
 */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class Application implements Serializable {
  private static final DateTimeFormatter COMPACT = DateTimeFormatter.BASIC_ISO_DATE;

  /** The SHA-256 of the file's bytes: the file, whatever its name. */
  public abstract String getFileSha256();

  /** The line in the file, the header being line 1. */
  public abstract long getLine();

  public abstract boolean getSuccessful();

  public abstract @Nullable String getMembershipId();

  /** The name as given. */
  public abstract @Nullable String getName();

  /** Titles and suffixes taken off the name, as given ({@code Dr. Jr.}); empty when none. */
  public abstract String getTitle();

  public abstract @Nullable String getFirstName();

  public abstract @Nullable String getLastName();

  public abstract @Nullable String getEmail();

  /** {@code YYYYMMDD}. */
  public abstract @Nullable String getDateOfBirth();

  public abstract @Nullable String getMobileNo();

  public abstract @Nullable Boolean getAbove18();

  /** Every rule broken, {@code "; "} between them; empty for a successful application. */
  public abstract String getReasons();

  /** {@code form}, line {@code line} of file {@code sha256}, judged by {@code rules}. */
  static Application judge(
      String sha256, long line, ApplicationForm form, Clean.Cleaner<ApplicationForm> rules) {
    List<String> broken = rules.violations(form);
    PersonName name = form.personName();
    LocalDate born = form.birthday().date();
    String dateOfBirth = born == null ? null : born.format(COMPACT);
    boolean successful = broken.isEmpty();
    return new AutoValue_Application(
        sha256,
        line,
        successful,
        successful ? membershipId(name.lastName(), dateOfBirth) : null,
        blankToNull(form.name()),
        name.titles(),
        name.firstName(),
        name.lastName(),
        blankToNull(form.trimmedEmail()),
        dateOfBirth,
        blankToNull(form.mobile()),
        born == null ? null : !born.isAfter(ApplicationRules.BORN_BY),
        String.join("; ", broken));
  }

  /** A line that is no application at all (a malformed CSV line): unsuccessful, with why. */
  static Application unreadable(String sha256, long line, String reason) {
    return new AutoValue_Application(
        sha256, line, false, null, null, "", null, null, null, null, null, null, reason);
  }

  /** {@code <last_name>_<the first 5 hex characters of SHA-256(YYYYMMDD)>}. */
  static String membershipId(String lastName, String dateOfBirth) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest(dateOfBirth.getBytes(StandardCharsets.US_ASCII));
      return lastName + "_" + HexFormat.of().formatHex(hash).substring(0, 5);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
  }

  private static @Nullable String blankToNull(@Nullable String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
