# Heroku (heroku/heroku): add-ons, among them Heroku Postgres, Key-Value Store and Kafka. Facts and
# citations: taxonomy §3.5 and §5.4. Whether an add-on holds data depends on its plan
# ("heroku-postgresql:…"), which a rule cannot match by prefix, so every add-on is treated as a
# database: a delete or replace of any add-on needs an approval (fail closed).

pack {
  provider      = "heroku"
  summary       = "Heroku add-ons (Heroku Postgres and other data add-ons) and apps"
  type_prefixes = ["heroku_"]
}

# --- databases --------------------------------------------------------------------------------

resource "heroku_addon" {
  category = "database"
  summary  = "Heroku add-on. Data add-ons (plan heroku-postgresql:…, heroku-redis:…, heroku-kafka:…) lose their data when deleted, and changing app_id or config replaces them; tfguard cannot read the plan prefix, so every add-on is treated as one."
}

# --- dependencies -----------------------------------------------------------------------------

resource "heroku_app" {
  category = "dependency"
  summary  = "Heroku app. Deleting or replacing it (space, region and internal_routing are ForceNew) is believed to destroy its add-ons too, which is not confirmed."
}

# --- recovery facts: what survives a delete (recovery verdicts lost / kept / unknown) ---------

store "heroku_addon" {
  summary = "Heroku's documentation does not say whether a deleted Heroku Postgres add-on's backups (PGBackups, Continuous Protection) outlive it, and tfguard cannot tell a data add-on from its plan name: unknown."
  source  = "https://devcenter.heroku.com/articles/pgbackups"
  unknown "backups-after-delete" {
    says   = "Heroku documents PGBackups and Continuous Protection for Heroku Postgres, but not whether they outlive a destroyed add-on"
    source = "https://devcenter.heroku.com/articles/pgbackups (checked 2026-11: silent on deprovisioned databases)"
  }
}
