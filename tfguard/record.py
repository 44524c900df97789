"""`record`: a frozen, slotted dataclass that is cheap to define and cheap to build.

`@record` gives what `@dataclass(frozen=True, slots=True)` gives: the same fields and defaults
(`field(default=..., default_factory=..., repr=..., compare=...)`), `dataclasses.fields` /
`replace`, equality, hashing, `repr`, pickling and `FrozenInstanceError`; the type checker is
told so through `dataclass_transform`. tests/test_record.py holds it to that, against a twin
made with `dataclass`.
Two costs differ, and they are why this module exists (issue 19, measured on Python 3.11):

- Defining a class: `dataclass` compiles six generated methods per class, about 1.7 ms each
  class and ~45 ms for `tfguard.model` at every start of the CLI. Here only `__init__` is
  generated; equality, hashing and `repr` are shared functions driven by the field names.
- Building an instance: a frozen dataclass's `__init__` stores each field through
  `object.__setattr__` (a `Change` with 18 fields: ~3.3 µs); this one stores through the
  slots' own descriptors (~1.5 µs), and plans build one `Change` per resource change.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from operator import attrgetter
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:  # (typing has it from Python 3.11; the type checker knows it either way)
    from typing_extensions import dataclass_transform
else:

    def dataclass_transform(**_: Any) -> Callable[[Any], Any]:
        return lambda decorator: decorator


T = TypeVar("T", bound=type)

_MISSING = dataclasses.MISSING


_GENERATED = frozenset(
    {"__init__", "__eq__", "__hash__", "__repr__", "__setattr__", "__delattr__", "__getstate__"}
)


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field, dataclasses.Field))
def record(cls: T) -> T:
    """The class, made a frozen, slotted dataclass (see the module's docstring)."""
    own = sorted(_GENERATED & vars(cls).keys())
    if own:  # dataclass would keep them; record would silently replace them
        raise TypeError(f"{cls.__name__}: a record defines no {', '.join(own)} of its own")
    undocumented = not cls.__doc__
    if undocumented:  # or dataclass asks `inspect` for a signature, which tokenizes one
        cls.__doc__ = cls.__name__
    # `dataclass` only collects the fields and makes the slots here: it generates no method
    built: Any = dataclasses.dataclass(slots=True, init=False, repr=False, eq=False)(cls)
    fields = dataclasses.fields(built)
    built.__dataclass_params__.frozen = True  # what `dataclasses.replace` and readers consult
    built.__setattr__ = _frozen
    built.__delattr__ = _frozen
    built.__getstate__ = _getstate
    built.__setstate__ = _setstate
    built.__init__ = _init(built, fields)
    if undocumented:
        built.__doc__ = f"{cls.__name__}({', '.join(f.name for f in fields)})"
    compared = tuple(f.name for f in fields if f.compare)
    key = _key(compared)
    built.__eq__ = _eq(key)
    hashed = tuple(f.name for f in fields if (f.compare if f.hash is None else f.hash))
    built.__hash__ = _hash(key if hashed == compared else _key(hashed))
    built.__repr__ = _repr(tuple(f.name for f in fields if f.repr))
    return built  # type: ignore[no-any-return]


def _init(cls: Any, fields: tuple[dataclasses.Field[Any], ...]) -> Callable[..., None]:
    """`__init__(self, <fields in order, defaults as declared>)`, storing through the slots."""
    if hasattr(cls, "__post_init__") or not all(f.init for f in fields):
        raise TypeError(f"{cls.__name__}: record has no __post_init__ and no field(init=False)")
    names: dict[str, Any] = {"_MISSING": _MISSING}
    params: list[str] = []
    keywords: list[str] = ["*"]
    body: list[str] = []
    for f in fields:
        given = keywords if f.kw_only else params
        setter = f"_set_{f.name}"
        names[setter] = getattr(cls, f.name).__set__
        if f.default_factory is not _MISSING:
            names[f"_factory_{f.name}"] = f.default_factory
            given.append(f"{f.name}=_MISSING")
            body.append(
                f"  {setter}(self, _factory_{f.name}() if {f.name} is _MISSING else {f.name})"
            )
            continue
        if f.default is not _MISSING:
            names[f"_default_{f.name}"] = f.default
            given.append(f"{f.name}=_default_{f.name}")
        else:
            given.append(f.name)
        body.append(f"  {setter}(self, {f.name})")
    if len(keywords) > 1:
        params += keywords
    source = f"def __init__(self, {', '.join(params)}):\n" + ("\n".join(body) or "  pass") + "\n"
    exec(source, names)  # generated from the field names, as dataclasses does
    init: Callable[..., None] = names["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    return init


def _key(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """The tuple of these fields' values (what dataclass compares and hashes)."""
    if len(names) == 1:  # attrgetter of one name gives the value itself
        one = attrgetter(names[0])
        return lambda self: (one(self),)
    if not names:
        return lambda _self: ()
    return attrgetter(*names)


def _frozen(self: Any, name: str, *_value: Any) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")


def _getstate(self: Any) -> list[Any]:
    return [getattr(self, f.name) for f in dataclasses.fields(self)]


def _setstate(self: Any, state: list[Any]) -> None:
    for f, value in zip(dataclasses.fields(self), state, strict=True):
        object.__setattr__(self, f.name, value)


def _eq(key: Callable[[Any], Any]) -> Callable[[Any, Any], Any]:
    def __eq__(self: Any, other: Any) -> Any:
        if other.__class__ is self.__class__:
            return key(self) == key(other)
        return NotImplemented

    return __eq__


def _hash(key: Callable[[Any], Any]) -> Callable[[Any], int]:
    def __hash__(self: Any) -> int:
        return hash(key(self))

    return __hash__


def _repr(names: tuple[str, ...]) -> Callable[[Any], str]:
    def __repr__(self: Any) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in names)
        return f"{self.__class__.__qualname__}({shown})"

    return __repr__
