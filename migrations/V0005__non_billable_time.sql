-- supportbytime schema, part 5: non-billable time (R21).
-- Conventions: see V0001__init.sql and docs/schema.md.
--
-- An operator may log an entry as not billable (internal work, a fix of the
-- provider's own defect, goodwill). Such an entry keeps its raw minutes, which
-- count in the raw totals and entry counts of its period and ticket line, but
-- it bills 0 minutes, takes nothing from the allocation and never reaches a
-- billable item. Every existing entry was billable, hence the defaults.
--
-- Adding a column with a constant default only changes the catalog; the
-- CHECKs are validated with one scan of each table, under the lock that this
-- migration's transaction holds until it commits.

ALTER TABLE time_entries
  ADD COLUMN billable boolean NOT NULL DEFAULT true,
  -- A non-billable entry carries no billed minutes and no split (R21).
  ADD CONSTRAINT time_entries_non_billable_bills_nothing CHECK (
    billable OR (billed_minutes = 0 AND included_minutes = 0 AND overage_minutes = 0));
COMMENT ON COLUMN time_entries.billable IS
  'False for time that is never billed (R21): raw minutes count in raw totals and entry counts, billed, '
  'included and overage minutes stay 0. Changing it is an edit: the period''s split is recomputed (R5) and '
  'becoming billable needs an overage approval where it would carry overage (R8).';

ALTER TABLE period_tickets
  ADD COLUMN non_billable_minutes integer NOT NULL DEFAULT 0,
  ADD CONSTRAINT period_tickets_non_billable CHECK (non_billable_minutes BETWEEN 0 AND raw_minutes);
COMMENT ON COLUMN period_tickets.non_billable_minutes IS
  'The part of raw_minutes logged as not billable (R21). TICKET rounding scope rounds raw_minutes - '
  'non_billable_minutes, so a new entry is still decided from this row alone.';
COMMENT ON COLUMN period_tickets.raw_minutes IS
  'Sum of the live entries'' raw minutes, billable or not.';
COMMENT ON COLUMN period_tickets.billed_minutes IS
  'Sum of the live entries'' billed minutes; with TICKET rounding scope, the raw sum of the ticket''s billable '
  'entries rounded once (R4, R21).';
COMMENT ON COLUMN periods.raw_minutes IS 'Sum of the live entries'' raw minutes, billable or not (R21).';
