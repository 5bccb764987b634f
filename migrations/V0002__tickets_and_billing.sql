-- supportbytime schema, part 2: tickets, time, periods with their running
-- totals, billing, usage alerts, goodwill credit history and the audit log.
-- Conventions: see V0001__init.sql and docs/schema.md.
--
-- Composite foreign keys keep denormalised owner columns honest: every row
-- that names a ticket also names the ticket's subscription and client and
-- references tickets (id, subscription_id, client_id); every row that names
-- a period references periods (id, subscription_id). An entry can therefore
-- never be counted in another subscription's period, nor shown to another
-- client.

-- ---------------------------------------------------------------------------
-- Tickets
-- ---------------------------------------------------------------------------

CREATE TABLE tickets (
  id                         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  number                     bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  client_id                  uuid NOT NULL REFERENCES clients,
  subscription_id            uuid NOT NULL,
  title                      text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 500),
  state                      text NOT NULL DEFAULT 'OPEN' CHECK (state IN ('OPEN', 'ON_HOLD', 'CLOSED')),
  response_priority          text NOT NULL CHECK (response_priority IN ('STANDARD', 'STANDARD_PLUS', 'PRIORITY')),
  opened_at                  timestamptz NOT NULL,
  sla_due_at                 timestamptz NOT NULL,
  first_response_at          timestamptz,
  overage_approved_at        timestamptz,
  overage_approved_by        text CHECK (char_length(overage_approved_by) BETWEEN 1 AND 200),
  overage_approved_by_key_id uuid REFERENCES api_keys,
  postpayment_amount_minor   bigint CHECK (postpayment_amount_minor >= 0),
  external_ref               text CHECK (char_length(external_ref) BETWEEN 1 AND 255),
  closed_at                  timestamptz,
  created_at                 timestamptz NOT NULL DEFAULT now(),
  updated_at                 timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (subscription_id, client_id) REFERENCES subscriptions (id, client_id),
  CONSTRAINT tickets_external_ref_key UNIQUE (client_id, external_ref),
  -- Target of the composite foreign keys of every ticket-owned row.
  CONSTRAINT tickets_owner_key UNIQUE (id, subscription_id, client_id),
  CONSTRAINT tickets_closed_at CHECK ((state = 'CLOSED') = (closed_at IS NOT NULL)),
  CONSTRAINT tickets_closed_after_opened CHECK (closed_at >= opened_at),
  CONSTRAINT tickets_first_response_after_opened CHECK (first_response_at >= opened_at),
  CONSTRAINT tickets_sla_due_after_opened CHECK (sla_due_at >= opened_at),
  CONSTRAINT tickets_overage_approval CHECK (
    (overage_approved_at IS NULL) = (overage_approved_by IS NULL)
    AND (overage_approved_at IS NULL) = (overage_approved_by_key_id IS NULL))
);
CREATE INDEX tickets_by_client ON tickets (client_id, created_at, id);
CREATE INDEX tickets_by_subscription ON tickets (subscription_id, created_at, id);
COMMENT ON TABLE tickets IS 'A support request under one subscription; the unit that time is logged against.';
COMMENT ON COLUMN tickets.number IS
  'Human ticket number (#1234 in item descriptions), from one global sequence. Unique and increasing; '
  'a rolled-back creation leaves a gap, which is harmless.';
COMMENT ON COLUMN tickets.response_priority IS
  'Copied from the subscription''s terms when the ticket is opened; its SLA target follows from it (R13).';
COMMENT ON COLUMN tickets.sla_due_at IS
  'First-response due time: opened_at plus the priority''s target in business time, moved later by the business '
  'time spent ON_HOLD (recomputed when a hold ends).';
COMMENT ON COLUMN tickets.overage_approved_by IS
  'Who approved overage (R8): the client''s person as given by the caller, or the approving key''s display name.';
COMMENT ON COLUMN tickets.overage_approved_by_key_id IS 'The API key that recorded the approval (client or admin).';
COMMENT ON COLUMN tickets.postpayment_amount_minor IS
  'Amount, in the client''s currency, that the provider agreed to bill after the work on this ticket '
  '(postpayment, R19); NULL when none was agreed.';
COMMENT ON COLUMN tickets.external_ref IS
  'Id in an external helpdesk, unique per client: creating a ticket with an existing external_ref returns it.';

CREATE TABLE ticket_holds (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  ticket_id  uuid NOT NULL REFERENCES tickets,
  reason     text NOT NULL DEFAULT '' CHECK (char_length(reason) <= 2000),
  started_at timestamptz NOT NULL,
  ended_at   timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT ticket_holds_ended_after_started CHECK (ended_at >= started_at)
);
CREATE UNIQUE INDEX ticket_holds_one_open ON ticket_holds (ticket_id) WHERE ended_at IS NULL;
CREATE INDEX ticket_holds_by_ticket ON ticket_holds (ticket_id, started_at);
COMMENT ON TABLE ticket_holds IS
  'Intervals a ticket spent ON_HOLD (waiting for access): excluded from SLA business time (R13). '
  'At most one open hold per ticket.';

CREATE TABLE timers (
  id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  ticket_id             uuid NOT NULL REFERENCES tickets,
  operator_id           text NOT NULL CHECK (char_length(operator_id) BETWEEN 1 AND 200),
  operator_display_name text NOT NULL CHECK (char_length(operator_display_name) BETWEEN 1 AND 200),
  note                  text NOT NULL DEFAULT '' CHECK (char_length(note) <= 10000),
  started_at            timestamptz NOT NULL,
  created_at            timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT timers_one_per_operator_and_ticket UNIQUE (operator_id, ticket_id)
);
-- Timers running on a ticket (ticket view; closing a ticket deals with them).
CREATE INDEX timers_by_ticket ON timers (ticket_id);
COMMENT ON TABLE timers IS
  'Running clocks held by the server, one per operator and ticket. Stopping a timer deletes its row and '
  'creates a TIMER time entry with the elapsed time rounded up to whole minutes (R1), in one transaction; '
  'the audit log keeps the history.';

-- ---------------------------------------------------------------------------
-- Periods and their running totals
-- ---------------------------------------------------------------------------

CREATE TABLE periods (
  id                        uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  subscription_id           uuid NOT NULL REFERENCES subscriptions,
  month                     date,
  starts_at                 timestamptz,
  ends_at                   timestamptz,
  state                     text NOT NULL DEFAULT 'OPEN' CHECK (state IN ('OPEN', 'CLOSED')),
  closed_at                 timestamptz,
  -- Snapshot of the terms (R3), copied from the package version and the price
  -- row of the client's currency at first touch; used for this period forever.
  package_version_id        uuid NOT NULL,
  billing_cycle             text NOT NULL CHECK (billing_cycle IN ('ONE_TIME', 'MONTHLY')),
  included_minutes          integer NOT NULL CHECK (included_minutes >= 0),
  billing_increment_minutes integer NOT NULL CHECK (billing_increment_minutes BETWEEN 1 AND 1440),
  rounding_scope            text NOT NULL CHECK (rounding_scope IN ('ENTRY', 'TICKET')),
  rounding_direction        text NOT NULL CHECK (rounding_direction IN ('UP', 'NEAREST', 'DOWN')),
  currency                  currency_code NOT NULL,
  period_price_minor        bigint NOT NULL CHECK (period_price_minor >= 0),
  overage_hourly_rate_minor bigint NOT NULL CHECK (overage_hourly_rate_minor >= 0),
  item_name                 text NOT NULL CHECK (char_length(item_name) BETWEEN 1 AND 100),
  invoice_action            text NOT NULL
                              CHECK (invoice_action IN ('DO_NOT_INVOICE', 'INVOICE_ON_NEXT_RUN', 'ADD_TO_NEXT_INVOICE')),
  show_work_log_to_client   boolean NOT NULL,
  notify_thresholds_percent integer[] NOT NULL CHECK (valid_thresholds(notify_thresholds_percent)),
  require_overage_approval  boolean NOT NULL,
  -- Running totals over the live (not deleted) entries, updated in the same
  -- transaction as every entry change.
  raw_minutes               integer NOT NULL DEFAULT 0 CHECK (raw_minutes >= 0),
  used_minutes              integer NOT NULL DEFAULT 0 CHECK (used_minutes >= 0),
  overage_minutes           integer NOT NULL DEFAULT 0,
  overage_cost_minor        bigint NOT NULL DEFAULT 0 CHECK (overage_cost_minor >= 0),
  entry_count               integer NOT NULL DEFAULT 0 CHECK (entry_count >= 0),
  last_worked_at            timestamptz,
  created_at                timestamptz NOT NULL DEFAULT now(),
  updated_at                timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (package_version_id, currency) REFERENCES package_version_prices (package_version_id, currency),
  -- One period per subscription and month, and one bucket (month NULL) per subscription.
  CONSTRAINT periods_one_per_month UNIQUE NULLS NOT DISTINCT (subscription_id, month),
  CONSTRAINT periods_owner_key UNIQUE (id, subscription_id),
  CONSTRAINT periods_month_iff_monthly CHECK ((billing_cycle = 'MONTHLY') = (month IS NOT NULL)),
  CONSTRAINT periods_month_first_day CHECK (extract(day FROM month) = 1),
  CONSTRAINT periods_bounds CHECK (
    (month IS NULL) = (starts_at IS NULL) AND (month IS NULL) = (ends_at IS NULL) AND starts_at < ends_at),
  CONSTRAINT periods_closed_at CHECK ((state = 'CLOSED') = (closed_at IS NOT NULL)),
  -- R5: overage = max(0, used - included).
  CONSTRAINT periods_overage CHECK (overage_minutes = greatest(0, used_minutes - included_minutes)),
  -- R7: a ONE_TIME bucket never goes past its allocation (hence never has overage).
  CONSTRAINT periods_bucket_cap CHECK (billing_cycle = 'MONTHLY' OR used_minutes <= included_minutes),
  CONSTRAINT periods_cost_needs_overage CHECK (overage_minutes > 0 OR overage_cost_minor = 0),
  CONSTRAINT periods_empty CHECK (
    (entry_count = 0) = (last_worked_at IS NULL)
    AND (entry_count > 0 OR (raw_minutes = 0 AND used_minutes = 0)))
) WITH (fillfactor = 80);
-- ClosePeriods (R10): open monthly periods that ended by as_of.
CREATE INDEX periods_to_close ON periods (ends_at) WHERE state = 'OPEN' AND billing_cycle = 'MONTHLY';
COMMENT ON TABLE periods IS
  'One billing period of a subscription: a calendar month in the client''s zone (MONTHLY) or the single bucket '
  '(ONE_TIME). Created on first touch with a snapshot of the terms; its row is the lock that serialises all '
  'writes to the period (SELECT ... FOR UPDATE), and its running totals answer usage and history reads without '
  'scanning entries. No index covers a running-total column, so the per-entry UPDATE stays a HOT update; '
  'fillfactor leaves room for it. A CLOSED period is final.';
COMMENT ON COLUMN periods.month IS 'First day of the calendar month (MONTHLY); NULL for the ONE_TIME bucket.';
COMMENT ON COLUMN periods.starts_at IS
  'Start of the month in the client''s time zone at first touch (R2); with ends_at, the half-open range of '
  'worked_at instants the period covers. NULL for the bucket.';
COMMENT ON COLUMN periods.ends_at IS 'End (exclusive) of the month; ClosePeriods closes the period once as_of >= ends_at.';
COMMENT ON COLUMN periods.package_version_id IS
  'Provenance of the snapshot; ChangePackage with an explicit re-snapshot replaces it and the copied terms (audited).';
COMMENT ON COLUMN periods.raw_minutes IS 'Sum of the live entries'' raw minutes.';
COMMENT ON COLUMN periods.used_minutes IS 'Sum of the live entries'' billed minutes (R5 "used").';
COMMENT ON COLUMN periods.overage_minutes IS 'max(0, used - included), also the sum of the entries'' overage parts.';
COMMENT ON COLUMN periods.overage_cost_minor IS
  'Sum of period_tickets.overage_cost_minor: each ticket line is rounded half-up once (R6), so lines add up.';

CREATE TABLE period_tickets (
  period_id          uuid NOT NULL,
  ticket_id          uuid NOT NULL,
  subscription_id    uuid NOT NULL,
  client_id          uuid NOT NULL,
  raw_minutes        integer NOT NULL DEFAULT 0 CHECK (raw_minutes >= 0),
  billed_minutes     integer NOT NULL DEFAULT 0 CHECK (billed_minutes >= 0),
  overage_minutes    integer NOT NULL DEFAULT 0,
  overage_cost_minor bigint NOT NULL DEFAULT 0 CHECK (overage_cost_minor >= 0),
  entry_count        integer NOT NULL DEFAULT 0 CHECK (entry_count >= 0),
  last_worked_at     timestamptz,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (period_id, ticket_id),
  FOREIGN KEY (period_id, subscription_id) REFERENCES periods (id, subscription_id),
  FOREIGN KEY (ticket_id, subscription_id, client_id) REFERENCES tickets (id, subscription_id, client_id),
  CONSTRAINT period_tickets_overage CHECK (overage_minutes BETWEEN 0 AND billed_minutes),
  CONSTRAINT period_tickets_cost_needs_overage CHECK (overage_minutes > 0 OR overage_cost_minor = 0),
  CONSTRAINT period_tickets_empty CHECK (
    (entry_count = 0) = (last_worked_at IS NULL)
    AND (entry_count > 0 OR (raw_minutes = 0 AND billed_minutes = 0)))
) WITH (fillfactor = 80);
CREATE INDEX period_tickets_by_ticket ON period_tickets (ticket_id);
COMMENT ON TABLE period_tickets IS
  'Running totals per period and ticket (the "tickets of a period" view and the lines that ClosePeriods bills), '
  'updated with the period row. Created before the ticket''s first entry in the period and never deleted: a '
  'ticket whose entries were all deleted keeps a zero line.';
COMMENT ON COLUMN period_tickets.billed_minutes IS
  'Sum of the live entries'' billed minutes; with TICKET rounding scope, the ticket''s raw sum rounded once (R4).';
COMMENT ON COLUMN period_tickets.overage_cost_minor IS
  'overage_minutes x the snapshot''s hourly rate / 60, rounded half-up to the minor unit once for the line (R6).';

CREATE SEQUENCE time_entries_log_seq AS bigint;
COMMENT ON SEQUENCE time_entries_log_seq IS
  'Logged order of time entries. Drawn while the period row is locked, so within a period it is commit order.';

CREATE TABLE time_entries (
  id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  ticket_id             uuid NOT NULL,
  period_id             uuid NOT NULL,
  subscription_id       uuid NOT NULL,
  client_id             uuid NOT NULL,
  log_seq               bigint NOT NULL DEFAULT nextval('time_entries_log_seq'),
  operator_id           text NOT NULL CHECK (char_length(operator_id) BETWEEN 1 AND 200),
  operator_display_name text NOT NULL CHECK (char_length(operator_display_name) BETWEEN 1 AND 200),
  note                  text NOT NULL DEFAULT '' CHECK (char_length(note) <= 10000),
  worked_at             timestamptz NOT NULL,
  minutes               integer NOT NULL CHECK (minutes BETWEEN 1 AND 1440),
  billed_minutes        integer NOT NULL CHECK (billed_minutes >= 0),
  included_minutes      integer NOT NULL CHECK (included_minutes >= 0),
  overage_minutes       integer NOT NULL CHECK (overage_minutes >= 0),
  source                text NOT NULL CHECK (source IN ('MANUAL', 'TIMER')),
  deleted_at            timestamptz,
  created_at            timestamptz NOT NULL DEFAULT now(),
  updated_at            timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (period_id, ticket_id) REFERENCES period_tickets (period_id, ticket_id),
  FOREIGN KEY (ticket_id, subscription_id, client_id) REFERENCES tickets (id, subscription_id, client_id),
  CONSTRAINT time_entries_split CHECK (included_minutes + overage_minutes = billed_minutes),
  CONSTRAINT time_entries_deleted_after_created CHECK (deleted_at >= created_at),
  -- The pool (R5) is consumed in this order; also the listing order.
  CONSTRAINT time_entries_log_order UNIQUE (period_id, log_seq)
);
ALTER SEQUENCE time_entries_log_seq OWNED BY time_entries.log_seq;
CREATE INDEX time_entries_by_ticket ON time_entries (ticket_id, log_seq);
-- Operator report: live entries in a range of worked_at.
CREATE INDEX time_entries_by_worked_at ON time_entries (worked_at) WHERE deleted_at IS NULL;
COMMENT ON TABLE time_entries IS
  'Minutes an operator spent on a ticket, with how they were billed. Soft-deleted only; entries of a CLOSED '
  'period are final (trigger).';
COMMENT ON COLUMN time_entries.log_seq IS
  'Position in the logged order of the period: the included minutes are consumed in this order (R5). An edit keeps '
  'its position; an edit that moves the entry to another period takes a new value (nextval), i.e. it is logged '
  'last there.';
COMMENT ON COLUMN time_entries.minutes IS 'Raw whole minutes as logged, 1..1440 (R1); always kept next to billed_minutes.';
COMMENT ON COLUMN time_entries.billed_minutes IS
  'Minutes after rounding (R4). ENTRY scope: this entry rounded. TICKET scope: the difference this entry makes to '
  'its ticket''s rounded sum, in logged order. May be 0 (DOWN rounding).';
COMMENT ON COLUMN time_entries.included_minutes IS
  'Part of billed_minutes covered by the period''s allocation (R5 split); recomputed on every edit or delete in the period.';
COMMENT ON COLUMN time_entries.overage_minutes IS 'Part of billed_minutes beyond the allocation (R5 split).';
COMMENT ON COLUMN time_entries.operator_display_name IS
  'Shown to the client only when the period''s snapshot has show_work_log_to_client (R15), like note.';
COMMENT ON COLUMN time_entries.deleted_at IS
  'Soft delete: the entry leaves the totals and the pool, the row stays for the history.';

-- Backstop for R9: rows of a CLOSED period never change. The server checks
-- PERIOD_CLOSED itself under the period lock; this only catches mistakes.
CREATE FUNCTION refuse_write_in_closed_period() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM periods
              WHERE state = 'CLOSED'
                AND id IN (NEW.period_id, CASE WHEN TG_OP = 'UPDATE' THEN OLD.period_id END)) THEN
    RAISE EXCEPTION '% on % refused: the period is CLOSED and its figures are final', TG_OP, TG_TABLE_NAME
      USING ERRCODE = 'restrict_violation';
  END IF;
  RETURN NEW;
END
$$;
COMMENT ON FUNCTION refuse_write_in_closed_period() IS
  'Trigger: refuses INSERT/UPDATE of a row whose period (old or new) is CLOSED.';

CREATE TRIGGER periods_closed_is_final
  BEFORE UPDATE ON periods
  FOR EACH ROW WHEN (OLD.state = 'CLOSED')
  EXECUTE FUNCTION refuse_change('a CLOSED period is final');
CREATE TRIGGER periods_kept
  BEFORE DELETE ON periods
  FOR EACH ROW EXECUTE FUNCTION refuse_change('periods are billing history and are never deleted');

CREATE TRIGGER period_tickets_closed_is_final
  BEFORE INSERT OR UPDATE ON period_tickets
  FOR EACH ROW EXECUTE FUNCTION refuse_write_in_closed_period();
CREATE TRIGGER period_tickets_kept
  BEFORE DELETE ON period_tickets
  FOR EACH ROW EXECUTE FUNCTION refuse_change('period ticket lines are billing history and are never deleted');

CREATE TRIGGER time_entries_closed_is_final
  BEFORE INSERT OR UPDATE ON time_entries
  FOR EACH ROW EXECUTE FUNCTION refuse_write_in_closed_period();
CREATE TRIGGER time_entries_soft_delete_only
  BEFORE DELETE ON time_entries
  FOR EACH ROW EXECUTE FUNCTION refuse_change('time entries are soft-deleted: set deleted_at instead');

-- ---------------------------------------------------------------------------
-- Billing
-- ---------------------------------------------------------------------------

CREATE TABLE billable_items (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  period_id       uuid NOT NULL,
  ticket_id       uuid NOT NULL,
  subscription_id uuid NOT NULL,
  client_id       uuid NOT NULL,
  overage_minutes integer NOT NULL CHECK (overage_minutes > 0),
  amount_minor    bigint NOT NULL CHECK (amount_minor >= 0),
  currency        currency_code NOT NULL,
  description     text NOT NULL CHECK (char_length(description) BETWEEN 1 AND 500),
  invoice_action  text NOT NULL
                    CHECK (invoice_action IN ('DO_NOT_INVOICE', 'INVOICE_ON_NEXT_RUN', 'ADD_TO_NEXT_INVOICE')),
  invoice_ref     text CHECK (char_length(invoice_ref) BETWEEN 1 AND 255),
  invoice_url     text CHECK (char_length(invoice_url) <= 2000 AND invoice_url ~ '^https?://'),
  invoice_status  text CHECK (invoice_status IN ('UNPAID', 'PAID', 'CANCELLED')),
  due_date        date,
  paid_at         timestamptz,
  cancelled_at    timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  -- R10: never billed twice, whatever the number of ClosePeriods runs or replicas.
  CONSTRAINT billable_items_once_per_period_and_ticket UNIQUE (period_id, ticket_id),
  FOREIGN KEY (period_id, ticket_id) REFERENCES period_tickets (period_id, ticket_id),
  FOREIGN KEY (ticket_id, subscription_id, client_id) REFERENCES tickets (id, subscription_id, client_id),
  CONSTRAINT billable_items_invoice CHECK (
    (invoice_ref IS NULL) = (invoice_status IS NULL)
    AND (invoice_url IS NULL OR invoice_ref IS NOT NULL)
    AND (due_date IS NULL OR invoice_ref IS NOT NULL)),
  CONSTRAINT billable_items_paid_at CHECK ((invoice_status IS NOT DISTINCT FROM 'PAID') = (paid_at IS NOT NULL)),
  CONSTRAINT billable_items_cancelled_at
    CHECK ((invoice_status IS NOT DISTINCT FROM 'CANCELLED') = (cancelled_at IS NOT NULL))
);
CREATE INDEX billable_items_by_ticket ON billable_items (ticket_id);
CREATE INDEX billable_items_by_client ON billable_items (client_id, created_at, id);
-- What an invoicing run still has to pick up.
CREATE INDEX billable_items_to_invoice ON billable_items (created_at, id)
  WHERE invoice_ref IS NULL AND invoice_action <> 'DO_NOT_INVOICE';
COMMENT ON TABLE billable_items IS
  'The overage of one ticket in one closed period (R10), created by ClosePeriods in the transaction that closes '
  'the period. What was billed is final; only the invoice fields, written back by the invoicing system, change.';
COMMENT ON COLUMN billable_items.amount_minor IS 'Equals the line''s period_tickets.overage_cost_minor at closing (R6).';
COMMENT ON COLUMN billable_items.description IS
  '"<item_name> #<ticket number> <YYYY-MM> <hours, 2 decimals> Hour(s) (<currency> <rate>/Hour)" (R10).';
COMMENT ON COLUMN billable_items.invoice_status IS
  'NULL until invoiced; then UNPAID, PAID or CANCELLED. Drives the ticket badge (R16).';
COMMENT ON COLUMN billable_items.due_date IS
  'Invoice due date. An invoice paid after it, or never, counts as overdue for postpayment (R19).';
COMMENT ON COLUMN billable_items.cancelled_at IS
  'When the invoice was cancelled; tells whether it had already been overdue (R19).';

CREATE TRIGGER billable_items_billed_is_final
  BEFORE UPDATE ON billable_items
  FOR EACH ROW EXECUTE FUNCTION refuse_update_except(
    'invoice_ref', 'invoice_url', 'invoice_status', 'due_date', 'paid_at', 'cancelled_at', 'updated_at');
CREATE TRIGGER billable_items_kept
  BEFORE DELETE ON billable_items
  FOR EACH ROW EXECUTE FUNCTION refuse_change('billable items are never deleted; cancel the invoice instead');

CREATE TABLE usage_alerts (
  id                     uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  period_id              uuid NOT NULL,
  subscription_id        uuid NOT NULL,
  client_id              uuid NOT NULL,
  threshold_percent      integer NOT NULL CHECK (threshold_percent BETWEEN 1 AND 1000),
  used_minutes           integer NOT NULL CHECK (used_minutes >= 0),
  created_at             timestamptz NOT NULL DEFAULT now(),
  acknowledged_at        timestamptz,
  acknowledged_by_key_id uuid REFERENCES api_keys,
  -- R14: one alert per period and threshold, never twice.
  CONSTRAINT usage_alerts_once_per_threshold UNIQUE (period_id, threshold_percent),
  FOREIGN KEY (period_id, subscription_id) REFERENCES periods (id, subscription_id),
  FOREIGN KEY (subscription_id, client_id) REFERENCES subscriptions (id, client_id),
  CONSTRAINT usage_alerts_acknowledged CHECK ((acknowledged_at IS NULL) = (acknowledged_by_key_id IS NULL))
);
-- The notifiers' queue: unacknowledged alerts, oldest first.
CREATE INDEX usage_alerts_pending ON usage_alerts (created_at, id) WHERE acknowledged_at IS NULL;
CREATE INDEX usage_alerts_by_client ON usage_alerts (client_id, created_at, id);
COMMENT ON TABLE usage_alerts IS
  'A threshold of the period''s snapshot crossed by its used minutes (R14), created with INSERT ... ON CONFLICT '
  'DO NOTHING in the transaction of the entry that crossed it; consumed and acknowledged by notifiers.';
COMMENT ON COLUMN usage_alerts.used_minutes IS 'The period''s used minutes right after the crossing entry.';

CREATE TABLE client_credit_events (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  client_id           uuid NOT NULL REFERENCES clients,
  kind                text NOT NULL CHECK (kind IN ('MISSED_PAYMENT', 'ADJUSTMENT')),
  invoice_ref         text CHECK (char_length(invoice_ref) BETWEEN 1 AND 255),
  due_date            date,
  currency            currency_code NOT NULL,
  credit_before_minor bigint NOT NULL CHECK (credit_before_minor >= 0),
  credit_after_minor  bigint NOT NULL CHECK (credit_after_minor >= 0),
  note                text NOT NULL DEFAULT '' CHECK (char_length(note) <= 2000),
  created_at          timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT client_credit_events_missed_payment CHECK (
    kind <> 'MISSED_PAYMENT' OR (invoice_ref IS NOT NULL AND due_date IS NOT NULL))
);
-- A missed payment of one invoice is recorded once.
CREATE UNIQUE INDEX client_credit_events_missed_once ON client_credit_events (client_id, invoice_ref)
  WHERE kind = 'MISSED_PAYMENT';
CREATE INDEX client_credit_events_by_client ON client_credit_events (client_id, created_at, id);
COMMENT ON TABLE client_credit_events IS
  'History of a client''s goodwill credit (R19): each change with the balance before and after. MISSED_PAYMENT '
  'resets the credit to the base deposit and, through due_date, makes the client ineligible for postpayment '
  'for 2 calendar months; it also covers invoices of external systems that have no billable item here. '
  'Append-only.';

CREATE TRIGGER client_credit_events_append_only
  BEFORE UPDATE OR DELETE ON client_credit_events
  FOR EACH ROW EXECUTE FUNCTION refuse_change('credit history is append-only');

-- ---------------------------------------------------------------------------
-- Audit log
-- ---------------------------------------------------------------------------

CREATE TABLE audit_events (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  seq                bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  actor_key_id       uuid,
  actor_role         text NOT NULL CHECK (actor_role IN ('ADMIN', 'OPERATOR', 'CLIENT', 'SYSTEM')),
  actor_display_name text NOT NULL CHECK (char_length(actor_display_name) BETWEEN 1 AND 200),
  action             text NOT NULL CHECK (char_length(action) BETWEEN 1 AND 100),
  subject            text NOT NULL CHECK (char_length(subject) BETWEEN 1 AND 500),
  client_id          uuid REFERENCES clients,
  ticket_id          uuid REFERENCES tickets,
  request_id         uuid,
  details            jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(details) = 'object'),
  created_at         timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT audit_events_actor CHECK ((actor_role = 'SYSTEM') = (actor_key_id IS NULL))
);
CREATE INDEX audit_events_by_ticket ON audit_events (ticket_id, seq) WHERE ticket_id IS NOT NULL;
CREATE INDEX audit_events_by_client ON audit_events (client_id, seq) WHERE client_id IS NOT NULL;
COMMENT ON TABLE audit_events IS
  'Append-only record of every change, written in the transaction of the change. UPDATE, DELETE and TRUNCATE '
  'are refused by triggers.';
COMMENT ON COLUMN audit_events.seq IS
  'Insertion order; timelines read it newest first (ORDER BY seq DESC) and page by it.';
COMMENT ON COLUMN audit_events.actor_key_id IS
  'API key that acted; NULL for SYSTEM (server sub-commands such as close-periods). Deliberately no foreign key: '
  'keys are never deleted, and a key-share lock on the acting key''s row from every write would make that one '
  'row the hottest in the database.';
COMMENT ON COLUMN audit_events.actor_display_name IS 'The actor''s name when it acted (keys may be renamed later).';
COMMENT ON COLUMN audit_events.action IS 'What was done, e.g. "CreateTimeEntry", "ApproveOverage", "ClosePeriod".';
COMMENT ON COLUMN audit_events.subject IS 'Resource name acted on, e.g. "clients/{client}/tickets/{ticket}".';
COMMENT ON COLUMN audit_events.client_id IS 'Client the event belongs to, for client-scoped history (R15).';
COMMENT ON COLUMN audit_events.ticket_id IS 'Ticket whose timeline shows the event (admin view, newest first).';
COMMENT ON COLUMN audit_events.details IS 'JSON object, typically {"before": {...}, "after": {...}}.';

CREATE TRIGGER audit_events_append_only
  BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION refuse_change('audit_events is append-only');
CREATE TRIGGER audit_events_no_truncate
  BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change('audit_events is append-only');
