-- supportbytime schema, part 7: overage approval per ticket and period (R8).
-- Conventions: see V0001__init.sql and docs/schema.md.
--
-- An approval used to be a fact of the ticket (tickets.overage_approved_*),
-- given once and never withdrawn, so April's approval let May run overage
-- silently. Now each (ticket, period) has its own state, NONE (no row) ->
-- REQUESTED -> APPROVED or DECLINED, with an optional cap. The row is keyed
-- by the period's month rather than by the period's id, so that approving a
-- month nobody has logged into yet does not have to create its period (and
-- snapshot its terms) early.

CREATE TABLE overage_approvals (
  id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  ticket_id            uuid NOT NULL,
  subscription_id      uuid NOT NULL,
  client_id            uuid NOT NULL,
  month                date CHECK (month = date_trunc('month', month)::date),
  state                text NOT NULL CHECK (state IN ('REQUESTED', 'APPROVED', 'DECLINED')),
  cap_minutes          integer CHECK (cap_minutes > 0),
  requested_minutes    integer CHECK (requested_minutes > 0),
  request_note         text NOT NULL DEFAULT '' CHECK (char_length(request_note) <= 500),
  requested_at         timestamptz,
  requested_by         text CHECK (char_length(requested_by) BETWEEN 1 AND 200),
  requested_by_key_id  uuid REFERENCES api_keys,
  decided_at           timestamptz,
  decided_by           text CHECK (char_length(decided_by) BETWEEN 1 AND 200),
  decided_by_key_id    uuid REFERENCES api_keys,
  decision_note        text NOT NULL DEFAULT '' CHECK (char_length(decision_note) <= 500),
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (ticket_id, subscription_id, client_id)
    REFERENCES tickets (id, subscription_id, client_id),
  -- One state per ticket and month, and one for the bucket (month NULL).
  CONSTRAINT overage_approvals_one_per_month UNIQUE NULLS NOT DISTINCT (ticket_id, month),
  -- A decision names who and when; a request names who asked, and how much.
  CONSTRAINT overage_approvals_decided CHECK (
    state = 'REQUESTED' OR (decided_at IS NOT NULL AND decided_by IS NOT NULL)),
  CONSTRAINT overage_approvals_requested CHECK (
    state <> 'REQUESTED' OR (requested_at IS NOT NULL AND requested_minutes IS NOT NULL)),
  -- Only an approval carries a cap.
  CONSTRAINT overage_approvals_cap_if_approved CHECK (state = 'APPROVED' OR cap_minutes IS NULL)
);
CREATE INDEX overage_approvals_by_subscription ON overage_approvals (subscription_id, month);
COMMENT ON TABLE overage_approvals IS
  'The client''s decision on overage for one ticket in one period (R8). No row is the state NONE. Entries '
  'that would carry an overage part are refused unless the row of the entry''s period is APPROVED, and, '
  'with a cap, unless the ticket''s overage in that period stays within it. Every change is audited '
  '(RequestOverageApproval, ApproveOverage, DeclineOverage).';
COMMENT ON COLUMN overage_approvals.month IS
  'First day of the period''s calendar month in the client''s time zone (MONTHLY); NULL for the ONE_TIME bucket. '
  'Matches periods.month, whether or not the period exists yet.';
COMMENT ON COLUMN overage_approvals.cap_minutes IS
  'APPROVED only: the most overage minutes the ticket may reach in the period (the sum of its entries'' '
  'overage parts, period_tickets.overage_minutes). NULL: no cap. Lowering it below what is logged refuses '
  'further overage; logged entries never change.';
COMMENT ON COLUMN overage_approvals.requested_minutes IS
  'The estimated extra minutes of the latest RequestOverageApproval; kept after the decision.';
COMMENT ON COLUMN overage_approvals.decided_by IS
  'Display name of the key that approved or declined: the client''s key, or an ADMIN key on its behalf.';

-- The old approvals apply to the month that contained the approval time in
-- the client's zone (the bucket for ONE_TIME), with no cap, as they did then.
INSERT INTO overage_approvals (ticket_id, subscription_id, client_id, month, state, decided_at,
                               decided_by, decided_by_key_id, decision_note, created_at, updated_at)
SELECT t.id, t.subscription_id, t.client_id,
       CASE WHEN v.billing_cycle = 'MONTHLY'
            THEN date_trunc('month', t.overage_approved_at AT TIME ZONE c.time_zone)::date END,
       'APPROVED', t.overage_approved_at, t.overage_approved_by, t.overage_approved_by_key_id,
       coalesce((SELECT left(a.details->>'note', 500) FROM audit_events a
                 WHERE a.ticket_id = t.id AND a.action = 'ApproveOverage'
                 ORDER BY a.seq DESC LIMIT 1), ''),
       t.overage_approved_at, t.overage_approved_at
  FROM tickets t
  JOIN clients c ON c.id = t.client_id
  JOIN subscriptions su ON su.id = t.subscription_id
  JOIN package_versions v ON v.id = su.package_version_id
 WHERE t.overage_approved_at IS NOT NULL;

COMMENT ON COLUMN tickets.overage_approved_at IS
  'Superseded by overage_approvals (V0007): no longer read or written. An approval recorded here was copied '
  'there for the month that contained this time in the client''s zone.';
COMMENT ON COLUMN tickets.overage_approved_by IS 'Superseded by overage_approvals.decided_by (V0007).';
COMMENT ON COLUMN tickets.overage_approved_by_key_id IS
  'Superseded by overage_approvals.decided_by_key_id (V0007).';
