import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Growth: referral links with their funnel (sent → clicked → signed up → first value),
 * growth subjects (sign-up time, who referred them) and the rollups the K-factor dashboard
 * reads. The rollups are kept by triggers in the same transaction as every write to the
 * links and subjects, so the dashboard reads hundreds of rows instead of a million links.
 * All days are UTC dates.
 *
 * - referral_daily: per sent day and loop, the funnel of the invites sent that day (a later
 *   click or sign-up updates the row of the day the invite was sent), the sum of their
 *   cycle times, and the sign-ups that happened on that day.
 * - referral_cycle_hours: converted invites per sent day, loop and whole hours of cycle time
 *   (the median is read from it).
 * - referral_referrer_days: invites and conversions per referrer, loop and sent day.
 * - referral_referrers: the same over each referrer's lifetime, per scope (below), ranked:
 *   a referrer's conversions in any period are at most their lifetime ones, so the top
 *   referrers of a period are found among the top lifetime ones (see topReferrers).
 * - referral_active_spans: distinct active referrers over any range of days without a
 *   distinct count: for every day a referrer sent an invite, one count under (day, the
 *   referrer's previous active day). A referrer is active in [a, b] exactly once with
 *   day in [a, b] and prev_day < a. Scope '*' is any loop, otherwise the loop.
 * - growth_cohort_days: per sign-up day of the referrers, the subjects who signed up, and
 *   the invites and conversions of their lifetime so far (scope as above; subjects only
 *   under '*').
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      CREATE TABLE referral_links (
        id bigserial PRIMARY KEY,
        token varchar(64) NOT NULL UNIQUE,
        referrer_id varchar(128) NOT NULL,
        source_loop varchar(64) NOT NULL,
        invitee_email varchar(254),
        destination_url varchar(2000),
        idempotency_key varchar(128) UNIQUE,
        sent_at timestamptz NOT NULL,
        clicked_at timestamptz,
        signed_up_at timestamptz,
        invitee_id varchar(128),
        first_value_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT referral_links_signup_has_invitee
          CHECK ((signed_up_at IS NULL) = (invitee_id IS NULL)),
        CONSTRAINT referral_links_value_after_signup
          CHECK (first_value_at IS NULL OR signed_up_at IS NOT NULL)
      );
      CREATE INDEX referral_links_referrer_idx ON referral_links (referrer_id, sent_at);
      -- An invitee signs up through one invite at most.
      CREATE UNIQUE INDEX referral_links_invitee_idx ON referral_links (invitee_id)
        WHERE invitee_id IS NOT NULL;
      CREATE INDEX referral_links_sent_idx ON referral_links (sent_at);

      CREATE TABLE growth_subjects (
        subject_id varchar(128) PRIMARY KEY,
        signed_up_at timestamptz NOT NULL,
        referred_by varchar(128),
        referral_link_id bigint REFERENCES referral_links (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX growth_subjects_signed_up_idx ON growth_subjects (signed_up_at);

      CREATE TABLE referral_daily (
        day date NOT NULL,
        source_loop varchar(64) NOT NULL,
        invites integer NOT NULL DEFAULT 0,
        clicked integer NOT NULL DEFAULT 0,
        clicks_missing integer NOT NULL DEFAULT 0,
        signed_up integer NOT NULL DEFAULT 0,
        first_value integer NOT NULL DEFAULT 0,
        cycle_seconds double precision NOT NULL DEFAULT 0,
        signups integer NOT NULL DEFAULT 0,
        PRIMARY KEY (day, source_loop)
      );
      CREATE TABLE referral_cycle_hours (
        day date NOT NULL,
        source_loop varchar(64) NOT NULL,
        hours integer NOT NULL,
        links integer NOT NULL DEFAULT 0,
        PRIMARY KEY (day, source_loop, hours)
      );
      CREATE TABLE referral_referrer_days (
        referrer_id varchar(128) NOT NULL,
        source_loop varchar(64) NOT NULL,
        day date NOT NULL,
        invites integer NOT NULL DEFAULT 0,
        conversions integer NOT NULL DEFAULT 0,
        PRIMARY KEY (referrer_id, source_loop, day)
      );
      CREATE INDEX referral_referrer_days_day_idx ON referral_referrer_days (day);
      CREATE TABLE referral_referrers (
        scope varchar(64) NOT NULL,
        referrer_id varchar(128) NOT NULL,
        invites integer NOT NULL DEFAULT 0,
        conversions integer NOT NULL DEFAULT 0,
        PRIMARY KEY (scope, referrer_id)
      );
      CREATE INDEX referral_referrers_rank_idx
        ON referral_referrers (scope, conversions, invites, referrer_id);
      CREATE TABLE referral_active_spans (
        scope varchar(64) NOT NULL,
        day date NOT NULL,
        prev_day date NOT NULL,
        referrers integer NOT NULL DEFAULT 0,
        PRIMARY KEY (scope, day, prev_day)
      );
      CREATE TABLE growth_cohort_days (
        day date NOT NULL,
        scope varchar(64) NOT NULL,
        subjects integer NOT NULL DEFAULT 0,
        invites integer NOT NULL DEFAULT 0,
        conversions integer NOT NULL DEFAULT 0,
        PRIMARY KEY (scope, day)
      );
    `)
    this.schema.raw(FUNCTIONS)
    this.schema.raw(`
      CREATE TRIGGER referral_links_rollups
        AFTER INSERT OR UPDATE ON referral_links
        FOR EACH ROW EXECUTE FUNCTION referral_links_track();
      CREATE TRIGGER growth_subjects_rollups
        AFTER INSERT OR UPDATE OR DELETE ON growth_subjects
        FOR EACH ROW EXECUTE FUNCTION growth_subjects_track();
    `)
  }

  async down() {
    this.schema.raw(`
      DROP FUNCTION IF EXISTS referral_links_track(), growth_subjects_track(),
        referral_link_apply(referral_links, integer), referral_span_add(text, text, date),
        growth_subject_apply(text, timestamptz, integer), growth_rollups_rebuild() CASCADE;
      DROP TABLE IF EXISTS growth_cohort_days, referral_active_spans, referral_referrers,
        referral_referrer_days,
        referral_cycle_hours, referral_daily, growth_subjects, referral_links;
    `)
  }
}

const FUNCTIONS = `
-- Adds (sign = 1) or removes (sign = -1) one link's contribution to the funnel rollups.
-- An update is applied as "remove the old row, add the new one".
CREATE OR REPLACE FUNCTION referral_link_apply(l referral_links, sign integer)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  sent date := (l.sent_at AT TIME ZONE 'UTC')::date;
  converted integer := (l.signed_up_at IS NOT NULL)::integer;
  cycle double precision := extract(epoch FROM l.signed_up_at - l.sent_at);
  cohort date;
BEGIN
  INSERT INTO referral_daily AS r
    (day, source_loop, invites, clicked, clicks_missing, signed_up, first_value, cycle_seconds)
  VALUES (sent, l.source_loop, sign,
          sign * (l.clicked_at IS NOT NULL OR l.signed_up_at IS NOT NULL)::integer,
          sign * (l.clicked_at IS NULL AND l.signed_up_at IS NOT NULL)::integer,
          sign * converted, sign * (l.first_value_at IS NOT NULL)::integer,
          sign * coalesce(cycle, 0))
  ON CONFLICT (day, source_loop) DO UPDATE SET
    invites = r.invites + EXCLUDED.invites, clicked = r.clicked + EXCLUDED.clicked,
    clicks_missing = r.clicks_missing + EXCLUDED.clicks_missing,
    signed_up = r.signed_up + EXCLUDED.signed_up,
    first_value = r.first_value + EXCLUDED.first_value,
    cycle_seconds = r.cycle_seconds + EXCLUDED.cycle_seconds;

  IF converted = 1 THEN
    INSERT INTO referral_daily AS r (day, source_loop, signups)
    VALUES ((l.signed_up_at AT TIME ZONE 'UTC')::date, l.source_loop, sign)
    ON CONFLICT (day, source_loop) DO UPDATE SET signups = r.signups + EXCLUDED.signups;
    INSERT INTO referral_cycle_hours AS r (day, source_loop, hours, links)
    VALUES (sent, l.source_loop, floor(cycle / 3600)::integer, sign)
    ON CONFLICT (day, source_loop, hours) DO UPDATE SET links = r.links + EXCLUDED.links;
  END IF;

  INSERT INTO referral_referrer_days AS r (referrer_id, source_loop, day, invites, conversions)
  VALUES (l.referrer_id, l.source_loop, sent, sign, sign * converted)
  ON CONFLICT (referrer_id, source_loop, day) DO UPDATE SET
    invites = r.invites + EXCLUDED.invites, conversions = r.conversions + EXCLUDED.conversions;

  INSERT INTO referral_referrers AS r (scope, referrer_id, invites, conversions)
  VALUES (l.source_loop, l.referrer_id, sign, sign * converted), ('*', l.referrer_id, sign, sign * converted)
  ON CONFLICT (scope, referrer_id) DO UPDATE SET
    invites = r.invites + EXCLUDED.invites, conversions = r.conversions + EXCLUDED.conversions;

  SELECT (signed_up_at AT TIME ZONE 'UTC')::date INTO cohort
    FROM growth_subjects WHERE subject_id = l.referrer_id;
  IF cohort IS NOT NULL THEN
    INSERT INTO growth_cohort_days AS r (day, scope, invites, conversions)
    VALUES (cohort, l.source_loop, sign, sign * converted), (cohort, '*', sign, sign * converted)
    ON CONFLICT (scope, day) DO UPDATE SET
      invites = r.invites + EXCLUDED.invites, conversions = r.conversions + EXCLUDED.conversions;
  END IF;
END $$;

-- A referrer's first invite of a day (in a scope): count the day under its previous active
-- day, and re-link the next active day, if any, to this one. Runs before the link is
-- added to referral_referrer_days.
CREATE OR REPLACE FUNCTION referral_span_add(referrer text, scope_loop text, sent date)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  prev date;
  next date;
BEGIN
  IF EXISTS (SELECT 1 FROM referral_referrer_days
              WHERE referrer_id = referrer AND day = sent AND invites > 0
                AND (scope_loop = '*' OR source_loop = scope_loop)) THEN
    RETURN;
  END IF;
  SELECT max(day) INTO prev FROM referral_referrer_days
   WHERE referrer_id = referrer AND day < sent AND invites > 0
     AND (scope_loop = '*' OR source_loop = scope_loop);
  SELECT min(day) INTO next FROM referral_referrer_days
   WHERE referrer_id = referrer AND day > sent AND invites > 0
     AND (scope_loop = '*' OR source_loop = scope_loop);
  prev := coalesce(prev, '-infinity'::date);
  INSERT INTO referral_active_spans AS s (scope, day, prev_day, referrers)
  VALUES (scope_loop, sent, prev, 1)
  ON CONFLICT (scope, day, prev_day) DO UPDATE SET referrers = s.referrers + 1;
  IF next IS NOT NULL THEN
    UPDATE referral_active_spans SET referrers = referrers - 1
     WHERE scope = scope_loop AND day = next AND prev_day = prev;
    INSERT INTO referral_active_spans AS s (scope, day, prev_day, referrers)
    VALUES (scope_loop, next, sent, 1)
    ON CONFLICT (scope, day, prev_day) DO UPDATE SET referrers = s.referrers + 1;
  END IF;
END $$;

CREATE OR REPLACE FUNCTION referral_links_track() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM referral_span_add(NEW.referrer_id, NEW.source_loop, (NEW.sent_at AT TIME ZONE 'UTC')::date);
    PERFORM referral_span_add(NEW.referrer_id, '*', (NEW.sent_at AT TIME ZONE 'UTC')::date);
    PERFORM referral_link_apply(NEW, 1);
    RETURN NULL;
  END IF;
  -- Who sent which invite, from which loop and when never changes: the spans rely on it.
  IF NEW.referrer_id <> OLD.referrer_id OR NEW.source_loop <> OLD.source_loop
     OR NEW.sent_at <> OLD.sent_at THEN
    RAISE EXCEPTION 'referral_links: referrer_id, source_loop and sent_at are immutable';
  END IF;
  IF NEW.clicked_at IS DISTINCT FROM OLD.clicked_at
     OR NEW.signed_up_at IS DISTINCT FROM OLD.signed_up_at
     OR NEW.first_value_at IS DISTINCT FROM OLD.first_value_at THEN
    PERFORM referral_link_apply(OLD, -1);
    PERFORM referral_link_apply(NEW, 1);
  END IF;
  RETURN NULL;
END $$;

-- A subject's cohort (sign-up day) gets (sign = 1) or loses (-1) the subject and every
-- invite they sent so far.
CREATE OR REPLACE FUNCTION growth_subject_apply(subject text, signed_up timestamptz, sign integer)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO growth_cohort_days AS r (day, scope, subjects, invites, conversions)
  SELECT (signed_up AT TIME ZONE 'UTC')::date, scope, subjects, sign * invites, sign * conversions
    FROM (SELECT '*'::varchar AS scope, sign AS subjects, coalesce(sum(invites), 0) AS invites,
                 coalesce(sum(conversions), 0) AS conversions
            FROM referral_referrer_days WHERE referrer_id = subject
          UNION ALL
          SELECT source_loop, 0, sum(invites), sum(conversions)
            FROM referral_referrer_days WHERE referrer_id = subject GROUP BY source_loop) AS t
  ON CONFLICT (scope, day) DO UPDATE SET
    subjects = r.subjects + EXCLUDED.subjects, invites = r.invites + EXCLUDED.invites,
    conversions = r.conversions + EXCLUDED.conversions;
END $$;

CREATE OR REPLACE FUNCTION growth_subjects_track() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    IF TG_OP = 'UPDATE' AND NEW.signed_up_at = OLD.signed_up_at THEN
      RETURN NULL;
    END IF;
    PERFORM growth_subject_apply(OLD.subject_id, OLD.signed_up_at, -1);
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN
    PERFORM growth_subject_apply(NEW.subject_id, NEW.signed_up_at, 1);
  END IF;
  RETURN NULL;
END $$;

-- Recomputes every rollup from the links and subjects (after bulk loads with triggers off,
-- or to check the incremental upkeep).
CREATE OR REPLACE FUNCTION growth_rollups_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE referral_daily, referral_cycle_hours, referral_referrer_days, referral_referrers,
           referral_active_spans, growth_cohort_days;

  INSERT INTO referral_daily (day, source_loop, invites, clicked, clicks_missing, signed_up,
                              first_value, cycle_seconds, signups)
  SELECT day, source_loop, sum(invites), sum(clicked), sum(clicks_missing), sum(signed_up),
         sum(first_value), sum(cycle_seconds), sum(signups)
    FROM (SELECT (sent_at AT TIME ZONE 'UTC')::date AS day, source_loop, 1 AS invites,
                 (clicked_at IS NOT NULL OR signed_up_at IS NOT NULL)::integer AS clicked,
                 (clicked_at IS NULL AND signed_up_at IS NOT NULL)::integer AS clicks_missing,
                 (signed_up_at IS NOT NULL)::integer AS signed_up,
                 (first_value_at IS NOT NULL)::integer AS first_value,
                 coalesce(extract(epoch FROM signed_up_at - sent_at), 0) AS cycle_seconds,
                 0 AS signups
            FROM referral_links
          UNION ALL
          SELECT (signed_up_at AT TIME ZONE 'UTC')::date, source_loop, 0, 0, 0, 0, 0, 0, 1
            FROM referral_links WHERE signed_up_at IS NOT NULL) AS t
   GROUP BY day, source_loop;

  INSERT INTO referral_cycle_hours (day, source_loop, hours, links)
  SELECT (sent_at AT TIME ZONE 'UTC')::date, source_loop,
         floor(extract(epoch FROM signed_up_at - sent_at) / 3600)::integer, count(*)
    FROM referral_links WHERE signed_up_at IS NOT NULL GROUP BY 1, 2, 3;

  INSERT INTO referral_referrer_days (referrer_id, source_loop, day, invites, conversions)
  SELECT referrer_id, source_loop, (sent_at AT TIME ZONE 'UTC')::date, count(*),
         count(signed_up_at)
    FROM referral_links GROUP BY 1, 2, 3;

  INSERT INTO referral_referrers (scope, referrer_id, invites, conversions)
  SELECT coalesce(source_loop, '*'), referrer_id, sum(invites), sum(conversions)
    FROM referral_referrer_days GROUP BY referrer_id, ROLLUP (source_loop);

  INSERT INTO referral_active_spans (scope, day, prev_day, referrers)
  SELECT scope, day, coalesce(prev_day, '-infinity'::date), count(*)
    FROM (SELECT scope, day, lag(day) OVER (PARTITION BY scope, referrer_id ORDER BY day) AS prev_day
            FROM (SELECT DISTINCT source_loop AS scope, referrer_id, day FROM referral_referrer_days
                  UNION
                  SELECT DISTINCT '*', referrer_id, day FROM referral_referrer_days) AS active) AS spans
   GROUP BY 1, 2, 3;

  INSERT INTO growth_cohort_days (day, scope, subjects, invites, conversions)
  SELECT day, scope, sum(subjects), sum(invites), sum(conversions)
    FROM (SELECT (signed_up_at AT TIME ZONE 'UTC')::date AS day, '*'::varchar AS scope,
                 1 AS subjects, 0::bigint AS invites, 0::bigint AS conversions
            FROM growth_subjects
          UNION ALL
          SELECT (s.signed_up_at AT TIME ZONE 'UTC')::date, coalesce(d.source_loop, '*'), 0,
                 sum(d.invites), sum(d.conversions)
            FROM growth_subjects s JOIN referral_referrer_days d ON d.referrer_id = s.subject_id
           GROUP BY s.subject_id, s.signed_up_at, ROLLUP (d.source_loop)) AS t
   GROUP BY day, scope;
END $$;
`
