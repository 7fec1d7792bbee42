package dev.tributary.io.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Masks the secrets of a URL, so that what a run stores and prints (a record's location, a dead
 * letter, a log line, an error) never holds an API key: the values of query parameters named like a
 * credential ({@link #SECRET_PARAMETERS}, any case) and the user-info of the authority become
 * {@code ***}. Only the fetch itself sees the real URL.
 */
public final class Urls {
  /** Query parameters whose values are secrets, lower case. */
  public static final Set<String> SECRET_PARAMETERS =
      Set.of(
          "appid",
          "api_key",
          "apikey",
          "key",
          "token",
          "access_token",
          "secret",
          "password",
          "signature");

  static final String MASK = "***";

  /** A secret shorter than this is not searched for in text (it would mask ordinary words). */
  private static final int MIN_SECRET_IN_TEXT = 4;

  private Urls() {}

  /**
   * {@code url} with the values of its secret query parameters and its user-info replaced by {@code
   * ***}; everything else as it was (the parameters' order, their encoding, the fragment).
   */
  public static String mask(String url) {
    Parts parts = Parts.of(url);
    StringBuilder masked = new StringBuilder(url.length());
    masked.append(url, 0, parts.authorityStart);
    if (parts.userInfoEnd >= 0) {
      masked.append(MASK).append(url, parts.userInfoEnd - 1, parts.queryStart); // from its '@'
    } else {
      masked.append(url, parts.authorityStart, parts.queryStart);
    }
    if (parts.queryStart < parts.queryEnd) {
      String[] parameters = url.substring(parts.queryStart, parts.queryEnd).split("&", -1);
      for (int i = 0; i < parameters.length; i++) {
        if (i > 0) {
          masked.append('&');
        }
        String parameter = parameters[i];
        int equals = parameter.indexOf('=');
        if (equals >= 0 && isSecret(parameter.substring(0, equals))) {
          masked.append(parameter, 0, equals + 1).append(MASK);
        } else {
          masked.append(parameter);
        }
      }
    }
    masked.append(url, parts.queryEnd, url.length());
    return masked.toString();
  }

  /**
   * {@code text} (an error body that echoes the request, say) with every secret of {@code url}
   * replaced by {@code ***}, as it appears in the URL and URL-decoded.
   */
  public static String maskText(String text, String url) {
    String masked = text;
    for (String secret : secrets(url)) {
      if (secret.length() >= MIN_SECRET_IN_TEXT) {
        masked = masked.replace(secret, MASK);
      }
    }
    return masked;
  }

  /** The secret values of {@code url}: user-info and secret parameters, raw and decoded. */
  static Set<String> secrets(String url) {
    Parts parts = Parts.of(url);
    Set<String> secrets = new LinkedHashSet<>();
    if (parts.userInfoEnd >= 0) {
      String userInfo = url.substring(parts.authorityStart, parts.userInfoEnd - 1);
      int colon = userInfo.indexOf(':');
      addSecret(secrets, colon >= 0 ? userInfo.substring(colon + 1) : userInfo);
    }
    if (parts.queryStart < parts.queryEnd) {
      for (String parameter : url.substring(parts.queryStart, parts.queryEnd).split("&")) {
        int equals = parameter.indexOf('=');
        if (equals >= 0 && isSecret(parameter.substring(0, equals))) {
          addSecret(secrets, parameter.substring(equals + 1));
        }
      }
    }
    return secrets;
  }

  private static void addSecret(Set<String> secrets, String value) {
    if (!value.isEmpty()) {
      secrets.add(value);
      secrets.add(decode(value));
    }
  }

  private static boolean isSecret(String name) {
    return SECRET_PARAMETERS.contains(decode(name).toLowerCase(Locale.ROOT));
  }

  private static String decode(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException notEncoded) {
      return text;
    }
  }

  /**
   * Where the parts of a URL are: after {@code scheme://} the authority, whose user-info ends
   * before {@code userInfoEnd} (the index after its '@'; -1 when it has none), then the path, the
   * query ({@code queryStart} to {@code queryEnd}, without its '?'; empty when start = end) and the
   * fragment. Found by hand rather than with {@link java.net.URI}, so a URL with characters it
   * would refuse (an unencoded space or '|') is still masked.
   */
  private record Parts(int authorityStart, int userInfoEnd, int queryStart, int queryEnd) {
    static Parts of(String url) {
      int fragment = url.indexOf('#');
      int end = fragment >= 0 ? fragment : url.length();
      int scheme = url.indexOf("://");
      int authorityStart = scheme >= 0 && scheme < end ? scheme + 3 : 0;
      int authorityEnd = end;
      for (int i = authorityStart; i < end; i++) {
        char c = url.charAt(i);
        if (c == '/' || c == '?') {
          authorityEnd = i;
          break;
        }
      }
      int at = scheme >= 0 ? url.lastIndexOf('@', authorityEnd - 1) : -1;
      int userInfoEnd = at >= authorityStart ? at + 1 : -1;
      int question = url.indexOf('?');
      boolean hasQuery = question >= 0 && question < end;
      int queryStart = hasQuery ? question + 1 : end;
      return new Parts(authorityStart, userInfoEnd, queryStart, end);
    }
  }
}
