package dev.tributary.pipelines.applications;

import dev.tributary.transforms.clean.Clean;
import java.time.LocalDate;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * When an application is successful, rule by rule; an unsuccessful one lists every rule it breaks
 * ({@link Clean.Cleaner#violations}), not the first. The readings are the job's, made precise:
 *
 * <ul>
 *   <li>a name: words left once titles and suffixes are removed ({@link PersonName}), a first name
 *       and a last name;
 *   <li>a birthday in one of the four formats, a real date, from 1900 to the run's date ({@link
 *       Birthday});
 *   <li>above 18: the 18th birthday falls before 1 January 2022, i.e. born on or before {@link
 *       #BORN_BY};
 *   <li>a mobile number of exactly 8 digits once trimmed;
 *   <li>an e-mail with one {@code @}, something before it, and a domain ending in {@code .com} or
 *       {@code .net} (the job's "@emailprovider.com or @emailprovider.net" read as a placeholder
 *       for the provider).
 * </ul>
 */
final class ApplicationRules {
  /** Born on or before this day: 18 before 1 January 2022. */
  static final LocalDate BORN_BY = LocalDate.of(2003, 12, 31);

  private static final Pattern MOBILE = Pattern.compile("\\d{8}");

  private ApplicationRules() {}

  static Clean<ApplicationForm> clean() {
    return Clean.<ApplicationForm>create()
        .withRule(
            f -> {
              PersonName n = f.personName();
              if (n.firstName() == null) {
                return "name missing";
              }
              return n.lastName() == null
                  ? "name '" + f.name().trim() + "' has no last name"
                  : null;
            })
        .withRule(f -> f.birthday().problem())
        .withRule(
            f -> {
              LocalDate born = f.birthday().date();
              return born == null || !born.isAfter(BORN_BY)
                  ? null
                  : "not above 18 on 2022-01-01: born " + born;
            })
        .withRule(
            f ->
                MOBILE.matcher(f.mobile()).matches()
                    ? null
                    : "mobile_no '" + f.mobile() + "' is not 8 digits")
        .withRule(f -> email(f.trimmedEmail()));
  }

  private static String email(String email) {
    int at = email.indexOf('@');
    if (at < 0 || at != email.lastIndexOf('@')) {
      return "email '" + email + "' has not exactly one @";
    }
    if (at == 0) {
      return "email '" + email + "' has nothing before the @";
    }
    String domain = email.substring(at + 1).toLowerCase(Locale.ROOT);
    boolean known =
        (domain.endsWith(".com") && domain.length() > 4)
            || (domain.endsWith(".net") && domain.length() > 4);
    return known ? null : "email '" + email + "' is not at a .com or .net domain";
  }
}
