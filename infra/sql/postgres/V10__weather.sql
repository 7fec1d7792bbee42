-- Weather (seed 002): OpenWeatherMap's current weather per city, cleaned to one unit system
-- (°C, m/s, hPa, mm), the answers as received, every reading keyed by (city, observed_at) with
-- its changes kept, and two derived tables kept current by the pipeline: a daily summary per
-- city and local day, and an hourly moving average of temperature per city.
-- Instants are UTC; a city's local day is the date at observed_at + utc_offset_seconds, the
-- offset OpenWeatherMap sent with the reading (it changes with daylight saving).

CREATE SCHEMA weather;

-- The cities polled, registered from the cities file before a run. city_id is OpenWeatherMap's
-- city id; a place it gives id 0 (Saint Joseph, MI) is keyed by its coordinates instead, as a
-- negative number (see the weather pipeline's City.key).
CREATE TABLE weather.cities (
  city_id    bigint           PRIMARY KEY,
  owm_id     bigint           NOT NULL CHECK (owm_id >= 0),
  name       text             NOT NULL,
  country    text             NOT NULL,
  lat        double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
  lon        double precision NOT NULL CHECK (lon BETWEEN -180 AND 180),
  updated_at timestamptz      NOT NULL
);
CREATE INDEX cities_by_name ON weather.cities (lower(name));

-- OpenWeatherMap's weather condition codes (https://openweathermap.org/weather-conditions): the
-- vocabulary a reading's condition_id must come from.
CREATE TABLE weather.conditions (
  condition_id integer PRIMARY KEY CHECK (condition_id BETWEEN 200 AND 899),
  main         text    NOT NULL,
  description  text    NOT NULL
);
INSERT INTO weather.conditions (condition_id, main, description) VALUES
  (200, 'Thunderstorm', 'thunderstorm with light rain'),
  (201, 'Thunderstorm', 'thunderstorm with rain'),
  (202, 'Thunderstorm', 'thunderstorm with heavy rain'),
  (210, 'Thunderstorm', 'light thunderstorm'),
  (211, 'Thunderstorm', 'thunderstorm'),
  (212, 'Thunderstorm', 'heavy thunderstorm'),
  (221, 'Thunderstorm', 'ragged thunderstorm'),
  (230, 'Thunderstorm', 'thunderstorm with light drizzle'),
  (231, 'Thunderstorm', 'thunderstorm with drizzle'),
  (232, 'Thunderstorm', 'thunderstorm with heavy drizzle'),
  (300, 'Drizzle', 'light intensity drizzle'),
  (301, 'Drizzle', 'drizzle'),
  (302, 'Drizzle', 'heavy intensity drizzle'),
  (310, 'Drizzle', 'light intensity drizzle rain'),
  (311, 'Drizzle', 'drizzle rain'),
  (312, 'Drizzle', 'heavy intensity drizzle rain'),
  (313, 'Drizzle', 'shower rain and drizzle'),
  (314, 'Drizzle', 'heavy shower rain and drizzle'),
  (321, 'Drizzle', 'shower drizzle'),
  (500, 'Rain', 'light rain'),
  (501, 'Rain', 'moderate rain'),
  (502, 'Rain', 'heavy intensity rain'),
  (503, 'Rain', 'very heavy rain'),
  (504, 'Rain', 'extreme rain'),
  (511, 'Rain', 'freezing rain'),
  (520, 'Rain', 'light intensity shower rain'),
  (521, 'Rain', 'shower rain'),
  (522, 'Rain', 'heavy intensity shower rain'),
  (531, 'Rain', 'ragged shower rain'),
  (600, 'Snow', 'light snow'),
  (601, 'Snow', 'snow'),
  (602, 'Snow', 'heavy snow'),
  (611, 'Snow', 'sleet'),
  (612, 'Snow', 'light shower sleet'),
  (613, 'Snow', 'shower sleet'),
  (615, 'Snow', 'light rain and snow'),
  (616, 'Snow', 'rain and snow'),
  (620, 'Snow', 'light shower snow'),
  (621, 'Snow', 'shower snow'),
  (622, 'Snow', 'heavy shower snow'),
  (701, 'Mist', 'mist'),
  (711, 'Smoke', 'smoke'),
  (721, 'Haze', 'haze'),
  (731, 'Dust', 'sand/dust whirls'),
  (741, 'Fog', 'fog'),
  (751, 'Sand', 'sand'),
  (761, 'Dust', 'dust'),
  (762, 'Ash', 'volcanic ash'),
  (771, 'Squall', 'squalls'),
  (781, 'Tornado', 'tornado'),
  (800, 'Clear', 'clear sky'),
  (801, 'Clouds', 'few clouds'),
  (802, 'Clouds', 'scattered clouds'),
  (803, 'Clouds', 'broken clouds'),
  (804, 'Clouds', 'overcast clouds');

-- Every answer as received (its request's secrets masked), the latest per reading: the tables can
-- be rebuilt from these without calling the API (--source=staged).
CREATE TABLE weather.raw_responses (
  city_id     bigint      NOT NULL REFERENCES weather.cities,
  observed_at timestamptz NOT NULL,
  request     text        NOT NULL,
  body        jsonb       NOT NULL,
  fetched_at  timestamptz NOT NULL,
  run_id      bigint      NOT NULL REFERENCES ops.ingestion_runs,
  stored_at   timestamptz NOT NULL,
  PRIMARY KEY (city_id, observed_at)
);

-- One reading per city and instant, in °C, m/s, hPa, mm whatever units were asked for. A repeated
-- fetch of the same reading changes nothing; a changed value is an update, kept in
-- observation_changes. Rain and snow are what the answer said for its period (1 or 3 hours);
-- precipitation_mm_h is their sum per hour.
CREATE TABLE weather.observations (
  city_id             bigint           NOT NULL REFERENCES weather.cities,
  observed_at         timestamptz      NOT NULL,
  utc_offset_seconds  integer          NOT NULL CHECK (utc_offset_seconds BETWEEN -43200 AND 50400),
  local_date          date             NOT NULL,
  temperature_c       double precision NOT NULL CHECK (temperature_c BETWEEN -90 AND 60),
  feels_like_c        double precision,
  temp_min_c          double precision,
  temp_max_c          double precision,
  pressure_hpa        double precision,
  humidity_pct        double precision NOT NULL CHECK (humidity_pct BETWEEN 0 AND 100),
  sea_level_hpa       double precision,
  ground_level_hpa    double precision,
  visibility_m        double precision,
  wind_speed_ms       double precision NOT NULL CHECK (wind_speed_ms >= 0),
  wind_deg            double precision,
  wind_gust_ms        double precision CHECK (wind_gust_ms >= 0),
  clouds_pct          double precision CHECK (clouds_pct BETWEEN 0 AND 100),
  rain_mm             double precision CHECK (rain_mm >= 0),
  snow_mm             double precision CHECK (snow_mm >= 0),
  precipitation_hours integer          CHECK (precipitation_hours IN (1, 3)),
  precipitation_mm_h  double precision NOT NULL CHECK (precipitation_mm_h >= 0),
  condition_id        integer          NOT NULL REFERENCES weather.conditions,
  units_requested     text             NOT NULL
                                       CHECK (units_requested IN ('standard', 'metric', 'imperial')),
  sunrise             timestamptz,
  sunset              timestamptz,
  fetched_at          timestamptz      NOT NULL,  -- the answer the values came in
  run_id              bigint           NOT NULL REFERENCES ops.ingestion_runs,  -- last changed by
  changed_at          timestamptz      NOT NULL,
  PRIMARY KEY (city_id, observed_at)
);
-- A day across cities (the daily summary's rebuild, "which cities were coldest on ...").
CREATE INDEX observations_by_day ON weather.observations (local_date, city_id);
-- The newest readings of any city: the stream's context, "latest".
CREATE INDEX observations_by_time ON weather.observations (observed_at);

CREATE TABLE weather.observation_changes (
  change_id   bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  city_id     bigint      NOT NULL,
  observed_at timestamptz NOT NULL,
  old_row     jsonb       NOT NULL,
  new_row     jsonb       NOT NULL,
  run_id      bigint      NOT NULL REFERENCES ops.ingestion_runs,
  changed_at  timestamptz NOT NULL
);
CREATE INDEX observation_changes_by_reading ON weather.observation_changes (city_id, observed_at);

CREATE FUNCTION weather.keep_change() RETURNS trigger LANGUAGE plpgsql
SET search_path = weather AS $$
BEGIN
  INSERT INTO observation_changes (city_id, observed_at, old_row, new_row, run_id, changed_at)
  VALUES (NEW.city_id, NEW.observed_at, to_jsonb(OLD), to_jsonb(NEW), NEW.run_id, NEW.changed_at);
  RETURN NULL;
END $$;
CREATE TRIGGER observations_changes AFTER UPDATE ON weather.observations
  FOR EACH ROW EXECUTE FUNCTION weather.keep_change();

-- Per city and local day, from every reading of the day: what the pipeline's last pane for it
-- said. timing: in a stream EARLY while the day may still get readings, ON_TIME when it closed,
-- LATE when a late reading updated it; a batch's panes are LATE too (a reading's time is its dt,
-- minutes behind the fetch that set the watermark) and complete, as every batch pane is.
-- precipitation_mm: the sum over the day's hours of that hour's mean precipitation_mm_h.
-- dominant_condition_id: the condition of most readings (the lower code on a tie).
CREATE TABLE weather.daily_summaries (
  city_id               bigint           NOT NULL REFERENCES weather.cities,
  local_date            date             NOT NULL,
  min_c                 double precision NOT NULL,
  max_c                 double precision NOT NULL,
  mean_c                double precision NOT NULL,
  mean_humidity_pct     double precision NOT NULL,
  precipitation_mm      double precision NOT NULL,
  dominant_condition_id integer          NOT NULL REFERENCES weather.conditions,
  readings              integer          NOT NULL CHECK (readings > 0),
  timing                text             NOT NULL CHECK (timing IN ('EARLY', 'ON_TIME', 'LATE')),
  pane_index            bigint           NOT NULL,
  run_id                bigint           NOT NULL REFERENCES ops.ingestion_runs,
  updated_at            timestamptz      NOT NULL,
  PRIMARY KEY (city_id, local_date),
  CHECK (min_c <= mean_c AND mean_c <= max_c)
);

-- Per city and hour with readings (UTC; hour_start its first instant): the hour's mean temperature
-- and the mean of the hourly means of the moving_hours hours ending with it, over the
-- hours_present that have readings (a missing hour is left out, not filled in); complete is false
-- when fewer than moving_hours have.
CREATE TABLE weather.hourly_temperatures (
  city_id        bigint           NOT NULL REFERENCES weather.cities,
  hour_start     timestamptz      NOT NULL,
  mean_c         double precision NOT NULL,
  moving_hours   integer          NOT NULL CHECK (moving_hours > 0),
  hours_present  integer          NOT NULL CHECK (hours_present BETWEEN 1 AND moving_hours),
  moving_mean_c  double precision NOT NULL,
  complete       boolean          NOT NULL,
  readings       integer          NOT NULL CHECK (readings > 0),
  timing         text             NOT NULL CHECK (timing IN ('EARLY', 'ON_TIME', 'LATE')),
  pane_index     bigint           NOT NULL,
  run_id         bigint           NOT NULL REFERENCES ops.ingestion_runs,
  updated_at     timestamptz      NOT NULL,
  PRIMARY KEY (city_id, moving_hours, hour_start)
);
