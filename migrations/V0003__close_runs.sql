-- supportbytime schema, part 3: the record of ClosePeriods runs; how a paid date is kept.
-- Conventions: see V0001__init.sql and docs/schema.md.

CREATE TABLE close_runs (
  id                       uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  as_of                    timestamptz NOT NULL,
  periods_closed           integer NOT NULL CHECK (periods_closed >= 0),
  billable_items_created   integer NOT NULL CHECK (billable_items_created >= 0),
  subscriptions_depleted   integer NOT NULL CHECK (subscriptions_depleted >= 0),
  missed_payments_recorded integer NOT NULL CHECK (missed_payments_recorded >= 0),
  actor_display_name       text NOT NULL CHECK (char_length(actor_display_name) BETWEEN 1 AND 200),
  created_at               timestamptz NOT NULL DEFAULT now()
);
-- The watermark: the latest as_of through which every month is closed.
CREATE INDEX close_runs_by_as_of ON close_runs (as_of);
COMMENT ON TABLE close_runs IS
  'One row per completed ClosePeriods run (R10). Its as_of is a watermark: every MONTHLY month that ended at or '
  'before it counts as CLOSED, so time logged later for such a month is refused (PERIOD_CLOSED) even when the '
  'month had no period yet: a month never gains a bill after the provider has closed it. Append-only.';

CREATE TRIGGER close_runs_append_only
  BEFORE UPDATE OR DELETE ON close_runs
  FOR EACH ROW EXECUTE FUNCTION refuse_change('close_runs is append-only');

COMMENT ON COLUMN billable_items.paid_at IS
  'The invoice''s paid date at 00:00 UTC (the API takes and gives a date), so that it reads back as the same '
  'date whatever the client''s time zone is or becomes. NULL unless PAID.';
