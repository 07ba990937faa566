"""The benchmark report: a Markdown table and the same figures as JSON."""

import json
import platform
from pathlib import Path
from typing import Any

from .measure import Result


def fmt(value: float | None, unit: str) -> str:
    if value is None:
        return ""
    if unit == "ms":
        return f"{value:.2f} ms"
    return f"{value:,.0f} {unit}"


def markdown(results: list[Result], machine: dict[str, Any], data: dict[str, Any]) -> str:
    lines = [
        f"Measured {machine['when']} on {machine['description']}.",
        f"Data: {', '.join(f'{n:,} {k}' for k, n in data.items())}.",
        "",
        "| operation | median (p95) | floor | floor median (p95) | ratio | target | met |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in results:
        p95 = f" ({fmt(r.p95, r.unit)})" if r.p95 is not None else ""
        floor_p95 = f" ({fmt(r.floor_p95, r.unit)})" if r.floor_p95 is not None else ""
        lines.append(
            f"| {r.name} | {fmt(r.value, r.unit)}{p95} | {r.floor_name} | "
            f"{fmt(r.floor, r.unit)}{floor_p95} | {r.ratio:.2f} | {r.target} | "
            f"{'n/a' if r.met is None else 'yes' if r.met else '**no**'} |"
        )
    notes = [f"- {r.name}: {note}" for r in results for note in r.notes]
    if notes:
        lines += ["", *notes]
    return "\n".join(lines) + "\n"


def write(
    folder: Path, results: list[Result], machine: dict[str, Any], data: dict[str, Any]
) -> tuple[Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    stamp = machine["when"].replace(":", "").replace("-", "").replace(" ", "T")
    md, js = folder / f"bench-{stamp}.md", folder / f"bench-{stamp}.json"
    md.write_text(markdown(results, machine, data))
    js.write_text(
        json.dumps(
            {"machine": machine, "data": data, "results": [r.as_dict() for r in results]},
            indent=2,
        )
        + "\n"
    )
    (folder / "latest.md").write_text(md.read_text())
    (folder / "latest.json").write_text(js.read_text())
    return md, js


def machine_facts(database: str) -> dict[str, Any]:
    import datetime
    import os

    cpu = "unknown processor"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kb / 1024 / 1024:.0f} GiB memory"
    except (OSError, ValueError, IndexError):
        pass
    cores = os.cpu_count() or 1
    return {
        "when": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "description": (
            f"{cores} cores ({cpu}){memory}, {platform.system()} {platform.machine()}, "
            f"Python {platform.python_version()}, {database}"
        ),
        "cores": cores,
        "database": database,
    }
