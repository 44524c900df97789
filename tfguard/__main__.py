"""The `tfguard` command (and `python -m tfguard`)."""

import gc


def main() -> None:
    # The cyclic garbage collector is off for the whole process (see tfguard.cli.main) and
    # already during the imports: they create ~200 modules' objects and would trigger a dozen
    # collections that find nothing (~10% of the start-up).
    gc.disable()
    from tfguard.cli import main as run

    run()


if __name__ == "__main__":
    main()
