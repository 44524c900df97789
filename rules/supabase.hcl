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
  summary  = "Supabase project: its Postgres database, storage and auth users. No deletion protection exists; its backups are deleted with it."
}

resource "supabase_branch" {
  category = "database"
  summary  = "Supabase preview branch: a separate Postgres database."
}

# --- recovery facts: what survives a delete (recovery verdicts lost / kept / unknown) ---------

store "supabase_project" {
  summary = "Deleting a project permanently removes its database, storage objects and every backup, point-in-time recovery included; Supabase cannot recover it."
  source  = "https://supabase.com/docs/guides/platform/delete-project"
  deletes "everything-with-its-backups" {
    says   = "Supabase deletes the project's database, storage objects and all its backups (automated and point-in-time recovery), and cannot recover a deleted project"
    source = "https://supabase.com/docs/guides/platform/delete-project (checked 2026-11)"
  }
}
