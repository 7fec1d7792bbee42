package dev.tributary.pipelines.applications;

import java.io.Serializable;
import java.time.LocalDate;

/**
 * One application as written in its CSV line, and what the rules read in it: the name's parts, the
 * birthday, the trimmed mobile number. {@code today} is the run's date: a birthday after it is
 * implausible.
 */
record ApplicationForm(
    String name, String email, String dateOfBirth, String mobileNo, LocalDate today)
    implements Serializable {
  PersonName personName() {
    return PersonName.of(name);
  }

  Birthday birthday() {
    return Birthday.of(dateOfBirth, today);
  }

  String mobile() {
    return mobileNo == null ? "" : mobileNo.trim();
  }

  String trimmedEmail() {
    return email == null ? "" : email.trim();
  }
}
