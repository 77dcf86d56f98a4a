"""The worker pool: input order, and a worker that dies does not hang or lose the run."""

from __future__ import annotations

import os

import pytest

from pfocr_genes.cli import batch
from pfocr_genes.cli.batch import Item, Options, run
from tests.conftest import EXAMPLE

_real_task = batch._task


def dying_task(items, opts=None):
    """Kills its worker process on the record labelled 'die' (like an OOM kill)."""
    if any(it.label == "die" for it in items):
        os._exit(1)
    return _real_task(items, opts)


def items(n: int, die_at: int | None = None) -> list[Item]:
    out = [Item(f"r{i}", record={"figid": f"r{i}", "keywords": ["TP53", "NET", f"GENE{i}"]}) for i in range(n)]
    if die_at is not None:
        out[die_at] = Item("die", record={"figid": "die", "keywords": ["TP53"]})
    return out


def test_pool_keeps_input_order():
    outs = list(run(items(40), Options(format="jsonl"), workers=2))
    assert [o.label for o in outs] == [f"r{i}" for i in range(40)]
    assert all(o.error is None and o.text for o in outs)


@pytest.mark.skipif(os.name != "posix", reason="relies on fork to pass the patched task")
def test_a_dying_worker_is_reported_not_waited_for(monkeypatch):
    monkeypatch.setattr(batch, "_task", dying_task)
    monkeypatch.setattr(batch, "CHUNK", 4)
    outs = list(run(items(30, die_at=13), Options(format="tsv"), workers=2))
    assert [o.label for o in outs if o.error is None] == [f"r{i}" for i in range(30) if not 12 <= i < 16]
    failed = [o for o in outs if o.error is not None]
    assert "die" in {o.label for o in failed} and all("worker process died" in o.error for o in failed)
    assert len(failed) == 4  # only the chunk of the record that killed its worker


def test_file_items_use_the_hits_table_beside_them(tmp_path):
    (out,) = run([Item(str(EXAMPLE), path=str(EXAMPLE))], Options(format="jsonl"), workers=1)
    assert '"hits_used": true' in out.text
    (out,) = run([Item(str(EXAMPLE), path=str(EXAMPLE))], Options(format="jsonl", hits=False), workers=1)
    assert '"hits_used": false' in out.text
