-- supportbytime schema, part 1: shared helpers, the package catalog, clients,
-- subscriptions, API keys and idempotency keys.
--
-- Conventions (docs/schema.md explains them at length):
--   * uuid primary keys from gen_random_uuid(); timestamptz for instants;
--   * money is bigint minor units next to an ISO 4217 currency_code;
--   * every invariant a row can check by itself is a CHECK, every "never
--     twice" rule a UNIQUE constraint, every reference a foreign key; nothing
--     cascades: billing history is never deleted implicitly;
--   * enumerations are text holding the proto enum value name without prefix;
--   * optional text fields are NULL, never '' (external_ref), so that UNIQUE
--     constraints ignore them;
--   * created_at defaults to now() (transaction start); updated_at is set by
--     the server on every update.
--
-- Applied by `supportbytime-server migrate` inside one transaction; it must
-- stay a plain multi-statement script (no BEGIN/COMMIT, no psql commands).

-- ---------------------------------------------------------------------------
-- Helpers
-- ---------------------------------------------------------------------------

CREATE DOMAIN currency_code AS text
  CONSTRAINT currency_code_iso4217 CHECK (VALUE ~ '^[A-Z]{3}$');
COMMENT ON DOMAIN currency_code IS
  'ISO 4217 alphabetic code (EUR). Every amount is bigint minor units of the currency stored next to it.';

-- Trigger function that refuses the statement. TG_ARGV[0] is the reason shown
-- to whoever tried. SQLSTATE 23001 (restrict_violation) marks a broken
-- integrity rule; the server maps it to INTERNAL because its own code never
-- attempts such a change.
CREATE FUNCTION refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% on % refused: %', TG_OP, TG_TABLE_NAME, TG_ARGV[0]
    USING ERRCODE = 'restrict_violation';
END
$$;
COMMENT ON FUNCTION refuse_change() IS
  'Trigger: refuses UPDATE/DELETE/TRUNCATE on rows that are history. Argument: the reason.';

-- Trigger function for rows of which only a few columns may ever change.
-- TG_ARGV lists those columns; any other difference refuses the UPDATE.
CREATE FUNCTION refuse_update_except() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF (to_jsonb(NEW) - TG_ARGV) IS DISTINCT FROM (to_jsonb(OLD) - TG_ARGV) THEN
    RAISE EXCEPTION 'UPDATE on % refused: only % may change', TG_TABLE_NAME,
      array_to_string(TG_ARGV, ', ')
      USING ERRCODE = 'restrict_violation';
  END IF;
  RETURN NEW;
END
$$;
COMMENT ON FUNCTION refuse_update_except() IS
  'Trigger: refuses an UPDATE that changes any column not named in the trigger arguments.';

-- Usage alert thresholds: strictly increasing percents in 1..1000, no NULLs,
-- at most 10, a plain one-dimensional array; empty means "no alerts".
CREATE FUNCTION valid_thresholds(t integer[]) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT coalesce(
    cardinality(t) <= 10
    AND array_position(t, NULL) IS NULL
    AND 1 <= ALL (t) AND 1000 >= ALL (t)
    AND t = ARRAY(SELECT DISTINCT v FROM unnest(t) AS v ORDER BY v),
    false)
$$;
COMMENT ON FUNCTION valid_thresholds(integer[]) IS
  'True for a usage-alert threshold list: 0..10 strictly increasing percents in 1..1000, lower bound 1.';

-- ---------------------------------------------------------------------------
-- Package catalog
-- ---------------------------------------------------------------------------

CREATE TABLE packages (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  display_name    text NOT NULL CHECK (char_length(display_name) BETWEEN 1 AND 200),
  description     text NOT NULL DEFAULT '' CHECK (char_length(description) <= 2000),
  current_version integer NOT NULL DEFAULT 1 CHECK (current_version >= 1),
  archived_at     timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX packages_list ON packages (created_at, id);
COMMENT ON TABLE packages IS
  'A sellable plan. Its terms live in immutable package_versions; updating a package publishes a new version.';
COMMENT ON COLUMN packages.current_version IS
  'Latest version number: the terms a subscription snapshots when it touches a new period (R3). '
  'Publishing locks this row and increments it, so versions are numbered 1, 2, 3… without races.';
COMMENT ON COLUMN packages.archived_at IS
  'Set when the package is no longer sold; existing subscriptions keep running.';

CREATE TABLE package_versions (
  id                        uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  package_id                uuid NOT NULL REFERENCES packages,
  version                   integer NOT NULL CHECK (version >= 1),
  billing_cycle             text NOT NULL CHECK (billing_cycle IN ('ONE_TIME', 'MONTHLY')),
  included_minutes          integer NOT NULL CHECK (included_minutes >= 0),
  billing_increment_minutes integer NOT NULL CHECK (billing_increment_minutes BETWEEN 1 AND 1440),
  rounding_scope            text NOT NULL DEFAULT 'ENTRY' CHECK (rounding_scope IN ('ENTRY', 'TICKET')),
  rounding_direction        text NOT NULL DEFAULT 'UP' CHECK (rounding_direction IN ('UP', 'NEAREST', 'DOWN')),
  response_priority         text NOT NULL CHECK (response_priority IN ('STANDARD', 'STANDARD_PLUS', 'PRIORITY')),
  invoice_action            text NOT NULL
                              CHECK (invoice_action IN ('DO_NOT_INVOICE', 'INVOICE_ON_NEXT_RUN', 'ADD_TO_NEXT_INVOICE')),
  item_name                 text NOT NULL DEFAULT 'Support' CHECK (char_length(item_name) BETWEEN 1 AND 100),
  show_work_log_to_client   boolean NOT NULL,
  notify_thresholds_percent integer[] NOT NULL DEFAULT '{80,100}'
                              CHECK (valid_thresholds(notify_thresholds_percent)),
  require_overage_approval  boolean NOT NULL DEFAULT true,
  created_at                timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT package_versions_number_key UNIQUE (package_id, version),
  -- Target of subscriptions' (package_version_id, package_id) foreign key,
  -- which keeps a subscription's version inside its package.
  CONSTRAINT package_versions_id_package_key UNIQUE (id, package_id)
);
COMMENT ON TABLE package_versions IS
  'Immutable terms of a package (R3). Periods copy them at first touch; rows are never updated or deleted.';
COMMENT ON COLUMN package_versions.included_minutes IS
  'Allocation per month (MONTHLY) or for the whole bucket (ONE_TIME).';
COMMENT ON COLUMN package_versions.rounding_scope IS
  'ENTRY rounds each entry; TICKET rounds the sum of a ticket''s entries in the period (R4).';
COMMENT ON COLUMN package_versions.notify_thresholds_percent IS
  'Usage alert thresholds (R14), strictly increasing; the first one is the WARNING level of R17.';

CREATE TRIGGER package_versions_immutable
  BEFORE UPDATE OR DELETE ON package_versions
  FOR EACH ROW EXECUTE FUNCTION refuse_change('package versions are immutable; publish a new version instead');

CREATE TABLE package_version_prices (
  package_version_id        uuid NOT NULL REFERENCES package_versions,
  currency                  currency_code NOT NULL,
  period_price_minor        bigint NOT NULL CHECK (period_price_minor >= 0),
  overage_hourly_rate_minor bigint NOT NULL CHECK (overage_hourly_rate_minor >= 0),
  created_at                timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (package_version_id, currency)
);
COMMENT ON TABLE package_version_prices IS
  'Price per period and overage rate per hour of a version, one row per currency. A client whose currency '
  'has no row here cannot use the package (R6: a clear error, never a zero price). Immutable like the version; '
  'a currency may be added to an existing version.';
COMMENT ON COLUMN package_version_prices.period_price_minor IS
  'Price of one month (MONTHLY) or of the bucket (ONE_TIME); 0 marks a free package (not eligible for postpayment, R19).';

CREATE TRIGGER package_version_prices_immutable
  BEFORE UPDATE OR DELETE ON package_version_prices
  FOR EACH ROW EXECUTE FUNCTION refuse_change('prices are part of a version''s immutable terms; publish a new version instead');

-- A package's current version must exist. Deferred, so that a package and its
-- first version are inserted in either order within one transaction.
ALTER TABLE packages
  ADD CONSTRAINT packages_current_version_fkey
  FOREIGN KEY (id, current_version) REFERENCES package_versions (package_id, version)
  DEFERRABLE INITIALLY DEFERRED;

-- ---------------------------------------------------------------------------
-- Clients and subscriptions
-- ---------------------------------------------------------------------------

CREATE TABLE clients (
  id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  display_name          text NOT NULL CHECK (char_length(display_name) BETWEEN 1 AND 200),
  currency              currency_code NOT NULL,
  time_zone             text NOT NULL CHECK (time_zone ~ '^[A-Za-z0-9_+-]+(/[A-Za-z0-9_+-]+)*$'
                                             AND char_length(time_zone) <= 64),
  external_ref          text UNIQUE CHECK (char_length(external_ref) BETWEEN 1 AND 255),
  goodwill_credit_minor bigint NOT NULL DEFAULT 3000 CHECK (goodwill_credit_minor >= 0),
  created_at            timestamptz NOT NULL DEFAULT now(),
  updated_at            timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX clients_list ON clients (created_at, id);
COMMENT ON TABLE clients IS 'A customer account.';
COMMENT ON COLUMN clients.time_zone IS
  'IANA zone (validated by the server with the same tz database it computes with); '
  'MONTHLY periods are calendar months in this zone (R2).';
COMMENT ON COLUMN clients.external_ref IS
  'Id of the client in an external system (e.g. WHMCS). Globally unique: creating a client with an existing '
  'external_ref returns the existing client (safe sync).';
COMMENT ON COLUMN clients.goodwill_credit_minor IS
  'Goodwill credit in the client''s currency (R19). Starts at the base deposit (EUR 30.00 = 3000; the server '
  'passes the configured base for other currencies) and is reset to it when a payment is missed; '
  'client_credit_events holds the history.';

CREATE TABLE subscriptions (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  client_id          uuid NOT NULL REFERENCES clients,
  package_id         uuid NOT NULL REFERENCES packages,
  package_version_id uuid NOT NULL,
  next_package_id    uuid REFERENCES packages,
  state              text NOT NULL DEFAULT 'PENDING'
                       CHECK (state IN ('PENDING', 'ACTIVE', 'SUSPENDED', 'TERMINATED', 'DEPLETED')),
  external_ref       text CHECK (char_length(external_ref) BETWEEN 1 AND 255),
  activated_at       timestamptz,
  suspended_at       timestamptz,  -- latest suspension; cleared on reactivation
  terminated_at      timestamptz,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (package_version_id, package_id) REFERENCES package_versions (id, package_id),
  CONSTRAINT subscriptions_external_ref_key UNIQUE (client_id, external_ref),
  -- Target of the (subscription_id, client_id) foreign keys of tickets and alerts.
  CONSTRAINT subscriptions_id_client_key UNIQUE (id, client_id),
  CONSTRAINT subscriptions_next_package_differs CHECK (next_package_id <> package_id),
  -- Packages are activated only after payment; every state past PENDING except
  -- TERMINATED (which may end a never-paid subscription) had an activation.
  CONSTRAINT subscriptions_activated CHECK (state IN ('PENDING', 'TERMINATED') OR activated_at IS NOT NULL),
  CONSTRAINT subscriptions_terminated CHECK ((state = 'TERMINATED') = (terminated_at IS NOT NULL))
);
CREATE INDEX subscriptions_by_client ON subscriptions (client_id, created_at, id);
COMMENT ON TABLE subscriptions IS 'A client''s instance of a package (the "service").';
COMMENT ON COLUMN subscriptions.package_version_id IS
  'Version the subscription is on now: the one its latest period snapshotted (or the package''s current version '
  'before any period). The terms that bill a period are the period''s own snapshot, never this column.';
COMMENT ON COLUMN subscriptions.next_package_id IS
  'Set by ChangePackage: the package this subscription moves to when it touches its next period (R3).';
COMMENT ON COLUMN subscriptions.external_ref IS
  'Id in an external system, unique per client (the resource lives under clients/{client}): creating a '
  'subscription with an existing external_ref returns the existing one, and never reveals another client''s.';
COMMENT ON COLUMN subscriptions.activated_at IS 'When payment activated the subscription (PENDING -> ACTIVE).';

-- ---------------------------------------------------------------------------
-- Access and idempotency
-- ---------------------------------------------------------------------------

CREATE TABLE api_keys (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  display_name text NOT NULL CHECK (char_length(display_name) BETWEEN 1 AND 200),
  role         text NOT NULL CHECK (role IN ('ADMIN', 'OPERATOR', 'CLIENT')),
  client_id    uuid REFERENCES clients,
  key_hash     bytea NOT NULL UNIQUE CHECK (octet_length(key_hash) = 32),
  key_prefix   text NOT NULL CHECK (char_length(key_prefix) BETWEEN 4 AND 16),
  created_at   timestamptz NOT NULL DEFAULT now(),
  revoked_at   timestamptz,
  CONSTRAINT api_keys_client_scope CHECK ((role = 'CLIENT') = (client_id IS NOT NULL)),
  CONSTRAINT api_keys_revoked_after_created CHECK (revoked_at >= created_at)
);
CREATE INDEX api_keys_list ON api_keys (created_at, id);
COMMENT ON TABLE api_keys IS
  'Bearer credentials. Only the SHA-256 of the secret is stored; a CLIENT key is scoped to exactly one client.';
COMMENT ON COLUMN api_keys.key_hash IS 'SHA-256 of the whole secret; authentication looks keys up by it.';
COMMENT ON COLUMN api_keys.key_prefix IS 'First characters of the secret, shown so that a person can tell keys apart.';

CREATE TABLE idempotency_keys (
  principal    text NOT NULL CHECK (char_length(principal) BETWEEN 1 AND 100),
  request_id   uuid NOT NULL,
  method       text NOT NULL CHECK (char_length(method) BETWEEN 1 AND 200),
  request_hash bytea NOT NULL CHECK (octet_length(request_hash) = 32),
  response     bytea,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (principal, request_id)
);
CREATE INDEX idempotency_keys_purge ON idempotency_keys (created_at);
COMMENT ON TABLE idempotency_keys IS
  'R11. One row per (caller, request_id) of a mutation that succeeded. The mutation claims its row first, in '
  'its own transaction, so a concurrent duplicate waits on this primary key and then replays the stored '
  'response instead of running the rule twice. Refusals roll back with the claim, so they are not replayed: '
  'they changed nothing, and the caller may retry once the precondition holds. Rows older than 24 h may be purged.';
COMMENT ON COLUMN idempotency_keys.principal IS
  'Whose request_id this is: the API key id (text) for API calls, "system" for server sub-commands. '
  'Scoping by caller means a replay never returns one caller''s response to another.';
COMMENT ON COLUMN idempotency_keys.method IS 'Full gRPC method name; a different method is a different request.';
COMMENT ON COLUMN idempotency_keys.request_hash IS
  'SHA-256 of the deterministically serialized request without its request_id. A mismatch on retry is REQUEST_ID_REUSED.';
COMMENT ON COLUMN idempotency_keys.response IS
  'Serialized response message (empty for google.protobuf.Empty). NULL only inside the claiming transaction, '
  'which fills it before commit; a committed NULL is a server bug.';
