-- The car job (docs/car.md): the validated rows of car.data, and per run each model kind's
-- cross-validated accuracy and confusion matrix beside the majority-class baseline, and the
-- prediction for the job's car with its class probabilities.
CREATE SCHEMA IF NOT EXISTS ml;

-- Keyed by the six attributes: car.data has no id, and it covers the attribute space once (the
-- class follows from them), so a re-run stores the same rows unchanged.
CREATE TABLE ml.cars (
  buying   text NOT NULL,
  maint    text NOT NULL,
  doors    text NOT NULL,
  persons  text NOT NULL,
  lug_boot text NOT NULL,
  safety   text NOT NULL,
  acceptability text NOT NULL,
  run_id   bigint NOT NULL,
  PRIMARY KEY (buying, maint, doors, persons, lug_boot, safety)
);

CREATE TABLE ml.car_evaluations (
  run_id     bigint NOT NULL,
  model      text NOT NULL,
  folds      int NOT NULL,
  seed       bigint NOT NULL,
  accuracy   double precision NOT NULL CHECK (accuracy BETWEEN 0 AND 1),
  baseline   double precision NOT NULL CHECK (baseline BETWEEN 0 AND 1),
  -- {"truth": {"predicted": count}} summed over the folds.
  confusion  jsonb NOT NULL,
  PRIMARY KEY (run_id, model)
);

CREATE TABLE ml.car_predictions (
  run_id        bigint PRIMARY KEY,
  model         text NOT NULL,
  features      jsonb NOT NULL,
  buying        text NOT NULL,
  -- {"label": probability}, summing to 1.
  probabilities jsonb NOT NULL,
  model_file    text NOT NULL
);
