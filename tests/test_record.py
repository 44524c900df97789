"""`tfguard.record.record` behaves as `dataclass(frozen=True, slots=True)` does, at a lower cost
(issue 19): every behaviour below is asserted against a twin made with `dataclass`."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from dataclasses import dataclass, field
from typing import Any

import pytest

from tfguard import model
from tfguard.record import record


@record
class Made:
    """A record."""

    name: str
    count: int = 0
    tags: dict[str, str] = field(default_factory=dict, hash=False)
    hidden: Any = field(default=None, repr=False, compare=False)
    label: str = field(default="x", kw_only=True)


@dataclass(frozen=True, slots=True)
class Twin:
    """A record."""

    name: str
    count: int = 0
    tags: dict[str, str] = field(default_factory=dict, hash=False)
    hidden: Any = field(default=None, repr=False, compare=False)
    label: str = field(default="x", kw_only=True)


@record
class One:
    value: int


def both(*args: Any, **kwargs: Any) -> tuple[Any, Any]:
    return Made(*args, **kwargs), Twin(*args, **kwargs)


def test_construction_defaults_and_factories_match_dataclass() -> None:
    cases: list[tuple[tuple[Any, ...], dict[str, Any]]] = [
        (("a",), {}),
        (("a", 2), {"label": "y"}),
        ((), {"name": "b", "count": 3}),
    ]
    for args, kwargs in cases:
        made, twin = both(*args, **kwargs)
        assert dataclasses.astuple(made) == dataclasses.astuple(twin)
    first, second = Made("a"), Made("a")
    assert first.tags == {} and first.tags is not second.tags  # a fresh dict each time
    with pytest.raises(TypeError):
        Made()  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Made("a", 1, {}, None, "positional")  # type: ignore[call-arg]  # label is keyword-only
    with pytest.raises(TypeError):
        Made("a", nope=1)  # type: ignore[call-arg]


def test_equality_hash_and_repr_match_dataclass() -> None:
    made, twin = both("a", 2, hidden=object())
    assert made == Made("a", 2, hidden="different")  # `compare=False` fields are left out
    assert hash(made) == hash(Made("a", 2, {"other": "tags"}, hidden=[])) == hash(twin)
    assert made != Made("a", 3)
    assert made != twin  # another class never compares equal, as with dataclass
    assert repr(made).replace("Made", "Twin") == repr(twin)
    assert "hidden" not in repr(made)
    assert One(1) == One(1) and One(1) != One(2) and hash(One(1)) == hash((1,))
    assert {One(1), One(1), One(2)} == {One(1), One(2)}


def test_frozen_and_slotted() -> None:
    made = Made("a")
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.name = "b"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del made.name
    assert not hasattr(made, "__dict__")
    assert vars(Made)["__slots__"] == vars(Twin)["__slots__"]


def test_dataclass_functions_work() -> None:
    made = Made("a", 2, {"k": "v"}, label="z")
    assert dataclasses.is_dataclass(made)
    assert [f.name for f in dataclasses.fields(made)] == [f.name for f in dataclasses.fields(Twin)]
    changed = dataclasses.replace(made, count=5)
    assert changed == Made("a", 5, {"k": "v"}, label="z") and made.count == 2
    assert dataclasses.asdict(made) == dataclasses.asdict(Twin("a", 2, {"k": "v"}, label="z"))
    assert Made.__match_args__ == Twin.__match_args__


def test_pickle_and_copy_round_trip() -> None:
    made = Made("a", 2, {"k": "v"}, hidden=None)
    assert pickle.loads(pickle.dumps(made)) == made
    assert copy.deepcopy(made) == made and copy.copy(made) == made


def test_documentation() -> None:
    assert Made.__doc__ == "A record."
    assert One.__doc__ == "One(value)"


def test_what_record_refuses() -> None:
    class WithPostInit:
        value: int

        def __post_init__(self) -> None:
            pass

    with pytest.raises(TypeError, match="__post_init__"):
        record(WithPostInit)

    class OwnEquality:
        value: int

        def __eq__(self, other: object) -> bool:
            return True

    with pytest.raises(TypeError, match="__eq__"):
        record(OwnEquality)

    class NotInit:
        value: int = field(default=0, init=False)

    with pytest.raises(TypeError, match="init=False"):
        record(NotInit)


def test_the_model_is_made_of_records() -> None:
    """Every dataclass of the model is a record (the cost issue 19 measured is in them)."""
    made = [
        value
        for value in vars(model).values()
        if isinstance(value, type) and dataclasses.is_dataclass(value)
    ]
    assert len(made) > 20
    for cls in made:
        assert cls.__setattr__ is Made.__setattr__, cls.__name__
