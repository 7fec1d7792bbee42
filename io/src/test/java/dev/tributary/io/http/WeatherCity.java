package dev.tributary.io.http;

import java.time.ZoneId;

/**
 * A city the weather replay answers for: the columns of {@code data/sample/weather/cities.csv},
 * plus what OpenWeatherMap knows of it and the file does not say, its time zone (the answer's
 * {@code timezone} is its offset at the reading, DST included) and elevation in metres (its {@code
 * grnd_level} and a cooler climate up high).
 */
record WeatherCity(
    long id, String name, String country, double lat, double lon, ZoneId zone, int elevation) {}
