-- supportbytime schema, part 4: which package a subscription had from when, so
-- that the terms of any month are those in force when it began (R3), whenever
-- the month is first touched.
-- Conventions: see V0001__init.sql and docs/schema.md.

CREATE TABLE subscription_packages (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  seq               bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  subscription_id   uuid NOT NULL REFERENCES subscriptions,
  effective_from    timestamptz,
  package_id        uuid NOT NULL REFERENCES packages,
  pinned_version_id uuid,
  created_at        timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (pinned_version_id, package_id) REFERENCES package_versions (id, package_id)
);
CREATE INDEX subscription_packages_by_subscription ON subscription_packages (subscription_id, seq);
COMMENT ON TABLE subscription_packages IS
  'Each decision about a subscription''s package (R3): the first one at creation, then one per ChangePackage. '
  'The package in force at an instant is that of the latest decision (highest seq) whose effective_from is at '
  'or before it, so a later decision overrides earlier ones from its own effective_from on and never changes '
  'a month that had begun. Append-only.';
COMMENT ON COLUMN subscription_packages.effective_from IS
  'NULL for the subscription''s first package (in force from the start, also before a back-dated activation); '
  'otherwise the start of a month in the client''s zone: the next month for a default ChangePackage, the '
  'current one with apply_to_current_period.';
COMMENT ON COLUMN subscription_packages.pinned_version_id IS
  'The lowest version this decision bills with: set by apply_to_current_period (the package''s version when '
  'the current month was re-snapshotted, which may be newer than the month''s start) and for subscriptions '
  'that existed before this table (the version they had).';

CREATE TRIGGER subscription_packages_append_only
  BEFORE UPDATE OR DELETE ON subscription_packages
  FOR EACH ROW EXECUTE FUNCTION refuse_change('package decisions are history; record a new one instead');

-- The package in force at `at`: that of the latest decision effective by then.
CREATE FUNCTION subscription_package_at(sub uuid, at timestamptz) RETURNS uuid
LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $$
  SELECT d.package_id FROM subscription_packages d
   WHERE d.subscription_id = sub AND (d.effective_from IS NULL OR d.effective_from <= at)
   ORDER BY d.seq DESC LIMIT 1
$$;
COMMENT ON FUNCTION subscription_package_at(uuid, timestamptz) IS
  'R3: the package subscription `sub` has at instant `at`.';

-- The version that bills a period starting at `starts_at` (R3): of the package
-- in force then, the newest version published at or before that instant, never
-- older than the decision's pinned version, and the first version when the
-- package had none yet (a service imported with an activation before the
-- package was created).
CREATE FUNCTION subscription_version_at(sub uuid, starts_at timestamptz) RETURNS uuid
LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $$
  SELECT v.id
    FROM (SELECT d.package_id, pv.version AS pinned
            FROM subscription_packages d
            LEFT JOIN package_versions pv ON pv.id = d.pinned_version_id
           WHERE d.subscription_id = sub AND (d.effective_from IS NULL OR d.effective_from <= starts_at)
           ORDER BY d.seq DESC LIMIT 1) d
    JOIN package_versions v ON v.package_id = d.package_id
   WHERE v.created_at <= starts_at OR v.version <= coalesce(d.pinned, 1)
   ORDER BY v.version DESC LIMIT 1
$$;
COMMENT ON FUNCTION subscription_version_at(uuid, timestamptz) IS
  'R3: the package version that bills the period of subscription `sub` that starts at `starts_at` (the month''s '
  'start in the client''s zone, or the activation for the month that contains it).';

-- When the period of `sub` that contains `at` began, for its terms (R3): the
-- month's start in the client's zone (MONTHLY) or the bucket's activation, and
-- never before the first activation (the activation is "its start" in the
-- month that contains it).
CREATE FUNCTION subscription_period_start(sub uuid, at timestamptz) RETURNS timestamptz
LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $$
  SELECT CASE WHEN v.billing_cycle = 'ONE_TIME' THEN coalesce(s.activated_at, at)
              ELSE greatest(date_trunc('month', at AT TIME ZONE c.time_zone) AT TIME ZONE c.time_zone,
                            coalesce(s.activated_at, at)) END
    FROM subscriptions s JOIN clients c ON c.id = s.client_id
    JOIN package_versions v ON v.id = s.package_version_id
   WHERE s.id = sub
$$;
COMMENT ON FUNCTION subscription_period_start(uuid, timestamptz) IS
  'R3: the instant whose terms bill the period of subscription `sub` that contains `at`.';

-- Subscriptions that exist keep what they have: their package (with the version
-- they are on as the floor) from the start, and a scheduled change from the next
-- month in the client's zone.
INSERT INTO subscription_packages (subscription_id, effective_from, package_id, pinned_version_id, created_at)
SELECT s.id, NULL, s.package_id, s.package_version_id, s.created_at
  FROM subscriptions s ORDER BY s.created_at, s.id;
INSERT INTO subscription_packages (subscription_id, effective_from, package_id)
SELECT s.id, (date_trunc('month', now() AT TIME ZONE c.time_zone) + interval '1 month') AT TIME ZONE c.time_zone,
       s.next_package_id
  FROM subscriptions s JOIN clients c ON c.id = s.client_id
 WHERE s.next_package_id IS NOT NULL ORDER BY s.created_at, s.id;

COMMENT ON COLUMN subscriptions.package_id IS
  'Superseded by subscription_packages (R3): kept equal to the first decision''s package; reads use '
  'subscription_version_at.';
COMMENT ON COLUMN subscriptions.package_version_id IS
  'Superseded by subscription_packages (R3): the version at creation; reads use subscription_version_at.';
COMMENT ON COLUMN subscriptions.next_package_id IS
  'Superseded by subscription_packages (R3); no longer written.';
COMMENT ON COLUMN subscriptions.activated_at IS
  'First activation (PENDING -> ACTIVE; an ADMIN may back-date it to import a service that began earlier, '
  'never into the future). Work before it is refused (R20).';
