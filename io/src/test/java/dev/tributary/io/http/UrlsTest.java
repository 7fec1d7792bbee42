package dev.tributary.io.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.junit.jupiter.api.Test;

class UrlsTest {
  @Test
  void secretParametersAreMaskedWhateverTheirCase() {
    assertEquals(
        "https://api.openweathermap.org/data/2.5/weather?lat=52.5&lon=13.4&appid=***&units=metric",
        Urls.mask(
            "https://api.openweathermap.org/data/2.5/weather?lat=52.5&lon=13.4"
                + "&appid=0123456789abcdef&units=metric"));
    assertEquals(
        "http://h/p?APPID=***&Api_Key=***&apikey=***&key=***&token=***&access_token=***"
            + "&secret=***&password=***&signature=***",
        Urls.mask(
            "http://h/p?APPID=a1&Api_Key=b2&apikey=c3&key=d4&token=e5&access_token=f6"
                + "&secret=g7&password=h8&signature=i9"));
  }

  @Test
  void otherParametersAndTheRestOfTheUrlAreKeptAsTheyWere() {
    String url = "https://api.energy-charts.info/public_power?country=de&start=2024-01-01T00%3A00Z";
    assertEquals(url, Urls.mask(url));
    // Only whole names: "keyword" and "monkey" are not "key".
    assertEquals(
        "http://h/p?keyword=a&monkey=b&key=***", Urls.mask("http://h/p?keyword=a&monkey=b&key=c"));
    // A name without a value, an empty value, a fragment, an encoded name.
    assertEquals(
        "http://h/p?token&key=***&api%5Fkey=***#key=frag",
        Urls.mask("http://h/p?token&key=&api%5Fkey=s3cr3t#key=frag"));
    assertEquals("http://h:8080/p", Urls.mask("http://h:8080/p"));
    assertEquals("not a url", Urls.mask("not a url"));
  }

  @Test
  void userInfoIsMasked() {
    assertEquals(
        "https://***@example.org:8443/v1?x=1",
        Urls.mask("https://alice:hunter22@example.org:8443/v1?x=1"));
    assertEquals("https://***@example.org", Urls.mask("https://token123@example.org"));
    // An '@' in the path or query is not user-info.
    assertEquals("http://h/p/a@b?to=c@d", Urls.mask("http://h/p/a@b?to=c@d"));
  }

  @Test
  void urlsThatUriRefusesAreMaskedToo() {
    assertEquals("http://h/p?q=a b|c&appid=***", Urls.mask("http://h/p?q=a b|c&appid=s3cr3t key"));
  }

  @Test
  void textIsMaskedOfTheUrlsSecretsRawAndDecoded() {
    String url = "http://u:pa55word@h/p?appid=ab%2Fcd12&key=xy";
    assertEquals(Set.of("pa55word", "ab%2Fcd12", "ab/cd12", "xy"), Urls.secrets(url));
    assertEquals(
        "{\"cod\":401,\"message\":\"Invalid API key ***, *** (user ***); see xy\"}",
        Urls.maskText(
            "{\"cod\":401,\"message\":\"Invalid API key ab/cd12, ab%2Fcd12 (user pa55word); see"
                + " xy\"}",
            url),
        "secrets of fewer than 4 characters are left: they would mask ordinary words");
    assertEquals("no secrets", Urls.maskText("no secrets", "http://h/p?x=1"));
  }
}
