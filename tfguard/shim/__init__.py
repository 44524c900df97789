"""The agent shim: `terraform` and `tofu` executables that put tfguard's gate in front of the
real binary.

`tfguard shim install DIR` writes DIR/terraform and DIR/tofu. With DIR first on PATH, whoever
types `terraform` (an AI coding agent, a script, a tired human) gets:

* `apply` and `destroy`, with or without `-auto-approve`, a saved plan or `-chdir=`: through
  `tfguard apply` / `tfguard destroy` / `tfguard apply --plan-file`, reaching terraform only
  when the gate passes;
* state surgery that can orphan or drop real infrastructure (`state rm`, `state push`,
  `workspace delete`, `force-unlock`): refused, with the full path of the real binary for a
  human who means it;
* everything else: exec'd on the real binary with the same arguments, so stdin, stdout,
  stderr and the exit code are terraform's own.

The real binary is the next `terraform` (`tofu`) on PATH that is neither in DIR nor another
tfguard shim (no recursion). A shim is a guardrail against accidents, not a security boundary:
calling the real binary by its full path walks around it.

The package: `route` decides (pure); `install` writes the scripts and finds the real binary;
`__main__` is what the scripts run (`python -I -m tfguard.shim NAME DIR [--audit-log FILE] --
ARGS...`). It imports little, so a pass-through costs one interpreter start; it imports
`tfguard.cli` only to gate, and nothing imports it, so `cli` and `shim` never import each other.
"""
