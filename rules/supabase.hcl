# Supabase (supabase/supabase): projects and branches. Facts and citations: taxonomy §3.5.
# Supabase resources have no protection attribute and no tags, so there is nothing to disarm:
# deletes and replaces are caught by the core rules.

pack {
  provider      = "supabase"
  summary       = "Supabase projects and branches"
  type_prefixes = ["supabase_"]
}

# --- databases --------------------------------------------------------------------------------

resource "supabase_project" {
  category = "database"
  summary  = "Supabase project: its Postgres database, storage and auth users. No deletion protection exists; whether its backups outlive it is not confirmed."
}

resource "supabase_branch" {
  category = "database"
  summary  = "Supabase preview branch: a separate Postgres database."
}
